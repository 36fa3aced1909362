/** The landscape suite's part of the report: the peak, a headline per case, every row. */
import type { BackendId, BenchResult, LandscapeMeasurement } from './types.js';

const fmtMs = (ms: number): string =>
  ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
const fmtRate = (r: number): string =>
  r >= 1e12
    ? `${(r / 1e12).toFixed(2)} T/s`
    : r >= 1e9
      ? `${(r / 1e9).toFixed(2)} G/s`
      : `${(r / 1e6).toFixed(1)} M/s`;
const fmtRatio = (r: number): string => (r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2));
const fmtFlops = (f: number): string =>
  f >= 1e12
    ? `${(f / 1e12).toFixed(1)} TFLOP/s`
    : f >= 1e9
      ? `${(f / 1e9).toFixed(1)} GFLOP/s`
      : `${(f / 1e6).toFixed(0)} MFLOP/s`;
const fmtN = (n: number): string => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function findRow(
  rows: readonly LandscapeMeasurement[],
  backend: BackendId,
  m: Pick<LandscapeMeasurement, 'loss' | 'size' | 'n'>,
): LandscapeMeasurement | undefined {
  return rows.find(
    (r) =>
      r.backend === backend && r.loss === m.loss && r.size === m.size && r.n === m.n && r.status === 'ok',
  );
}

const peers: BackendId[] = ['cpu1', 'cpuN', 'js', 'tfjs-webgpu', 'torch-cuda'];

/** The markdown section (empty when the suite did not run). */
export function landscapeMarkdown(result: BenchResult): string[] {
  const rows = result.landscapes;
  const land = result.options.landscape;
  if (!rows || !land) return [];
  const out: string[] = ['## Landscapes (total loss over n data points on a size² grid of (w, b))', ''];
  const p = result.peak;
  if (p) {
    const table = p.tableFlopsPerSec
      ? `${fmtFlops(p.tableFlopsPerSec)} from the datasheet (${p.tableName})`
      : 'no datasheet figure for this GPU';
    const measured = p.measuredFlopsPerSec
      ? `${fmtFlops(p.measuredFlopsPerSec)} measured (${p.measuredMethod})`
      : `not measured${p.reason ? `: ${p.reason}` : ''}`;
    out.push(
      `- f32 peak: **${fmtFlops(p.flopsPerSec)}** (${p.basis === 'table' ? 'the datasheet’s' : 'measured'}); ${table}; ${measured}.`,
      '- Flops per evaluation: + − × ÷ counted in the generated WGSL (term, prelude helpers per call, the TwoSum step and the weight; the costlier branch where code branches; apps/bench/src/flops.ts). % of peak = evaluations/s × flops per evaluation ÷ peak.',
    );
  }
  out.push(
    '- CPU-side rows marked “k of N rows” computed those rows only; their times are scaled to the whole grid (every row is the same work).',
    '',
    '| loss | size | n | GPU ms | GPU evals/s | % of f32 peak | vs cpu1 | vs cpuN | vs js | vs tfjs-webgpu | vs torch-cuda |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const size of land.sizes) {
    for (const n of land.ns) {
      for (const loss of land.losses) {
        const key = { loss, size, n };
        const g = findRow(rows, 'gpu', key);
        if (!g?.time) {
          out.push(`| ${loss} | ${size}² | ${fmtN(n)} | — | | | | | | | |`);
          continue;
        }
        const ratios = peers.map((b) => {
          const peer = findRow(rows, b, key);
          return peer?.time ? `${fmtRatio(peer.time.medianMs / g.time!.medianMs)}×` : '—';
        });
        const peak = g.peakFraction !== undefined ? `${(100 * g.peakFraction).toFixed(1)}%` : '—';
        out.push(
          `| ${loss} | ${size}² | ${fmtN(n)} | ${fmtMs(g.time.medianMs)} | ${fmtRate(g.evalsPerSec!)} | ${peak} | ${ratios.join(' | ')} |`,
        );
      }
    }
  }
  out.push(
    '',
    '### Every landscape row',
    '',
    '| loss | size | n | backend | median ms (min–max), whole grid | evals/s | flops/eval | % peak | method | check |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const m of rows) {
    const head = `| ${m.loss} | ${m.size}² | ${fmtN(m.n)} | ${m.backend} |`;
    if (m.status !== 'ok' || !m.time) {
      out.push(`${head} ${m.status} | | | | ${m.reason ?? ''} | |`);
      continue;
    }
    const check = m.checksum
      ? m.checksum.ok
        ? `ok (${m.checksum.maxRelErr.toExponential(0)})`
        : `**FAILED** (${m.checksum.maxRelErr.toExponential(1)}, ${m.checksum.nonFiniteMismatches} ±∞)`
      : '';
    const xcheck = m.batchedWallMs !== undefined ? `; batched wall ${fmtMs(m.batchedWallMs)}` : '';
    out.push(
      `${head} ${fmtMs(m.time.medianMs)} (${fmtMs(m.time.minMs)}–${fmtMs(m.time.maxMs)}) | ${fmtRate(m.evalsPerSec!)} | ${m.flopsPerEval ?? ''} | ${m.peakFraction !== undefined ? `${(100 * m.peakFraction).toFixed(1)}%` : ''} | ${m.method ?? ''}${xcheck}${m.note ? `; ${m.note}` : ''} | ${check} |`,
    );
  }
  out.push('');
  return out;
}

/** The rows as an HTML table (for the report page). */
export function landscapeTableHtml(result: BenchResult): string {
  const rows = result.landscapes;
  if (!rows?.length) return '';
  const body = rows.map((m) => {
    const g = findRow(rows, 'gpu', m);
    const cells =
      m.status === 'ok' && m.time
        ? [
            `${fmtMs(m.time.medianMs)} <small>(${fmtMs(m.time.minMs)}–${fmtMs(m.time.maxMs)})</small>`,
            fmtRate(m.evalsPerSec!),
            g?.time ? fmtRatio(m.time.medianMs / g.time.medianMs) : '',
            m.peakFraction !== undefined ? `${(100 * m.peakFraction).toFixed(1)}%` : '',
            m.checksum ? (m.checksum.ok ? 'ok' : '<b class="bad">FAILED</b>') : '',
            esc([m.method, m.note].filter(Boolean).join('; ')),
          ]
        : [m.status, '', '', '', '', esc(m.reason ?? '')];
    return `<tr class="${m.status}"><td>${esc(m.loss)}</td><td>${m.size}²</td><td>${m.n}</td><td>${esc(m.backend)}</td>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  return `<h2>Landscapes</h2><table><thead><tr><th>loss</th><th>size</th><th>n</th><th>backend</th><th>median ms (whole grid)</th><th>evals/s</th><th>÷ gpu</th><th>% f32 peak</th><th>check</th><th>notes</th></tr></thead><tbody>${body.join('')}</tbody></table>`;
}
