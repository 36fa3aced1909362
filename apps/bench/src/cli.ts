/**
 * The bench CLI (Node + the `webgpu` package).
 *
 *   pnpm --filter @losslab/bench bench -- --losses mse,huber --sizes 256,1024 --reps 10 \
 *     --backends gpu,cpu1,cpuN,js,tfjs-cpu,tfjs-webgpu [--quick] [--out DIR] [--torch scripts/torch_peer.py]
 *
 * Prints a table, writes results.json, report.md, chart.svg and report.html
 * under DIR/<date>-<adapter>/ (DIR: apps/bench/results, or results/tmp in
 * quick mode).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lossIds } from '@losslab/core';
import { nodeEnv } from './env-node.js';
import { coverageProblems, requiredBackends } from './expectations.js';
import { defaultLandscape, quickLandscape } from './landscape-measure.js';
import { defaultLosses, defaultMaxSize, quickOptions, runBench } from './measure.js';
import { chartSvg, htmlReport, markdownReport, softwareWarning } from './report.js';
import { mergeTorch, torchSpecs } from './torch.js';
import { type BackendId, type BenchOptions, type BenchResult, backendIds } from './types.js';

const usage = `losslab bench
  --suites a,b          sweep, landscape (default: both)
  --losses a,b|all      sweep losses (default: ${defaultLosses.join(',')})
  --sizes 256,1024      points per axis (default 256,1024,4096,16384; quick: ${quickOptions.sizes.join(',')})
  --reps N              timed repetitions (default 10; quick: ${quickOptions.reps})
  --warmup N            untimed warm-up runs (default 2; quick: ${quickOptions.warmup})
  --backends a,b        of ${backendIds.join(', ')} (default: all but torch-cuda; gpu implies gpu-readback)
  --max-size b=N,...    largest size per backend (defaults: ${Object.entries(defaultMaxSize)
    .map(([b, n]) => `${b}=${n}`)
    .join(' ')})
  --budget S            seconds per case before reps are cut (≥ 3 reps; default 20)
  --workers N           cpuN workers (default: all cores)
  --landscape-losses a,b   landscape losses (default: ${defaultLandscape.losses.join(',')})
  --landscape-sizes 256,…  landscape grid points per axis (default ${defaultLandscape.sizes.join(',')}; quick: ${quickLandscape.sizes.join(',')})
  --landscape-n 100,…      data points per landscape (default ${defaultLandscape.ns.join(',')}; quick: ${quickLandscape.ns.join(',')})
  --quick               small sizes, few reps: a smoke test
  --out DIR             write results under DIR/<date>-<adapter>/
  --torch SCRIPT        run PyTorch's peer (python3 SCRIPT) first and merge it
  --merge-torch FILE    merge a torch_peer.py JSON written earlier`;

export interface CliArgs {
  readonly options: BenchOptions;
  readonly out: string | undefined;
  readonly torchScript: string | undefined;
  readonly mergeTorch: string | undefined;
  readonly workers: number | undefined;
  readonly python: string;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function positiveInt(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} needs a positive integer, got ${String(value)}`);
  return n;
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') continue;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}\n${usage}`);
    const [key, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (key === 'quick' || key === 'help') args.set(key, 'true');
    else args.set(key, inline ?? argv[++i] ?? '');
  }
  if (args.has('help')) {
    console.log(usage);
    process.exit(0);
  }
  const quick = args.has('quick');
  const losses = args.get('losses') === 'all' ? [...lossIds] : list(args.get('losses'));
  const requested = list(args.get('backends')) as BackendId[];
  for (const b of requested)
    if (!backendIds.includes(b)) throw new Error(`unknown backend ${b}; known: ${backendIds.join(', ')}`);
  const expanded = requested.length
    ? requested.flatMap((b) => (b === 'gpu' ? (['gpu', 'gpu-readback'] as const) : [b]))
    : backendIds.filter((b) => b !== 'torch-cuda');
  const maxSize: Partial<Record<BackendId, number>> = {};
  for (const pair of list(args.get('max-size'))) {
    const [b, n] = pair.split('=') as [BackendId, string];
    if (!backendIds.includes(b)) throw new Error(`--max-size: unknown backend ${b}`);
    maxSize[b] = positiveInt(`--max-size ${b}`, n);
  }
  const sizes = args.has('sizes')
    ? list(args.get('sizes')).map((s) => positiveInt('--sizes', s))
    : quick
      ? quickOptions.sizes
      : [256, 1024, 4096, 16384];
  const suites = args.has('suites') ? list(args.get('suites')) : ['sweep', 'landscape'];
  for (const suite of suites)
    if (suite !== 'sweep' && suite !== 'landscape')
      throw new Error(`unknown suite ${suite}; known: sweep, landscape`);
  const landBase = quick ? quickLandscape : defaultLandscape;
  const landscape = suites.includes('landscape')
    ? {
        losses: args.has('landscape-losses') ? list(args.get('landscape-losses')) : [...landBase.losses],
        sizes: args.has('landscape-sizes')
          ? list(args.get('landscape-sizes')).map((s) => positiveInt('--landscape-sizes', s))
          : [...landBase.sizes],
        ns: args.has('landscape-n')
          ? list(args.get('landscape-n')).map((s) => positiveInt('--landscape-n', s))
          : [...landBase.ns],
      }
    : undefined;
  const sweeps = suites.includes('sweep');
  const options: BenchOptions = {
    losses: sweeps ? (losses.length ? losses : [...defaultLosses]) : [],
    sizes: sweeps ? sizes : [],
    reps: args.has('reps') ? positiveInt('--reps', args.get('reps')) : quick ? quickOptions.reps : 10,
    warmup: args.has('warmup')
      ? positiveInt('--warmup', args.get('warmup'))
      : quick
        ? quickOptions.warmup
        : 2,
    backends: [...new Set(expanded)],
    maxSize,
    budgetS: args.has('budget') ? Number(args.get('budget')) : quick ? quickOptions.budgetS : 20,
    quick,
    ...(landscape ? { landscape } : {}),
  };
  return {
    options,
    out: args.get('out'),
    torchScript: args.get('torch'),
    mergeTorch: args.get('merge-torch'),
    workers: args.has('workers') ? positiveInt('--workers', args.get('workers')) : undefined,
    python: args.get('python') ?? 'python3',
  };
}

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 48) || 'unknown';

/** Where results go: DIR/<date>-<adapter>/. */
export function resultsDir(result: BenchResult, out: string | undefined): string {
  const fromSource = import.meta.url.endsWith('.ts');
  const base =
    out ??
    (fromSource
      ? join(dirname(fileURLToPath(import.meta.url)), '..', 'results', result.options.quick ? 'tmp' : '')
      : resolve('results'));
  // The name before any parenthesised driver string: "NVIDIA H100 80GB HBM3 (nvidia: 580…)".
  const adapter = result.adapter ? (result.adapter.description.split(' (')[0] ?? 'gpu') : 'no-gpu';
  return join(base, `${result.date.slice(0, 10)}-${slug(adapter)}`);
}

