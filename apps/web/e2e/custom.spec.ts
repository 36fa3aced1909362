/**
 * "Your loss": catalog losses re-typed as formulas in the editor give, in
 * every view and on the project's compute path, the values and gradients of
 * the catalog loss (the same bits on the CPU; within the GPU's f32 tolerance
 * on SwiftShader); the editor shows its preview and its errors where they
 * are; links carry custom losses, and hostile ones fall back with a notice;
 * undefined points are counted and explained.
 */
import AxeBuilder from '@axe-core/playwright';
import { type CustomLossSpec, customLoss, evaluate, fitModel, gradient, losses } from '@losslab/core';
import type { Page, TestInfo } from '@playwright/test';
import { download, expect, expectedBackend, framesOf, test, waitForBackend, waitForFrame } from './helpers';

/** Huber as the catalog computes it, spelled out (so the parser builds the catalog's very tree). */
const HUBER_FORMULA = 'if(abs(r) <= delta, r*(0.5*r), delta*(abs(r) - 0.5*delta))';
/** Smooth L1 and poly-1 as the catalog builds them (copies of the catalog's trees, re-typed by hand). */
const SMOOTH_L1_FORMULA = 'if(abs(r) < beta, 0.5 * (r / sqrt(beta))^2, abs(r) - 0.5 * beta)';
const POLY1_FORMULA =
  'if(pt >= 0.5, -log1pmx(pt - 1) + (1 + epsilon) * (1 - pt), -log(pt) + epsilon * (1 - pt))';

/** f32 units in the last place of x. */
function ulp32(x: number): number {
  const a = Math.abs(Math.fround(x));
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

interface TypedVariable {
  readonly name: string;
  readonly role: 'data' | 'hyperparameter';
  readonly default?: string;
  readonly domain: string;
  readonly min: string;
  readonly max: string;
  readonly scale: 'linear' | 'log';
}

/** Types a whole loss into the editor: name, id, formula and every variable's row, then adds it. */
async function typeLoss(
  page: Page,
  loss: { id: string; name: string; formula: string; variables: readonly TypedVariable[] },
): Promise<void> {
  await page.getByRole('button', { name: 'Start from a blank formula' }).click();
  await page.locator('#custom-name').fill(loss.name);
  await page.locator('#custom-id').fill(loss.id);
  await page.locator('#custom-formula').fill(loss.formula);
  const table = page.getByTestId('custom-variables');
  for (const [i, v] of loss.variables.entries()) {
    if ((await table.locator('tbody tr').count()) <= i)
      await page.getByRole('button', { name: 'Add a variable' }).click();
    const row = table.locator(`tr[data-variable="${i}"]`);
    await row.getByLabel(`Name of variable ${i + 1}`).fill(v.name);
    await row.getByLabel(`Role of ${v.name}`).selectOption(v.role);
    await row.getByLabel(`Default of ${v.name}`).fill(v.default ?? '');
    await row.getByLabel(`Domain of ${v.name}`).fill(v.domain);
    await row.getByLabel(`Plot range start of ${v.name}`).fill(v.min);
    await row.getByLabel(`Plot range end of ${v.name}`).fill(v.max);
    await row.getByLabel(`Scale of ${v.name}`).selectOption(v.scale);
  }
  await expect(page.getByTestId('custom-status')).toContainText('Ready to add');
  await page.getByTestId('custom-save').click();
  await expect(page.getByTestId('custom-list').locator(`li[data-loss="${loss.id}"]`)).toBeVisible();
}

/** Copies a catalog loss in the editor (its variables), re-types its formula, and adds it. */
async function retypeCopy(page: Page, catalogId: string, formula: string): Promise<void> {
  await page.locator('#custom-copy').selectOption(catalogId);
  await expect(page.locator('#custom-id')).toHaveValue(`my_${catalogId}`);
  await page.locator('#custom-formula').fill(formula);
  await expect(page.getByTestId('custom-status')).toContainText('Ready to add');
  await page.getByTestId('custom-save').click();
  await expect(page.getByTestId('custom-list').locator(`li[data-loss="my_${catalogId}"]`)).toBeVisible();
}

const HUBER_VARIABLES: readonly TypedVariable[] = [
  { name: 'r', role: 'data', domain: 'real', min: '-3', max: '3', scale: 'linear' },
  { name: 'delta', role: 'hyperparameter', default: '1', domain: '> 0', min: '0.1', max: '10', scale: 'log' },
];

/** The app's link after the losses were added, as a URL object to vary. */
async function linkOf(page: Page): Promise<URL> {
  await expect.poll(() => new URL(page.url()).searchParams.getAll('custom').length).toBeGreaterThan(0);
  // The URL follows the state within 250 ms.
  await page.waitForTimeout(400);
  return new URL(page.url());
}

function withParams(base: URL, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const key of ['x', 'y', 'out', 'cscale', 'cmap']) url.searchParams.delete(key);
  for (const key of [...url.searchParams.keys()]) if (key.startsWith('p.')) url.searchParams.delete(key);
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  return `${url.pathname}${url.search}`;
}

