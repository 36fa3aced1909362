/**
 * The bench page: the same measurement code as the CLI (measure.ts), with
 * the browser's GPU, Web Workers and TensorFlow.js. `?run=quick` starts a
 * quick run on load; `?losses=a,b&sizes=64,256&backends=gpu,js` tick those
 * boxes first (a shareable setup).
 */
import { losses } from '@losslab/core';
import { browserEnv } from './env-browser.js';
import { defaultLosses, runBench } from './measure.js';
import { pageOptions } from './page-options.js';
import { chartSvg, headlines, softwareWarning, tableHtml } from './report.js';
import { type BackendId, type BenchResult, backendIds, backendLabels } from './types.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const pageBackends = backendIds.filter((b) => b !== 'torch-cuda' && b !== 'gpu-readback');
const sizes = [64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384];
const defaultSizes = new Set([256, 1024, 2048]);

function checkboxes(
  container: HTMLElement,
  name: string,
  items: readonly { value: string; label: string; checked: boolean }[],
): void {
  container.innerHTML = items
    .map(
      (it) =>
        `<label><input type="checkbox" name="${name}" value="${esc(it.value)}"${it.checked ? ' checked' : ''}/> ${esc(it.label)}</label>`,
    )
    .join('');
}

checkboxes(
  $('losses'),
  'loss',
  losses.map((l) => ({
    value: l.id,
    label: l.id,
    checked: (defaultLosses as readonly string[]).includes(l.id),
  })),
);
checkboxes(
  $('sizes'),
  'size',
  sizes.map((s) => ({ value: String(s), label: `${s}²`, checked: defaultSizes.has(s) })),
);
checkboxes(
  $('backends'),
  'backend',
  pageBackends.map((b) => ({ value: b, label: `${b} — ${backendLabels[b]}`, checked: true })),
);
$('isolation').textContent = globalThis.crossOriginIsolated
  ? 'Cross-origin isolated: CPU workers write into one shared buffer.'
  : 'Not cross-origin isolated: CPU workers post their rows back (a copy per run).';

const checked = (name: string): string[] =>
  [...document.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);

/** Ticks exactly the boxes of `name` whose values the URL lists (`?sizes=64,256`), if it lists any. */
function tickFromUrl(name: string, param: string): void {
  const wanted = new URLSearchParams(location.search).get(param);
  if (!wanted) return;
  const values = new Set(wanted.split(','));
  for (const input of document.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`))
    input.checked = values.has(input.value);
}
tickFromUrl('loss', 'losses');
tickFromUrl('size', 'sizes');
tickFromUrl('backend', 'backends');

const readOptions = (quick: boolean) =>
  pageOptions(
    {
      losses: checked('loss'),
      sizes: checked('size').map(Number),
      backends: checked('backend') as BackendId[],
      reps: ($('reps') as HTMLInputElement).valueAsNumber,
      warmup: ($('warmup') as HTMLInputElement).valueAsNumber,
    },
    quick,
  );

function logLine(line: string): void {
  const log = $('log');
  log.textContent += `${line}\n`;
  log.scrollTop = log.scrollHeight;
}

function headlineTable(result: BenchResult): string {
  const peers: BackendId[] = ['cpu1', 'cpuN', 'js', 'tfjs-webgpu'];
  const rows = headlines(result)
    .filter((h) => Object.keys(h.vs).length || h.bandwidth)
    .map((h) => {
      const cells = peers.map((p) =>
        h.vs[p] ? `${h.vs[p].ratio.toFixed(2)}× <small>(${h.vs[p].size}²)</small>` : '—',
      );
      const bw = h.bandwidth ? `${(100 * h.bandwidth.fraction).toFixed(0)}%` : '—';
      return `<tr><td>${esc(h.loss)}</td>${cells.map((c) => `<td>${c}</td>`).join('')}<td>${bw}</td></tr>`;
    });
  if (!rows.length) return '';
  return `<h2>GPU speed-up (peer time ÷ GPU time)</h2><table><thead><tr><th>loss</th>${peers.map((p) => `<th>vs ${p}</th>`).join('')}<th>% of write bandwidth</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function show(result: BenchResult): void {
  const warn = softwareWarning(result);
  const a = result.adapter;
  $('results').innerHTML = `
    ${warn ? `<p class="warn" id="software-warning">⚠ ${esc(warn)}</p>` : ''}
    <p>GPU: <b>${esc(a ? a.description : `none — ${result.adapterReason ?? ''}`)}</b> · CPU threads: ${result.environment.cpuCount} · ${result.totalSeconds.toFixed(1)} s</p>
    ${headlineTable(result)}
    <div id="chart">${chartSvg(result)}</div>
    <h2>All measurements</h2>
    ${tableHtml(result)}`;
}

let last: BenchResult | undefined;

async function run(quick: boolean): Promise<void> {
  const buttons = [$('run'), $('quick')] as HTMLButtonElement[];
  for (const b of buttons) b.disabled = true;
  $('log').textContent = '';
  const status = $('status');
  try {
    const options = readOptions(quick);
    status.textContent = 'running…';
    const result = await runBench(options, browserEnv(logLine), (_m, done, total) => {
      status.textContent = `running… ${done}/${total}`;
    });
    last = result;
    show(result);
    ($('download') as HTMLButtonElement).disabled = false;
    status.textContent = 'done';
    document.body.dataset.state = 'done';
  } catch (e) {
    status.textContent = `failed: ${e instanceof Error ? e.message : String(e)}`;
    document.body.dataset.state = 'failed';
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

$('form').addEventListener('submit', (e) => {
  e.preventDefault();
  void run(false);
});
$('quick').addEventListener('click', () => void run(true));
$('download').addEventListener('click', () => {
  if (!last) return;
  const url = URL.createObjectURL(new Blob([JSON.stringify(last, null, 1)], { type: 'application/json' }));
  const a = Object.assign(document.createElement('a'), {
    href: url,
    download: `losslab-bench-${last.date.slice(0, 10)}.json`,
  });
  a.click();
  URL.revokeObjectURL(url);
});

if (new URLSearchParams(location.search).get('run') === 'quick') void run(true);
