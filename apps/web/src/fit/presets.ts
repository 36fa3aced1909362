/**
 * The fit lab's datasets, each generated from a seed: a clean line and three
 * ways data goes wrong for regression; three class layouts for 0/1
 * classification. Each preset also has a clean generator (no outliers, no
 * flipped labels, no leverage point) that draws fresh held-out data, so a
 * fit's test error says how well it learned the line, not the noise.
 */
import { type Random, seededRandom } from '../practice/random';

export type FitTask = 'regression' | 'classification';

export const PRESETS = [
  'clean',
  'outliers',
  'student_t',
  'leverage',
  'overlapping',
  'separable',
  'mislabeled',
] as const;
export type PresetId = (typeof PRESETS)[number];

export interface PresetInfo {
  readonly id: PresetId;
  readonly task: FitTask;
  readonly label: string;
  /** What the preset shows, in a sentence. */
  readonly description: string;
}

export const PRESET_INFO: Readonly<Record<PresetId, PresetInfo>> = {
  clean: {
    id: 'clean',
    task: 'regression',
    label: 'Clean line, Gaussian noise',
    description: 'y = 1.5·x + 2 plus Gaussian noise (σ = 1): every loss finds about the same line.',
  },
  outliers: {
    id: 'outliers',
    task: 'regression',
    label: '10% gross outliers',
    description:
      'The clean line with one point in ten thrown far above it: MSE is dragged up, Huber barely moves, Tukey ignores them.',
  },
  student_t: {
    id: 'student_t',
    task: 'regression',
    label: 'Heavy-tailed (Student-t) noise',
    description: 'The line with Student-t noise (ν = 1.5): no single outlier, but the tails pull on MSE.',
  },
  leverage: {
    id: 'leverage',
    task: 'regression',
    label: 'One leverage point',
    description:
      'The clean line plus one point far out in x and off the line: robust-in-y losses like Huber still tilt towards it.',
  },
  overlapping: {
    id: 'overlapping',
    task: 'classification',
    label: 'Overlapping classes',
    description: 'Class 0 around x = −1, class 1 around x = +1, overlapping (σ = 1.2).',
  },
  separable: {
    id: 'separable',
    task: 'classification',
    label: 'Separable classes',
    description:
      'A gap between the classes: logistic and cross-entropy losses have no finite minimizer without a ridge term.',
  },
  mislabeled: {
    id: 'mislabeled',
    task: 'classification',
    label: 'A few mislabeled points',
    description: 'Well-separated classes with four labels flipped deep inside the other class.',
  },
};

export function presetsOf(task: FitTask): readonly PresetId[] {
  return PRESETS.filter((p) => PRESET_INFO[p].task === task);
}

export function isPreset(text: string): text is PresetId {
  return (PRESETS as readonly string[]).includes(text);
}

export interface XY {
  readonly x: number;
  readonly y: number;
}

/** The clean line of the regression presets. */
export const TRUE_LINE = { w: 1.5, b: 2 } as const;
const NOISE_SD = 1;
const REGRESSION_POINTS = 40;
const CLASSIFICATION_POINTS = 60;
/** Held-out points per test set: the test error's own sampling error stays near 2%. */
export const HELD_OUT_POINTS = 2000;

/** Generated coordinates keep three decimals: short links, and the same numbers everywhere. */
const round3 = (value: number) => Math.round(value * 1000) / 1000 + 0;

/** A standard normal draw (Box–Muller; 1 − u keeps the log finite). */
function normal(random: Random): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A Student-t draw with ν degrees of freedom: Z / √(χ²_ν/ν), χ² as a Gamma(ν/2, 2) by Marsaglia–Tsang. */
function studentT(random: Random, nu: number): number {
  return normal(random) / Math.sqrt((2 * gamma(random, nu / 2)) / nu);
}

