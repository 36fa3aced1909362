/**
 * Turns a BenchResult into a markdown report, a self-contained SVG chart and
 * an HTML page (table + chart, no external resources). Used by the CLI and by
 * the bench page alike.
 */
import { landscapeMarkdown, landscapeTableHtml } from './landscape-report.js';
import { type BackendId, type BenchResult, backendLabels, type Measurement } from './types.js';

const fmtMs = (ms: number): string =>
  ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
const fmtRate = (evalsPerSec: number): string =>
  evalsPerSec >= 1e9 ? `${(evalsPerSec / 1e9).toFixed(2)} G/s` : `${(evalsPerSec / 1e6).toFixed(1)} M/s`;
const fmtRatio = (r: number): string => (r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2));

export function softwareWarning(result: BenchResult): string | null {
  const a = result.adapter;
  if (!a?.isSoftware) return null;
  return `SOFTWARE ADAPTER (${a.description}): the GPU runs as CPU emulation. GPU numbers here show correctness only, never speed.`;
}

function find(result: BenchResult, backend: BackendId, loss: string, size: number): Measurement | undefined {
  return result.measurements.find(
    (m) => m.backend === backend && m.loss === loss && m.size === size && m.status === 'ok',
  );
}

export interface Headline {
  readonly loss: string;
  /** GPU vs peer: peer time / GPU time at the largest size both ran. */
  readonly vs: Partial<Record<BackendId, { ratio: number; size: number }>>;
  /** Fraction of the write-bandwidth limit at the largest GPU size. */
  readonly bandwidth?: { fraction: number; size: number };
}

/** The headline ratios of the issue: GPU vs one CPU thread, all CPU threads, tfjs-webgpu (and the rest), and bandwidth. */
export function headlines(result: BenchResult): Headline[] {
  const losses = [...new Set(result.measurements.map((m) => m.loss))];
  const peers: BackendId[] = ['cpu1', 'cpuN', 'js', 'tfjs-webgpu', 'tfjs-cpu', 'tfjs-wasm', 'torch-cuda'];
  return losses.map((loss) => {
    const gpuRows = result.measurements.filter(
      (m) => m.backend === 'gpu' && m.loss === loss && m.status === 'ok',
    );
    const vs: Headline['vs'] = {};
    for (const peer of peers) {
      const sizes = gpuRows.map((g) => g.size).filter((s) => find(result, peer, loss, s));
      const size = Math.max(...sizes);
      if (!Number.isFinite(size)) continue;
      vs[peer] = {
        ratio:
          find(result, peer, loss, size)!.time!.medianMs / find(result, 'gpu', loss, size)!.time!.medianMs,
        size,
      };
    }
    const largest = gpuRows
      .filter((g) => g.bandwidthFraction !== undefined)
      .sort((a, b) => b.size - a.size)[0];
    return {
      loss,
      vs,
      ...(largest ? { bandwidth: { fraction: largest.bandwidthFraction!, size: largest.size } } : {}),
    };
  });
}

