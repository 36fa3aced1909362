// Drives render-harness.html in headless Chromium (SwiftShader WebGPU):
// screenshots each variant and checks heatmap pixels at known cells against
// colormapRgb, for both backends. Run from apps/web:
//   node src/render/dev/render-check.mjs [outDir] [dpr]
import { chromium } from '@playwright/test';
import { createServer } from 'vite';

const outDir = process.argv[2] ?? '/tmp/render-shots';
const dpr = Number(process.argv[3] ?? 1);
const variants = [
  'colormap=viridis',
  'colormap=magma&scale=log&contours=8',
  'colormap=coolwarm&contours=5&wireframe=1',
  'colormap=viridis&wireframe=1&yaw=0.6&pitch=0.9',
  'colormap=viridis&nx=1024&ny=1024&bench=1',
  'colormap=magma&nx=300&ny=200&scale=log',
];

// ONLY=<substring> runs just the variants containing it.
const only = process.env.ONLY;
if (only) variants.splice(0, variants.length, ...variants.filter((v) => v.includes(only)));

const server = await createServer({ server: { port: 5199, strictPort: true }, logLevel: 'error' });
await server.listen();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--enable-unsafe-webgpu',
    '--enable-features=Vulkan',
    '--use-vulkan=swiftshader',
    '--use-angle=swiftshader',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--force-color-profile=srgb',
  ],
});
let failures = 0;
try {
  const page = await browser.newPage({ viewport: { width: 840, height: 720 }, deviceScaleFactor: dpr });
  page.on('console', (m) => console.log(`  [console.${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => console.log(`  [pageerror] ${e.message}`));
  for (const [n, variant] of variants.entries()) {
    await page.goto(`http://localhost:5199/src/render/dev/render-harness.html?${variant}`);
    await page.waitForSelector('body[data-ready]', { timeout: 120_000 });
    await page.waitForTimeout(500);
    if (n === 0) {
      // Orbit the WebGPU surface with a mouse drag and the keyboard; onCameraChange must fire.
      const box = await page.locator('#surface-gpu').boundingBox();
      await page.mouse.move(box.x + 200, box.y + 150);
      await page.mouse.down();
      await page.mouse.move(box.x + 260, box.y + 170, { steps: 4 });
      await page.mouse.up();
      await page.locator('#surface-gpu').focus();
      await page.keyboard.press('Minus');
      await page.waitForTimeout(300);
      const log = await page.locator('#log').textContent();
      const moves = (log.match(/camera /g) ?? []).length;
      console.log(`  surface input: ${moves} camera changes`);
      if (moves < 2) failures++;
    }
    const shot = await page.screenshot({ path: `${outDir}/variant-${n}.png` });
    const result = await page.evaluate(async (png) => {
      const h = window.harness;
      const blob = await (await fetch(`data:image/png;base64,${png}`)).blob();
      const bmp = await createImageBitmap(blob);
      const c = document.createElement('canvas');
      c.width = bmp.width;
      c.height = bmp.height;
      const ctx = c.getContext('2d');
      ctx.drawImage(bmp, 0, 0);
      const scale = bmp.width / document.documentElement.clientWidth;
      // Sample device pixels across each heatmap and ask which cell the renderer
      // draws there (pixel centre → cell, as in cellAt), then compare colours.
      const out = { mismatches: [], checked: 0, errors: h.errors, gpu: h.gpu };
      for (const id of h.gpu ? ['heatmap-gpu', 'heatmap-cpu'] : ['heatmap-cpu']) {
        const r = document.getElementById(id).getBoundingClientRect();
        const [left, top] = [Math.round(r.left * scale), Math.round(r.top * scale)];
        const [w, hgt] = [Math.round(r.width * scale), Math.round(r.height * scale)];
        for (let k = 0; k < 60; k++) {
          const x = (k * 97) % w;
          const y = (k * 61 + (k === 1 ? hgt - 62 : 0)) % hgt;
          const gx = ((x + 0.5) / w) * h.nx;
          const gy = (1 - (y + 0.5) / hgt) * h.ny;
          // A pixel centre exactly on a cell edge may go either way (f32 vs f64).
          const edge = (g) => Math.abs(g - Math.round(g)) < 1e-6;
          if (edge(gx) || edge(gy)) continue;
          const i = Math.min(h.nx - 1, Math.floor(gx));
          const j = Math.min(h.ny - 1, Math.floor(gy));
          const px = ctx.getImageData(left + x, top + y, 1, 1).data;
          const want = h.expected(i, j);
          const diff = Math.max(...[0, 1, 2].map((q) => Math.abs(px[q] - want[q])));
          out.checked++;
          if (diff > 0)
            out.mismatches.push({ id, x, y, i, j, got: [...px.slice(0, 3)], want: [...want], diff });
        }
        // The three marked corner cells, where a cell is at least a pixel wide.
        if (h.nx > w || h.ny > hgt) continue;
        for (const [i, j] of [
          [h.nx - 1, h.ny - 1],
          [h.nx - 1, 0],
          [0, h.ny - 1],
        ]) {
          const x = Math.floor(((i + 0.5) / h.nx) * w);
          const y = Math.floor((1 - (j + 0.5) / h.ny) * hgt);
          const px = ctx.getImageData(left + x, top + y, 1, 1).data;
          const want = h.expected(i, j);
          out.checked++;
          if (want.some((c, q) => c !== px[q]))
            out.mismatches.push({ id, i, j, got: [...px.slice(0, 3)], want });
        }
      }
      return out;
    }, shot.toString('base64'));
    if (variant.includes('bench')) console.log(await page.locator('#log').textContent());
    const contours = variant.includes('contours');
    console.log(
      `${variant}: gpu=${result.gpu} checked ${result.checked}, mismatches ${result.mismatches.length}` +
        (contours ? ' (contours on: a few line pixels expected)' : ''),
    );
    for (const m of result.mismatches.slice(0, 6)) console.log('   ', JSON.stringify(m));
    for (const e of result.errors) console.log(`   GPU error: ${e}`);
    if (!contours && result.mismatches.length > 0) failures++;
    if (result.errors.length > 0) failures++;
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(failures === 0 ? 'render check: ok' : `render check: ${failures} variant(s) failed`);
process.exit(failures === 0 ? 0 : 1);
