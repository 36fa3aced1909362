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
  'colormap=viridis&nx=1024&ny=1024&contours=10',
];

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
      const cells = [];
      for (let k = 0; k < 40; k++) cells.push([(k * 37) % h.nx, (k * 23) % h.ny]);
      cells.push([h.nx - 1, h.ny - 1], [h.nx - 1, 0], [0, h.ny - 1], [0, 0], [h.nx >> 1, h.ny >> 1]);
      const out = { mismatches: [], checked: 0, errors: h.errors, gpu: h.gpu };
      for (const id of h.gpu ? ['heatmap-gpu', 'heatmap-cpu'] : ['heatmap-cpu']) {
        const r = document.getElementById(id).getBoundingClientRect();
        for (const [i, j] of cells) {
          const x = Math.floor((r.left + ((i + 0.5) / h.nx) * r.width) * scale);
          const y = Math.floor((r.top + (1 - (j + 0.5) / h.ny) * r.height) * scale);
          const px = ctx.getImageData(x, y, 1, 1).data;
          const want = h.expected(i, j);
          const diff = Math.max(...[0, 1, 2].map((q) => Math.abs(px[q] - want[q])));
          out.checked++;
          if (diff > 0) out.mismatches.push({ id, i, j, got: [...px.slice(0, 3)], want: [...want], diff });
        }
      }
      return out;
    }, shot.toString('base64'));
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