export function markdownReport(result: BenchResult): string {
  const out: string[] = [];
  const warn = softwareWarning(result);
  out.push(`# losslab bench — ${result.date.slice(0, 10)}`, '');
  if (warn) out.push(`> **⚠ ${warn}**`, '');
  const a = result.adapter;
  out.push(
    `- GPU: ${a ? `${a.description} (${a.vendor}${a.architecture ? `, ${a.architecture}` : ''}; timestamps: ${a.timestamps ? 'yes' : 'no'})${a.isSoftware ? ' **SOFTWARE**' : ''}` : `none — ${result.adapterReason ?? ''}`}`,
    `- CPU: ${result.environment.cpu}, ${result.environment.cpuCount} threads (cpuN uses ${result.environment.workers} workers)`,
    `- Runtime: ${result.environment.runtime} on ${result.environment.platform}`,
    `- Options: sweeps of ${result.options.losses.join(', ') || 'none'}; sizes ${result.options.sizes.map((s) => `${s}²`).join(', ') || '—'}${result.options.landscape ? `; landscapes of ${result.options.landscape.losses.join(', ')} at ${result.options.landscape.sizes.map((s) => `${s}²`).join(', ')} × n ${result.options.landscape.ns.join(', ')}` : ''}; ${result.options.reps} reps after ${result.options.warmup} warm-up run(s) (excluded; first-run times in the JSON)${result.options.quick ? '; quick mode' : ''}`,
    `- Total: ${result.totalSeconds.toFixed(1)} s`,
    '',
  );
  const heads = headlines(result);
  if (heads.some((h) => Object.keys(h.vs).length || h.bandwidth)) {
    out.push('## Headline: losslab GPU speed-up (peer time / GPU time, at the largest size both ran)', '');
    out.push(
      '| loss | vs cpu1 | vs cpuN | vs js | vs tfjs-webgpu | vs torch-cuda | % of write bandwidth |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const h of heads) {
      const cell = (b: BackendId): string =>
        h.vs[b] ? `${fmtRatio(h.vs[b].ratio)}× (${h.vs[b].size}²)` : '—';
      const bw = h.bandwidth ? `${(100 * h.bandwidth.fraction).toFixed(0)}% (${h.bandwidth.size}²)` : '—';
      out.push(
        `| ${h.loss} | ${cell('cpu1')} | ${cell('cpuN')} | ${cell('js')} | ${cell('tfjs-webgpu')} | ${cell('torch-cuda')} | ${bw} |`,
      );
    }
    out.push('');
  }
  if (result.fills.length) {
    out.push('## Write-bandwidth limit (fill of a buffer of one sweep\u2019s size)', '');
    out.push(
      '| size | bytes | fill kernel ms | clearBuffer ms | best GB/s |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const f of result.fills) {
      if (f.reason) {
        out.push(`| ${f.size}² | ${f.bytes} | — | — | ${f.reason} |`);
        continue;
      }
      const k = f.kernel ? `${fmtMs(f.kernel.medianMs)} (${f.kernel.method})` : '—';
      const c = f.clear ? `${fmtMs(f.clear.medianMs)} (${f.clear.method})` : '—';
      out.push(`| ${f.size}² | ${f.bytes} | ${k} | ${c} | ${f.gbPerSec?.toFixed(1) ?? '—'} |`);
    }
    out.push('');
  }
  out.push(...landscapeMarkdown(result));
  out.push(
    '## All measurements',
    '',
    'Median ms (min–max) per grid over the timed reps; warm-up runs are excluded (their count, and the first run\u2019s time, in the warm-up column). Ratio columns: this backend\u2019s time ÷ the peer\u2019s (> 1: slower than the peer).',
    '',
  );
  const peers: BackendId[] = ['gpu', 'cpu1', 'cpuN', 'js', 'tfjs-webgpu'];
  out.push(
    `| loss | size | backend | median ms (min–max) | evals/s | ${peers.map((p) => `÷ ${p}`).join(' | ')} | warm-up (first run ms) | method | check |`,
    `| --- | --- | --- | --- | --- | ${peers.map(() => '---').join(' | ')} | --- | --- | --- |`,
  );
  for (const m of result.measurements) {
    if (m.status !== 'ok' || !m.time) {
      out.push(
        `| ${m.loss} | ${m.size}² | ${m.backend} | ${m.status} | | ${peers.map(() => '').join(' | ')} | | ${m.reason ?? ''} | |`,
      );
      continue;
    }
    const t = m.time;
    const ratios = peers.map((p) => {
      const peer = p === m.backend ? undefined : find(result, p, m.loss, m.size);
      return peer ? fmtRatio(t.medianMs / peer.time!.medianMs) : '';
    });
    const check = m.checksum
      ? m.checksum.ok
        ? `ok (${m.checksum.maxRelErr.toExponential(0)})`
        : `**FAILED** (${m.checksum.maxRelErr.toExponential(1)}, ${m.checksum.nonFiniteMismatches} ±∞)`
      : '';
    const bw =
      m.bandwidthFraction !== undefined ? `; ${(100 * m.bandwidthFraction).toFixed(0)}% of fill` : '';
    const xcheck = m.batchedWallMs !== undefined ? `; batched wall ${fmtMs(m.batchedWallMs)}` : '';
    const warm = `${t.warmup}×${t.firstRunMs !== undefined ? ` (${fmtMs(t.firstRunMs)})` : ''}`;
    out.push(
      `| ${m.loss} | ${m.size}² | ${m.backend} | ${fmtMs(t.medianMs)} (${fmtMs(t.minMs)}–${fmtMs(t.maxMs)}) | ${fmtRate(m.evalsPerSec!)} | ${ratios.join(' | ')} | ${warm} | ${m.method ?? ''}${bw}${xcheck}${m.note ? `; ${m.note}` : ''} | ${check} |`,
    );
  }
  out.push('');
  return out.join('\n');
}