/** The heatmap's CSV rows (header first) for a link, for each output in turn (chosen in the view). */
async function heatmapCsvs(
  page: Page,
  testInfo: TestInfo,
  link: string,
  outputs: readonly string[],
): Promise<Record<string, string[]>> {
  await page.goto(link);
  await waitForBackend(page, testInfo);
  const heatmap = page.getByTestId('heatmap');
  await waitForFrame(heatmap);
  const csvs: Record<string, string[]> = {};
  for (const out of outputs) {
    const before = await framesOf(heatmap);
    if (out !== 'value') {
      await page.locator('#heatmap-output').selectOption(out);
      await waitForFrame(heatmap, before);
    }
    const csv = await download(page, page.getByRole('button', { name: 'Export CSV' }));
    csvs[out] = csv.data.toString('utf8').trimEnd().split('\n');
  }
  return csvs;
}

/**
 * Compares two heatmap CSVs cell for cell: the same grid points, and the
 * same values — string for string on the CPU (f64 kernels rounded to f32,
 * shortest round-trip decimals), within 8 f32 ulps on the GPU (the GPU
 * tolerance of these losses in packages/gpu/test/tolerances.ts). Returns
 * how many cells were bit-identical.
 */
function compareGrids(
  catalog: readonly string[],
  mine: readonly string[],
  backend: 'webgpu' | 'cpu',
  what: string,
): { cells: number; identical: number } {
  expect(mine.length, what).toBe(catalog.length);
  // Plain comparisons, one expect at the end: an expect per cell (16 384 of them) is slow.
  const wrong: string[] = [];
  let identical = 0;
  for (let row = 1; row < catalog.length; row++) {
    const [x0, y0, v0] = catalog[row]!.split(',');
    const [x1, y1, v1] = mine[row]!.split(',');
    if (x0 !== x1 || y0 !== y1) wrong.push(`row ${row}: at (${x1}, ${y1}), the catalog's at (${x0}, ${y0})`);
    else if (v0 === v1) identical++;
    else if (backend === 'cpu')
      wrong.push(`row ${row}: ${v1}, the catalog's ${v0} (the CPU must agree bit for bit)`);
    else {
      const a = Number(v0);
      const b = Number(v1);
      const close = Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 8 * ulp32(a);
      if (!close) wrong.push(`row ${row}: ${v1}, the catalog's ${v0} (beyond 8 f32 ulps)`);
    }
    if (wrong.length >= 10) break;
  }
  expect(wrong, what).toEqual([]);
  return { cells: catalog.length - 1, identical };
}