export function writeResults(result: BenchResult, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['results.json', `${JSON.stringify(result, null, 1)}\n`],
    ['report.md', markdownReport(result)],
    ['chart.svg', chartSvg(result)],
    ['report.html', htmlReport(result)],
  ];
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}

function runTorch(args: CliArgs, dir: string): string | undefined {
  if (!args.torchScript) return args.mergeTorch;
  mkdirSync(dir, { recursive: true });
  const specsFile = join(dir, 'torch-specs.json');
  const outFile = join(dir, 'torch.json');
  writeFileSync(specsFile, JSON.stringify(torchSpecs(args.options)));
  console.log(`running ${args.python} ${args.torchScript} (PyTorch peer) ...`);
  const r = spawnSync(args.python, [args.torchScript, '--specs', specsFile, '--out', outFile], {
    stdio: 'inherit',
    timeout: 300_000,
  });
  if (r.status !== 0)
    console.log(
      `PyTorch peer failed (status ${r.status}${r.error ? `, ${r.error.message}` : ''}); continuing without it`,
    );
  return r.status === 0 ? outFile : undefined;
}

export async function main(argv: readonly string[]): Promise<BenchResult> {
  const args = parseArgs(argv);
  // PyTorch first, while nothing else holds the GPU.
  const staging = mkdtempSync(join(tmpdir(), 'losslab-torch-'));
  const torchFile = runTorch(args, staging);
  const env = await nodeEnv(args.workers !== undefined ? { workers: args.workers } : {});
  const land = args.options.landscape;
  console.log(
    `losslab bench: sweeps ${args.options.losses.join(', ') || 'none'} at ${args.options.sizes.map((s) => `${s}²`).join(', ') || '—'}; landscapes ${land ? `${land.losses.join(', ')} at ${land.sizes.map((s) => `${s}²`).join(', ')} × n ${land.ns.join(', ')}` : 'none'}; backends ${args.options.backends.join(', ')}`,
  );
  let result = await runBench(args.options, env);
  if (torchFile) result = mergeTorch(result, JSON.parse(readFileSync(torchFile, 'utf8')));
  // Files first: if anything fails while printing, the measurements are on disk.
  const dir = resultsDir(result, args.out);
  const files = writeResults(result, dir);
  if (torchFile) writeFileSync(join(dir, 'torch.json'), readFileSync(torchFile));
  const warn = softwareWarning(result);
  if (warn) console.log(`\n${'!'.repeat(100)}\n!! ${warn}\n${'!'.repeat(100)}`);
  console.log(`\n${markdownReport(result)}`);
  console.log(`wrote ${files.join(', ')}`);
  // A backend that should have run here but did not is an error, not a quiet row (see expectations.ts).
  // Peers without a formula for a loss, or without their backend on this runtime, may skip in a CLI run.
  const problems = coverageProblems(result, {
    required: requiredBackends({ webgpuAdapter: result.adapter !== null }),
    allowedSkips: ['size-limit', 'no-formula'],
  });
  if (problems.length) {
    console.log(`\n${'!'.repeat(100)}\n!! incomplete run (${problems.length}):`);
    for (const p of problems) console.log(`!!   ${p}`);
    process.exitCode = 1;
  }
  return result;
}

const invokedDirectly =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    () => process.exit(process.exitCode ?? 0),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