const palette: Record<BackendId, string> = {
  gpu: '#d62728',
  'gpu-readback': '#ff9896',
  cpu1: '#1f77b4',
  cpuN: '#17becf',
  js: '#7f7f7f',
  'tfjs-cpu': '#bcbd22',
  'tfjs-wasm': '#8c564b',
  'tfjs-webgpu': '#2ca02c',
  'torch-cuda': '#9467bd',
};

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Small multiples, one panel per loss: evaluations per second (log) against grid size (log). */
export function chartSvg(result: BenchResult): string {
  const losses = [...new Set(result.measurements.map((m) => m.loss))];
  const backends = [...new Set(result.measurements.filter((m) => m.status === 'ok').map((m) => m.backend))];
  // Only finite, positive rates can go on a log axis.
  const ok = result.measurements.filter(
    (m) =>
      m.status === 'ok' && m.evalsPerSec !== undefined && Number.isFinite(m.evalsPerSec) && m.evalsPerSec > 0,
  );
  const cols = Math.min(3, Math.max(1, losses.length));
  const rows = Math.ceil(losses.length / cols);
  const pw = 300;
  const ph = 220;
  const pad = { l: 56, r: 12, t: 28, b: 36 };
  const warn = softwareWarning(result);
  const top = warn ? 64 : 40;
  const legendH = 24 * Math.ceil(backends.length / 3);
  const width = cols * (pw + pad.l + pad.r);
  const height = top + rows * (ph + pad.t + pad.b) + legendH + 10;
  const sizes = [...new Set(result.measurements.map((m) => m.size))].sort((a, b) => a - b);
  const rates = ok.map((m) => m.evalsPerSec!);
  const yMin = Math.floor(Math.log10(Math.min(...rates, 1e6)));
  const yMax = Math.ceil(Math.log10(Math.max(...rates, 1e7)));
  const xMin = Math.log2(sizes[0] ?? 64);
  const xMax = Math.max(Math.log2(sizes[sizes.length - 1] ?? 64), xMin + 1);
  const s: string[] = [];
  s.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">`,
  );
  s.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  const a = result.adapter;
  s.push(
    `<text x="10" y="18" font-size="14" font-weight="bold">losslab bench ${esc(result.date.slice(0, 10))} — evaluations per second (higher is better)</text>`,
  );
  s.push(
    `<text x="10" y="34" fill="#444">GPU: ${esc(a ? a.description : 'none')} · CPU: ${esc(result.environment.cpu)} (${result.environment.cpuCount} threads) · ${esc(result.environment.runtime)}</text>`,
  );
  if (warn)
    s.push(
      `<rect x="8" y="40" width="${width - 16}" height="20" fill="#fde0dd" stroke="#c00"/><text x="14" y="54" fill="#b00" font-weight="bold">⚠ ${esc(warn)}</text>`,
    );
  losses.forEach((loss, idx) => {
    const ox = (idx % cols) * (pw + pad.l + pad.r) + pad.l;
    const oy = top + Math.floor(idx / cols) * (ph + pad.t + pad.b) + pad.t;
    const X = (size: number): number => ox + ((Math.log2(size) - xMin) / (xMax - xMin)) * pw;
    const Y = (rate: number): number => oy + ph - ((Math.log10(rate) - yMin) / (yMax - yMin)) * ph;
    s.push(`<text x="${ox}" y="${oy - 8}" font-weight="bold" font-size="12">${esc(loss)}</text>`);
    s.push(`<rect x="${ox}" y="${oy}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
    for (let e = yMin; e <= yMax; e++) {
      const y = Y(10 ** e);
      s.push(
        `<line x1="${ox}" x2="${ox + pw}" y1="${y}" y2="${y}" stroke="#eee"/><text x="${ox - 4}" y="${y + 4}" text-anchor="end" fill="#555">1e${e}</text>`,
      );
    }
    for (const size of sizes) {
      s.push(`<text x="${X(size)}" y="${oy + ph + 14}" text-anchor="middle" fill="#555">${size}²</text>`);
    }
    for (const b of backends) {
      const pts = ok.filter((m) => m.loss === loss && m.backend === b).sort((p, q) => p.size - q.size);
      if (!pts.length) continue;
      s.push(
        `<polyline fill="none" stroke="${palette[b]}" stroke-width="2" points="${pts.map((m) => `${X(m.size).toFixed(1)},${Y(m.evalsPerSec!).toFixed(1)}`).join(' ')}"/>`,
      );
      for (const m of pts) {
        s.push(
          `<circle cx="${X(m.size).toFixed(1)}" cy="${Y(m.evalsPerSec!).toFixed(1)}" r="3" fill="${palette[b]}"><title>${esc(`${b} ${loss} ${m.size}²: ${fmtMs(m.time!.medianMs)} ms, ${fmtRate(m.evalsPerSec!)}`)}</title></circle>`,
        );
      }
    }
  });
  const ly = top + rows * (ph + pad.t + pad.b);
  backends.forEach((b, i) => {
    const x = 10 + (i % 3) * 300;
    const y = ly + 16 + Math.floor(i / 3) * 24;
    s.push(
      `<rect x="${x}" y="${y - 9}" width="14" height="10" fill="${palette[b]}"/><text x="${x + 20}" y="${y}">${esc(`${b}: ${backendLabels[b]}`)}</text>`,
    );
  });
  s.push('</svg>');
  return s.join('\n');
}

/** The measurement table as HTML (for the page and the report). */
export function tableHtml(result: BenchResult): string {
  const rows = result.measurements.map((m) => {
    const g = find(result, 'gpu', m.loss, m.size);
    const t = m.time;
    const cells =
      m.status === 'ok' && t
        ? [
            `${fmtMs(t.medianMs)} <small>(${fmtMs(t.minMs)}–${fmtMs(t.maxMs)})</small>`,
            fmtRate(m.evalsPerSec!),
            g ? fmtRatio(t.medianMs / g.time!.medianMs) : '',
            m.bandwidthFraction !== undefined ? `${(100 * m.bandwidthFraction).toFixed(0)}%` : '',
            m.checksum ? (m.checksum.ok ? 'ok' : '<b class="bad">FAILED</b>') : '',
            esc([m.method, m.note].filter(Boolean).join('; ')),
          ]
        : [m.status, '', '', '', '', esc(m.reason ?? '')];
    return `<tr class="${m.status}"><td>${esc(m.loss)}</td><td>${m.size}²</td><td title="${esc(backendLabels[m.backend])}">${esc(m.backend)}</td>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  return `<table><thead><tr><th>loss</th><th>size</th><th>backend</th><th>median ms (min–max)</th><th>evals/s</th><th>÷ gpu</th><th>% fill</th><th>check</th><th>notes</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function htmlReport(result: BenchResult): string {
  const warn = softwareWarning(result);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>losslab bench ${esc(result.date.slice(0, 10))}</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}tr.skipped,tr.failed{color:#888}.warn{background:#fde0dd;border:2px solid #c00;color:#900;padding:.5rem 1rem;font-weight:bold}.bad{color:#c00}pre{white-space:pre-wrap}</style>
</head><body>
<h1>losslab bench — ${esc(result.date)}</h1>
${warn ? `<p class="warn">⚠ ${esc(warn)}</p>` : ''}
${chartSvg(result)}
<h2>Measurements</h2>
${tableHtml(result)}
${landscapeTableHtml(result)}
<h2>Report</h2>
<pre>${esc(markdownReport(result))}</pre>
</body></html>
`;
}