test.describe('catalog losses re-typed in the editor', () => {
  test('agree with the catalog in Curves: probe readings and the CSV, value and derivative', async ({
    page,
  }) => {
    await page.goto('/?view=custom');
    await typeLoss(page, {
      id: 'my_huber',
      name: 'My Huber',
      formula: HUBER_FORMULA,
      variables: HUBER_VARIABLES,
    });
    await page.locator('[data-view=curves]').click();
    await expect(page.getByTestId('probe-value-my_huber')).toBeVisible();
    for (const probe of ['1.5', '-0.25', '2.9']) {
      await page.locator('#curves-probe-value').fill(probe);
      await page.locator('#curves-probe-value').press('Enter');
      await expect(page.getByTestId('probe-x')).toHaveText(probe.replace('-', '\u2212'));
      for (const what of ['value', 'slope']) {
        const catalog = await page.getByTestId(`probe-${what}-huber`).getAttribute('data-value');
        await expect(page.getByTestId(`probe-${what}-my_huber`)).toHaveAttribute('data-value', catalog!);
      }
      const r = Number(probe);
      await expect(page.getByTestId('probe-value-my_huber')).toHaveAttribute(
        'data-value',
        String(evaluate('huber', { r, delta: 1 })),
      );
    }
    const csv = await download(page, page.getByRole('button', { name: 'Export CSV' }));
    const lines = csv.data.toString('utf8').trimEnd().split('\n');
    const header = lines[0]!.split(',');
    const column = (name: string) => header.indexOf(name);
    expect(column('my_huber')).toBeGreaterThan(0);
    expect(column('dmy_huber/dr')).toBeGreaterThan(0);
    const differing = lines.slice(1).filter((line) => {
      const cells = line.split(',');
      return (
        cells[column('my_huber')] !== cells[column('huber')] ||
        cells[column('dmy_huber/dr')] !== cells[column('dhuber/dr')]
      );
    });
    expect(differing).toEqual([]);
    expect(lines.length).toBeGreaterThan(800);
  });

  test('agree with the catalog in the heatmap: value and partials over the grid, and the readout', async ({
    page,
  }, testInfo) => {
    test.setTimeout(420_000);
    const backend = expectedBackend(testInfo);
    await page.goto('/?view=custom');
    await typeLoss(page, {
      id: 'my_huber',
      name: 'My Huber',
      formula: HUBER_FORMULA,
      variables: HUBER_VARIABLES,
    });
    await retypeCopy(page, 'smooth_l1', SMOOTH_L1_FORMULA);
    await retypeCopy(page, 'poly1', POLY1_FORMULA);
    const base = await linkOf(page);
    const cases = [
      { id: 'huber', x: 'r,-3,3,lin', y: 'delta,0.1,10,log', outputs: ['value', 'd.r', 'd.delta'] },
      { id: 'smooth_l1', x: 'r,-3,3,lin', y: 'beta,0.1,10,log', outputs: ['value', 'd.r', 'd.beta'] },
      { id: 'poly1', x: 'pt,0.001,1,lin', y: 'epsilon,-1,5,lin', outputs: ['value', 'd.pt', 'd.epsilon'] },
    ];
    const summary: string[] = [];
    for (const c of cases) {
      const params = { view: 'heatmap', res: '128', x: c.x, y: c.y };
      const catalog = await heatmapCsvs(
        page,
        testInfo,
        withParams(base, { ...params, loss: c.id }),
        c.outputs,
      );
      const mine = await heatmapCsvs(
        page,
        testInfo,
        withParams(base, { ...params, loss: `my_${c.id}` }),
        c.outputs,
      );
      for (const out of c.outputs) {
        expect(mine[out]![0]).toBe(catalog[out]![0]!.replace(`,${c.id} `, `,my_${c.id} `));
        const { cells, identical } = compareGrids(catalog[out]!, mine[out]!, backend, `${c.id} ${out}`);
        summary.push(`${c.id} ${out}: ${identical}/${cells} cells bit-identical`);
      }
    }
    testInfo.annotations.push({ type: `grids (${backend})`, description: summary.join('; ') });
    console.log(`grids (${backend}): ${summary.join('; ')}`);

    // The readout at one cell: the exact f64 value and every partial, from core, for the typed loss.
    await page.goto(
      withParams(base, {
        view: 'heatmap',
        res: '128',
        loss: 'my_huber',
        x: 'r,-3,3,lin',
        y: 'delta,0.1,10,log',
      }),
    );
    await waitForBackend(page, testInfo);
    await waitForFrame(page.getByTestId('heatmap'));
    const box = (await page.getByTestId('heatmap-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.3);
    await expect(page.getByTestId('readout-grid')).not.toHaveAttribute('data-value', '');
    const r = Number((await page.getByTestId('readout-x').textContent())!.replace('\u2212', '-'));
    const delta = Number((await page.getByTestId('readout-y').textContent())!.replace('\u2212', '-'));
    const exact = evaluate('huber', { r, delta });
    const partials = gradient('huber', { r, delta });
    await expect(page.getByTestId('readout-exact')).toHaveAttribute('data-value', String(exact));
    await expect(page.getByTestId('readout-partial-r')).toHaveAttribute('data-value', String(partials.r));
    await expect(page.getByTestId('readout-partial-delta')).toHaveAttribute(
      'data-value',
      String(partials.delta),
    );
    const grid = Number(await page.getByTestId('readout-grid').getAttribute('data-value'));
    expect(Math.abs(grid - exact)).toBeLessThanOrEqual(8 * ulp32(exact));
  });

  test('agree with the catalog on the surface: the same point reads the same values', async ({
    page,
  }, testInfo) => {
    await page.goto('/?view=custom');
    await typeLoss(page, {
      id: 'my_huber',
      name: 'My Huber',
      formula: HUBER_FORMULA,
      variables: HUBER_VARIABLES,
    });
    const base = await linkOf(page);
    const readings: Record<string, string | null>[] = [];
    for (const loss of ['huber', 'my_huber']) {
      await page.goto(
        withParams(base, {
          view: 'surface',
          res: '128',
          loss,
          x: 'r,-3,3,lin',
          y: 'delta,0.1,10,log',
          cscale: 'linear',
        }),
      );
      await waitForBackend(page, testInfo);
      await waitForFrame(page.getByTestId('surface'));
      const box = (await page.getByTestId('surface-canvas').boundingBox())!;
      const at = { x: box.x + box.width * 0.45, y: box.y + box.height * 0.6 };
      // The pick reads the grid's values, which come back from the GPU after the first frame: move until it has.
      await expect(async () => {
        await page.mouse.move(at.x + 2, at.y);
        await page.mouse.move(at.x, at.y);
        await expect(page.getByTestId('surface-marker')).toBeVisible({ timeout: 1000 });
      }).toPass({ timeout: 30_000 });
      await expect(page.getByTestId('readout-grid')).not.toHaveAttribute('data-value', '');
      const read = async (id: string) => page.getByTestId(id).getAttribute('data-value');
      readings.push({
        x: await page.getByTestId('readout-x').textContent(),
        y: await page.getByTestId('readout-y').textContent(),
        value: await read('readout-value'),
        r: await read('readout-partial-r'),
        delta: await read('readout-partial-delta'),
        grid: await read('readout-grid'),
      });
      await expect(page.locator('.plot-message.error')).toHaveCount(0);
    }
    const [catalog, mine] = readings as [Record<string, string | null>, Record<string, string | null>];
    expect({ ...mine, grid: undefined }).toEqual({ ...catalog, grid: undefined });
    const a = Number(catalog.grid);
    expect(Math.abs(Number(mine.grid) - a)).toBeLessThanOrEqual(8 * ulp32(a));
  });

  test('show their computed properties in Compare and their formula and TeX in Info', async ({ page }) => {
    await page.goto('/?view=custom');
    await typeLoss(page, {
      id: 'my_huber',
      name: 'My Huber',
      formula: HUBER_FORMULA,
      variables: HUBER_VARIABLES,
    });
    await page.locator('[data-view=compare]').click();
    const row = (id: string) => page.getByTestId('compare-table').locator(`tr[data-loss="${id}"]`);
    await expect(row('my_huber')).toBeVisible();
    await expect(page.getByRole('heading', { name: `All ${losses.length + 1} losses` })).toBeVisible();
    // Convex, smooth, robust: computed for the typed loss, claimed for the catalog's; they agree.
    const cells = async (id: string) => (await row(id).locator('td').allTextContents()).slice(1, 4);
    expect(await cells('my_huber')).toEqual(await cells('huber'));
    await expect(row('my_huber')).toContainText('properties computed numerically');
    await row('my_huber').getByRole('button', { name: 'My Huber', exact: true }).click();
    await expect(page.locator('[data-view=info][aria-current=page]')).toBeVisible();
    await expect(page.getByTestId('info-formula-source')).toHaveText(HUBER_FORMULA);
    await expect(page.getByTestId('info').locator('.info-formula .katex')).toBeVisible();
    await expect(page.getByTestId('info').locator('.katex-error')).toHaveCount(0);
  });
});

test.describe('the editor', () => {
  test('previews the formula live, underlines an error where it is, and declares a name on request', async ({
    page,
  }) => {
    await page.goto('/?view=custom');
    await page.getByRole('button', { name: 'Start from a blank formula' }).click();
    const formula = page.locator('#custom-formula');
    await formula.pressSequentially('r^2/2');
    await expect(page.getByTestId('custom-preview').locator('.katex')).toBeVisible();
    await expect(page.getByTestId('custom-normalized')).toContainText('r^2 / 2');
    await expect(page.getByTestId('custom-save')).toBeEnabled();

    await formula.fill('0.5 * r^2 + lg(r)');
    await expect(page.getByTestId('formula-error')).toHaveText(
      "unknown function 'lg' at 12; did you mean 'log'?",
    );
    await expect(page.getByTestId('formula-mark')).toHaveText('lg');
    await expect(formula).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('custom-save')).toBeDisabled();
    // The mark sits under the offending text: the backdrop lines up with the textarea.
    const mark = (await page.getByTestId('formula-mark').boundingBox())!;
    const field = (await formula.boundingBox())!;
    expect(mark.x).toBeGreaterThan(field.x + 12 * 4);
    expect(mark.y).toBeLessThan(field.y + 30);

    await formula.fill('0.5 * r^2 (');
    await expect(page.getByTestId('formula-error')).toContainText('at 10');
    await formula.fill('0.5 * k * r^2');
    await expect(page.getByTestId('formula-mark')).toHaveText('k');
    await page.getByRole('button', { name: 'Declare k as a variable' }).click();
    await expect(page.getByTestId('custom-variables').locator('tbody tr')).toHaveCount(2);
    await expect(page.getByTestId('formula-error')).toHaveCount(0);
    await expect(page.getByTestId('custom-status')).toContainText('Ready to add');

    // A bad field is named and marked.
    await page.getByLabel('Default of k').fill('-1');
    await expect(page.getByTestId('custom-problem')).toHaveAttribute('data-field', 'variables[1].default');
    await expect(page.getByLabel('Default of k')).toHaveAttribute('aria-invalid', 'true');

    const axe = await new AxeBuilder({ page }).analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  test('shows the rewrites core applied for exactness, in the editor and in Info', async ({ page }) => {
    // The editor opens on the textbook Cauchy: ½c²·log(1 + (r/c)²).
    await page.goto('/?view=custom');
    const rewrites = page.getByTestId('custom-rewrites');
    await expect(rewrites).toContainText('log(1 + x) → log1p(x)');
    await expect(rewrites).toContainText('log(1 + (r / c)^2) → log1p((r / c)^2)');
    await expect(page.getByTestId('custom-normalized')).toContainText('0.5 * c^2 * log1p((r / c)^2)');
    await page.locator('#custom-formula').fill('c * (exp(r) - 1) - log(sigmoid(r))');
    await expect(rewrites).toContainText('exp(x) − 1 → expm1(x)');
    await expect(rewrites).toContainText('log(σ(x)) → logSigmoid(x)');
    await expect(page.getByTestId('custom-normalized')).toContainText('c * expm1(r) - logsigmoid(r)');
    await page.locator('#custom-formula').fill('c * log1p(r^2)');
    await expect(rewrites).toHaveCount(0);
    await expect(page.getByTestId('custom-normalized')).toContainText('no rewrites were needed');

    await page.getByRole('button', { name: 'Cauchy, textbook form', exact: true }).click();
    await page.getByTestId('custom-save').click();
    await page.locator('[data-view=info]').click();
    await expect(page.getByTestId('info-rewrites')).toContainText('log(1 + x) → log1p(x)');
    await expect(page.getByTestId('info-normalized')).toHaveText('0.5 * c^2 * log1p((r / c)^2)');
    // Info's button takes the loss back to the editor.
    await page.getByRole('button', { name: 'Edit in Your loss' }).click();
    await expect(page.getByRole('heading', { name: 'Editing my_cauchy' })).toBeVisible();
    await expect(page.locator('#custom-formula')).toHaveValue('0.5 * c^2 * log(1 + (r/c)^2)');
  });

  test('is reachable by keyboard, from the formula to adding the loss', async ({ page }) => {
    await page.goto('/?view=custom');
    await page.locator('#custom-formula').focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('0.5 * c^2 * log1p((r/c)^2)');
    let reached = false;
    for (let k = 0; k < 40 && !reached; k++) {
      await page.keyboard.press('Tab');
      reached = await page.getByTestId('custom-save').evaluate((el) => el === document.activeElement);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('custom-list').locator('li')).toHaveCount(1);
    await expect(page.getByTestId('custom-save')).toHaveText('Save changes');
  });

  test('edits and removes a loss; holds at most four', async ({ page }) => {
    await page.goto('/?view=custom');
    const list = page.getByTestId('custom-list');
    for (const title of [
      'Cauchy, textbook form',
      'Barron’s loss at α = ½',
      'Asymmetric squared (expectile)',
      'Smoothed hinge',
    ]) {
      await page.getByRole('button', { name: title, exact: true }).click();
      await page.getByTestId('custom-save').click();
    }
    await expect(list.locator('li')).toHaveCount(4);
    await page.getByRole('button', { name: 'Cauchy, textbook form', exact: true }).click();
    await expect(page.getByTestId('custom-save')).toBeDisabled();
    await expect(page.getByTestId('custom-problem')).toContainText('4 losses of your own');

    await list.getByRole('button', { name: 'Edit Asymmetric squared' }).click();
    await expect(page.locator('#custom-formula')).toHaveValue('if(r < 0, 1 - tau, tau) * r^2');
    await page.locator('#custom-formula').fill('if(r < 0, 1 - tau, tau) * r^2 / 2');
    await page.getByTestId('custom-save').click();
    await expect(list.locator('li')).toHaveCount(4);
    await page.locator('[data-view=info]').click();
    await expect(page.getByTestId('info-formula-source')).toHaveText('if(r < 0, 1 - tau, tau) * r^2 / 2');

    await page.locator('[data-view=custom]').click();
    await list.getByRole('button', { name: 'Remove Barron, α = ½' }).click();
    await expect(list.locator('li')).toHaveCount(3);
    await expect.poll(() => new URL(page.url()).searchParams.getAll('custom').length).toBe(3);
    await expect(page.getByTestId('notices')).toHaveCount(0);
  });

  test('fits a phone screen', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/?view=custom');
    await expect(page.getByTestId('custom-preview').locator('.katex')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The editor comes first on a phone, its inputs wide enough to type in.
    const formula = (await page.locator('#custom-formula').boundingBox())!;
    expect(formula.width).toBeGreaterThan(300);
    const domain = (await page.getByLabel('Domain of r').boundingBox())!;
    expect(domain.width).toBeGreaterThan(120);
  });
});

test.describe('links', () => {
  const spec: CustomLossSpec = {
    id: 'my_cauchy',
    name: 'My Cauchy',
    formula: '0.5 * c^2 * log(1 + (r/c)^2)',
    variables: [
      { name: 'r', role: 'data', domain: 'real', range: [-5, 5] },
      { name: 'c', role: 'hyperparameter', default: 1, domain: '> 0', range: [0.1, 10], scale: 'log' },
    ],
  };

  test('carry a custom loss to a new page', async ({ page, context }, testInfo) => {
    const link = `/?view=heatmap&res=128&loss=my_cauchy&custom=${encodeURIComponent(JSON.stringify(spec))}`;
    await page.goto(link);
    await waitForBackend(page, testInfo);
    await waitForFrame(page.getByTestId('heatmap'));
    await expect(page.locator('#heatmap-loss')).toHaveValue('my_cauchy');
    await expect(page.getByTestId('notices')).toHaveCount(0);
    await page.waitForTimeout(400);
    const copy = await context.newPage();
    await copy.goto(page.url());
    await waitForBackend(copy, testInfo);
    await waitForFrame(copy.getByTestId('heatmap'));
    await expect(copy.getByRole('heading', { name: 'My Cauchy — value' })).toBeVisible();
    await copy.locator('[data-view=custom]').click();
    await expect(copy.getByTestId('custom-list').locator('li[data-loss=my_cauchy]')).toBeVisible();
  });

  test("carry a custom loss into the fit lab: its exact fit is core's fitModel of the definition, its landscape draws", async ({
    page,
  }, testInfo) => {
    const withForm: CustomLossSpec = { ...spec, form: 'residual' };
    const link =
      `/?view=fit&ft=regression&fd=outliers&fs=3&fl=mse,my_cauchy&fk=my_cauchy` +
      `&custom=${encodeURIComponent(JSON.stringify(withForm))}`;
    await page.goto(link);
    await waitForBackend(page, testInfo);
    await waitForFrame(page.getByTestId('landscape'));
    await expect(page.getByTestId('notices')).toHaveCount(0);
    const row = page.getByTestId('fit-my_cauchy');
    await expect(row).toHaveAttribute('data-w', /\d/);
    const points = JSON.parse(
      (await page.getByTestId('scatter').getAttribute('data-points')) ?? '[]',
    ) as number[][];
    const data = { x: points.map((p) => p[0]!), y: points.map((p) => p[1]!) };
    const exact = fitModel({ loss: customLoss(withForm), params: { c: 1 }, data });
    // The same core, the same definition, the same data: the same doubles.
    expect(Number(await row.getAttribute('data-w'))).toBe(exact.w);
    expect(Number(await row.getAttribute('data-b'))).toBe(exact.b);
    expect(Number(await row.getAttribute('data-value'))).toBe(exact.value);
  });

  test('with a hostile or broken formula give a notice and the defaults, and inject nothing', async ({
    page,
  }) => {
    let dialogs = 0;
    page.on('dialog', async (dialog) => {
      dialogs++;
      await dialog.dismiss();
    });
    const hostile = [
      { ...spec, formula: '<img src=x onerror=alert(1)>' },
      {
        ...spec,
        id: 'my_x',
        name: '<script>alert(2)</script>',
        formula: 'constructor.constructor("alert(3)")()',
      },
      { ...spec, id: 'my_y', formula: '0.5 * c^2 * lg(1 + (r/c)^2)' },
      { ...spec, id: 'my_z', formula: '\\href{javascript:alert(4)}{r}' },
      '{"__proto__": {"polluted": true}}',
      `${'['.repeat(1000)}${']'.repeat(1000)}`,
    ];
    const parts = hostile.map(
      (h) => `custom=${encodeURIComponent(typeof h === 'string' ? h : JSON.stringify(h))}`,
    );
    await page.goto(`/?view=info&loss=my_cauchy&${parts.join('&')}`);
    const notices = page.getByTestId('notices');
    await expect(notices).toBeVisible();
    await expect(notices.locator('li')).toHaveCount(hostile.length + 1);
    await expect(notices).toContainText("unknown function 'lg' at 12; did you mean 'log'?");
    await expect(notices).toContainText('Unknown loss “my_cauchy”');
    // The default loss, and no markup from the link: no image, no script, no link it made.
    await expect(page.getByTestId('info')).toContainText('Huber');
    expect(await page.locator('main img, .notices img, [onerror]').count()).toBe(0);
    expect(await page.locator('.notices script, .notices a').count()).toBe(0);
    expect(await page.evaluate(() => (Object.prototype as Record<string, unknown>).polluted)).toBeUndefined();
    await page.waitForTimeout(300);
    expect(dialogs).toBe(0);
    await page.locator('[data-view=custom]').click();
    await expect(page.getByTestId('custom-list')).toHaveCount(0);
  });
});

test.describe('undefined points', () => {
  const logLoss = {
    id: 'my_log',
    formula: 'log(r) + c',
    variables: [
      { name: 'r', role: 'data', domain: 'real', range: [-2, 2] },
      { name: 'c', role: 'hyperparameter', default: 1, domain: 'real', range: [-1, 1] },
    ],
  };
  const custom = `custom=${encodeURIComponent(JSON.stringify(logLoss))}`;

  test('are counted and explained in the heatmap, the surface and Curves', async ({ page }, testInfo) => {
    await page.goto(`/?view=heatmap&res=128&loss=my_log&${custom}`);
    await waitForBackend(page, testInfo);
    await waitForFrame(page.getByTestId('heatmap'));
    const note = page.getByTestId('undefined-cells');
    await expect(note).toContainText('of this sweep are undefined');
    await expect(note).toContainText('; at r = −2, c = −1: log of a negative number (-2) in log(r).');
    // r = −2 … just below 0: the left half of 128 columns, on every row.
    await expect(note).toHaveAttribute('data-count', String(64 * 128));
    await expect(page.locator('.plot-message.error')).toHaveCount(0);
    const box = (await page.getByTestId('heatmap-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.5);
    await expect(page.getByTestId('readout-exact')).toContainText('undefined: log of a negative number');
    // Its partial ∂/∂r has no NaN cells (the derivative's formula, 1/r, is finite at r < 0): said too.
    const frames = await framesOf(page.getByTestId('heatmap'));
    await page.locator('#heatmap-output').selectOption('d.r');
    await waitForFrame(page.getByTestId('heatmap'), frames);
    await expect(page.getByTestId('undefined-value')).toContainText('undefined on about 50% of this range');
    await expect(page.getByTestId('readout-exact')).toContainText('undefined: log of a negative number');
    await page.locator('#heatmap-output').selectOption('value');

    await page.locator('[data-view=surface]').click();
    await waitForFrame(page.getByTestId('surface'));
    await expect(page.getByTestId('undefined-cells')).toContainText('log of a negative number');

    await page.goto(`/?view=curves&cf=regression&cv=r&cl=huber,my_log&${custom}`);
    await expect(page.getByTestId('curve-undefined-my_log')).toContainText('undefined at 400 of 801 points');
    await expect(page.getByTestId('curve-undefined-my_log')).toContainText('log of a negative number');
  });
});