function gamma(random: Random, shape: number): number {
  if (shape < 1) return gamma(random, shape + 1) * (1 - random.next()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normal(random);
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - random.next();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

const uniform = (random: Random, min: number, max: number) => min + (max - min) * random.next();
const lineAt = (x: number) => TRUE_LINE.w * x + TRUE_LINE.b;

function cleanRegression(random: Random, n: number): XY[] {
  return Array.from({ length: n }, () => {
    const x = uniform(random, -5, 5);
    return { x: round3(x), y: round3(lineAt(x) + NOISE_SD * normal(random)) };
  });
}

/** The two classes' x distributions of a classification preset (no flipped labels). */
function cleanClasses(preset: PresetId, random: Random, n: number): XY[] {
  const points: XY[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const sign = label === 1 ? 1 : -1;
    let x: number;
    if (preset === 'overlapping') x = sign + 1.2 * normal(random);
    else if (preset === 'separable') x = sign * uniform(random, 0.5, 4);
    else x = sign * 1.5 + 0.7 * normal(random);
    points.push({ x: round3(x), y: label });
  }
  return points;
}

/** The preset's points for a seed: the same seed gives the same points everywhere. */
export function generatePreset(preset: PresetId, seed: number): XY[] {
  const random = seededRandom(seed);
  switch (preset) {
    case 'clean':
      return cleanRegression(random, REGRESSION_POINTS);
    case 'outliers': {
      const points = cleanRegression(random, REGRESSION_POINTS);
      // One in ten, spread through the data, lifted 12–25 above the line.
      return points.map((p, i) =>
        i % 10 === 3 ? { x: p.x, y: round3(lineAt(p.x) + uniform(random, 12, 25)) } : p,
      );
    }
    case 'student_t':
      return Array.from({ length: REGRESSION_POINTS }, () => {
        const x = uniform(random, -5, 5);
        return { x: round3(x), y: round3(lineAt(x) + NOISE_SD * studentT(random, 1.5)) };
      });
    case 'leverage': {
      const points = cleanRegression(random, REGRESSION_POINTS - 1);
      // Far out in x, well below where the line would be.
      const x = round3(uniform(random, 22, 26));
      return [...points, { x, y: round3(uniform(random, -12, -6)) }];
    }
    case 'overlapping':
    case 'separable':
      return cleanClasses(preset, random, CLASSIFICATION_POINTS);
    case 'mislabeled': {
      const points = cleanClasses(preset, random, CLASSIFICATION_POINTS);
      // Four labels flipped among the points furthest inside their class.
      const deepest = points
        .map((p, i) => ({ i, depth: p.y === 1 ? p.x : -p.x }))
        .sort((a, b) => b.depth - a.depth)
        .slice(0, 4);
      for (const { i } of deepest) points[i] = { x: points[i]!.x, y: 1 - points[i]!.y };
      return points;
    }
  }
}

/**
 * Fresh data from the preset's clean generator, from a stream of its own
 * (the seed's held-out stream never repeats a training draw): for
 * regression the clean line with Gaussian noise, for classification the
 * classes with their true labels.
 */
export function heldOutData(preset: PresetId, seed: number, n = HELD_OUT_POINTS): XY[] {
  const random = seededRandom((seed ^ 0x5bd1e995) >>> 0);
  if (PRESET_INFO[preset].task === 'regression') {
    return Array.from({ length: n }, () => {
      const x = uniform(random, -5, 5);
      return { x, y: lineAt(x) + NOISE_SD * normal(random) };
    });
  }
  return cleanClasses(preset === 'mislabeled' ? 'mislabeled' : preset, random, n);
}

/** In words: what the held-out data is, for the table's caption. */
export function heldOutDescription(task: FitTask): string {
  return task === 'regression'
    ? `${HELD_OUT_POINTS} fresh points from the clean line y = ${TRUE_LINE.w}·x + ${TRUE_LINE.b} with Gaussian noise (σ = ${NOISE_SD}), x in [−5, 5]: no outliers, no heavy tails, no leverage point.`
    : `${HELD_OUT_POINTS} fresh points from the same two classes with their true labels (none flipped).`;
}
