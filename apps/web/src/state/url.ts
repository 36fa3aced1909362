/**
 * The state in the URL's query string, both ways. Parsing trusts nothing:
 * every part is checked against the catalog, and a part that fails falls back
 * to its default with a notice saying so. Notices are plain text (the UI
 * renders them as text nodes), and quote at most a short piece of the input.
 */
import {
  type CustomLossSpec,
  formatDomain,
  inDomain,
  isContinuous,
  type LossDef,
  type NormalizedVariable,
  parseDomain,
  type VariableDef,
} from '@losslab/core';
import { lerp } from '../lib/range';
import { findQuestion, MAX_SEED } from '../practice';
import { parseCameraText } from './camera-text.js';
import { buildCustomLoss, catalogOf, type LossCatalog, MAX_CUSTOM_LOSSES } from './catalog.js';
import { defaultColorScale } from './color-scale.js';
import { axesFor, colormapFor, defaultState, lossState } from './defaults.js';
import { parseFit, writeFit } from './fit-url.js';
import { curvesFor, findCurveGroup, findLoss, startValue, startValues, variableOf } from './loss-setup.js';
import {
  type AppState,
  type AxisState,
  type CameraState,
  COLOR_SCALES,
  COLORMAPS,
  type CurvesState,
  MAX_CONTOURS,
  type OutputChoice,
  type PracticeState,
  RESOLUTIONS,
  THEMES,
  type VariableValues,
  VIEWS,
} from './types.js';

export interface ParseResult {
  readonly state: AppState;
  /** What was wrong with the URL, one sentence each; empty when all of it was used. */
  readonly notices: readonly string[];
}

/**
 * Text for a notice: control characters (C0, DEL, C1) would be invisible or
 * garble it, and bidi controls could reorder it, so each becomes '?'; at
 * most `max` characters.
 */
export function plainText(text: string, max: number): string {
  const clean = Array.from(text, (ch) => (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(ch) ? '?' : ch)).join('');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** A piece of untrusted input, shortened and quoted for a notice. */
export function quote(text: string): string {
  return `“${plainText(text, 40)}”`;
}

/** A finite number written in plain decimal or exponent notation; undefined otherwise. */
export function parseNumber(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

function oneOf<T extends string>(choices: readonly T[], text: string): T | undefined {
  return (choices as readonly string[]).includes(text) ? (text as T) : undefined;
}

function parseBoolean(text: string): boolean | undefined {
  if (text === '1' || text === 'true') return true;
  if (text === '0' || text === 'false') return false;
  return undefined;
}

class Reader {
  readonly notices: string[] = [];
  private readonly used = new Set<string>();

  constructor(private readonly params: URLSearchParams) {}

  get(key: string): string | undefined {
    this.used.add(key);
    return this.params.get(key) ?? undefined;
  }

  /** Every value of a repeated key, in order. */
  getAll(key: string): string[] {
    this.used.add(key);
    return this.params.getAll(key);
  }

  /** Every key with this prefix, without the prefix. */
  withPrefix(prefix: string): string[] {
    const keys: string[] = [];
    for (const key of new Set(this.params.keys())) {
      if (key.startsWith(prefix)) {
        keys.push(key.slice(prefix.length));
        this.used.add(key);
      }
    }
    return keys;
  }

  notice(text: string): void {
    if (this.notices.length < 20) this.notices.push(text);
  }

  /** Keys nobody asked for. */
  unused(): string[] {
    return [...new Set(this.params.keys())].filter((key) => !this.used.has(key));
  }
}

function parseAxis(
  r: Reader,
  loss: LossDef,
  key: 'x' | 'y',
  fallback: AxisState,
  other: string | undefined,
): AxisState | undefined {
  const text = r.get(key);
  if (text === undefined) return undefined;
  const [name = '', minText, maxText, scaleText] = text.split(',');
  const variable = variableOf(loss, name);
  if (!variable || !isContinuous(variable.domain) || name === other) {
    r.notice(
      `Axis ${key}: ${quote(name)} is not a free continuous variable of ${loss.id}; using ${fallback.variable}.`,
    );
    return undefined;
  }
  const min = parseNumber(minText);
  const max = parseNumber(maxText);
  const scale = scaleText === 'log' ? 'log' : 'linear';
  const fromPlot: AxisState = {
    variable: name,
    min: variable.plot.min,
    max: variable.plot.max,
    scale: variable.plot.scale,
  };
  if (scaleText !== undefined && scaleText !== 'log' && scaleText !== 'lin') {
    r.notice(`Axis ${key}: unknown scale ${quote(scaleText)}; using the default range of ${name}.`);
    return fromPlot;
  }
  if (min === undefined || max === undefined || !(min < max)) {
    r.notice(`Axis ${key}: the range of ${name} is not two increasing numbers; using the default range.`);
    return fromPlot;
  }
  if (!inDomain(variable.domain, min) || !inDomain(variable.domain, max)) {
    r.notice(`Axis ${key}: ${name} must stay in ${formatDomain(variable.domain)}; using the default range.`);
    return fromPlot;
  }
  if (scale === 'log' && !(min > 0)) {
    r.notice(`Axis ${key}: a log axis needs ${name} > 0; using the default range.`);
    return fromPlot;
  }
  return { variable: name, min, max, scale };
}

/** A variable's value from the URL, or its start value with a notice when the text is unusable. */
function parseValue(
  r: Reader,
  where: string,
  variable: VariableDef,
  text: string | undefined,
  fallback: number,
): number {
  if (text === undefined) return fallback;
  const value = parseNumber(text);
  if (value === undefined || !inDomain(variable.domain, value)) {
    r.notice(
      `${where}: ${variable.name} = ${quote(text)} is not in ${formatDomain(variable.domain)}; using ${String(fallback)}.`,
    );
    return fallback;
  }
  return value;
}

function parseValues(
  r: Reader,
  loss: LossDef,
  prefix: string,
  exclude: readonly string[],
  where: string,
): VariableValues {
  const values: Record<string, number> = {};
  for (const variable of loss.variables) {
    if (exclude.includes(variable.name)) continue;
    values[variable.name] = parseValue(
      r,
      where,
      variable,
      r.get(`${prefix}${variable.name}`),
      startValue(variable),
    );
  }
  return values;
}

function parseOutput(r: Reader, loss: LossDef): OutputChoice {
  const text = r.get('out');
  if (text === undefined || text === 'value') return 'value';
  const name = text.startsWith('d.') ? text.slice(2) : '';
  const variable = variableOf(loss, name);
  if (variable && isContinuous(variable.domain)) return { partial: name };
  r.notice(`Output ${quote(text)} is not the value or a partial of ${loss.id}; showing the value.`);
  return 'value';
}

function parseCamera(r: Reader, fallback: CameraState): CameraState {
  const text = r.get('cam');
  if (text === undefined) return fallback;
  const camera = parseCameraText(text, parseNumber);
  if (camera) return camera;
  r.notice(
    `Camera ${quote(text)} is not five numbers in range (yaw, pitch, distance, target x, target y); using the default view.`,
  );
  return fallback;
}

function parseCurves(r: Reader, fallback: CurvesState, catalog: LossCatalog): CurvesState {
  const family = r.get('cf');
  const variable = r.get('cv');
  let group = findCurveGroup(catalog, fallback.family, fallback.variable)!;
  if (family !== undefined || variable !== undefined) {
    const found = findCurveGroup(catalog, family ?? fallback.family, variable ?? fallback.variable);
    if (found) group = found;
    else
      r.notice(
        `Curves: no losses of family ${quote(family ?? '')} over ${quote(variable ?? '')}; showing the default.`,
      );
  }
  const inGroup = (id: string) => group.losses.some((l) => l.id === id);
  const listed = (key: string): string[] | undefined => {
    const text = r.get(key);
    if (text === undefined) return undefined;
    const ids = text.split(',').filter((id) => id !== '');
    const bad = ids.filter((id) => !inGroup(id));
    if (bad.length > 0)
      r.notice(`Curves: ignored ${bad.slice(0, 3).map(quote).join(', ')} (not in this plot's losses).`);
    return [...new Set(ids.filter(inGroup))];
  };
  const shown = listed('cl');
  const base = curvesFor(group, shown);
  const hidden = (listed('ch') ?? []).filter((id) => base.losses.includes(id));

  const params: Record<string, VariableValues> = { ...base.params };
  for (const key of r.withPrefix('cp.')) {
    const dot = key.indexOf('.');
    const loss = dot > 0 ? findLoss(catalog, key.slice(0, dot)) : undefined;
    const variable = loss && variableOf(loss, key.slice(dot + 1));
    if (!loss || !inGroup(loss.id) || !variable || variable.name === group.variable) {
      r.notice(`Curves: ignored the unknown parameter ${quote(key)}.`);
      continue;
    }
    const current = params[loss.id] ?? startValues(loss, [group.variable]);
    params[loss.id] = {
      ...current,
      [variable.name]: parseValue(
        r,
        `Curves (${loss.id})`,
        variable,
        r.get(`cp.${key}`),
        startValue(variable),
      ),
    };
  }

  let { min, max } = base;
  const rangeText = r.get('cx');
  if (rangeText !== undefined) {
    const [a, b] = rangeText.split(',').map(parseNumber);
    // Every shown loss must be defined over the range (those not shown may not be: a custom r > 0).
    const fits = (v: number) =>
      group.losses.every((l) => {
        const x = variableOf(l, group.variable);
        return !base.losses.includes(l.id) || !x || inDomain(x.domain, v);
      });
    if (a !== undefined && b !== undefined && a < b && fits(a) && fits(b)) {
      min = a;
      max = b;
    } else
      r.notice(
        `Curves: range ${quote(rangeText)} is not two increasing numbers in the domain; using the default.`,
      );
  }
  let probe = base.probe < min || base.probe > max ? lerp(min, max, 0.75) : base.probe;
  const probeText = r.get('probe');
  if (probeText !== undefined) {
    const value = parseNumber(probeText);
    if (value !== undefined && value >= min && value <= max) probe = value;
    else
      r.notice(`Curves: probe ${quote(probeText)} is not inside the plotted range; using ${String(probe)}.`);
  }
  const logText = r.get('logy');
  const logY = logText === undefined ? false : (parseBoolean(logText) ?? false);
  const halfText = r.get('halfmse');
  const halfMse = halfText === undefined ? false : parseBoolean(halfText);
  if (halfMse === undefined) r.notice(`Curves: halfmse ${quote(halfText ?? '')} is not 1 or 0; using 0.`);
  return { ...base, hidden, params, min, max, probe, logY, halfMse: halfMse ?? false };
}

function parsePractice(r: Reader, fallback: PracticeState): PracticeState {
  let { question, seed } = fallback;
  const questionText = r.get('pq');
  if (questionText !== undefined) {
    if (findQuestion(questionText)) question = questionText;
    else r.notice(`Practice: unknown question ${quote(questionText)}; showing ${question}.`);
  }
  const seedText = r.get('ps');
  if (seedText !== undefined) {
    const value = /^\d{1,10}$/.test(seedText) ? Number(seedText) : Number.NaN;
    if (value <= MAX_SEED) seed = value;
    else
      r.notice(
        `Practice: numbers ${quote(seedText)} are not a whole number from 0 to ${MAX_SEED}; using ${seed}.`,
      );
  }
  return { question, seed };
}

/** The longest custom loss a link may carry: the formula's 2000 characters and eight variables, quoted. */
const MAX_CUSTOM_TEXT = 6000;

/**
 * The custom losses of a link: each a `custom` part holding the loss's
 * specification as JSON (core's CustomLossSpec), checked by core's own
 * checks (`customLoss`: every field, the formula's grammar and limits). A
 * part that fails is left out with a notice quoting core's message as plain
 * text; so are duplicates and any beyond MAX_CUSTOM_LOSSES.
 */
function parseCustom(r: Reader): CustomLossSpec[] {
  const specs: CustomLossSpec[] = [];
  r.getAll('custom').forEach((text, k) => {
    const where = `Your loss ${k + 1}`;
    if (specs.length >= MAX_CUSTOM_LOSSES) {
      r.notice(`${where}: at most ${MAX_CUSTOM_LOSSES} losses of your own at once; left out.`);
      return;
    }
    if (text.length > MAX_CUSTOM_TEXT) {
      r.notice(
        `${where}: ${text.length} characters is too long for a loss (at most ${MAX_CUSTOM_TEXT}); left out.`,
      );
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      r.notice(`${where}: ${quote(text)} is not a loss definition (JSON); left out.`);
      return;
    }
    let spec: CustomLossSpec;
    try {
      // Core checks everything about `raw`, whatever it is (not only CustomLossSpecs).
      spec = buildCustomLoss(raw as CustomLossSpec).source!.spec;
    } catch (error) {
      const why = error instanceof RangeError ? error.message : 'it is not a loss definition';
      r.notice(`${where}: ${plainText(why, 200)}; left out.`);
      return;
    }
    if (specs.some((s) => s.id === spec.id)) {
      r.notice(`${where}: the id ${quote(spec.id)} is taken by another of your losses; left out.`);
      return;
    }
    specs.push(spec);
  });
  return specs;
}

/** A custom specification as a link carries it: the normalised one, less the fields at their defaults. */
export function urlForm(spec: CustomLossSpec): CustomLossSpec {
  const variable = (v: NormalizedVariable | CustomLossSpec['variables'][number]) => {
    const { label, scale, range, ...rest } = v;
    // A set's range defaults to its smallest and largest values (and a one-value set has no other).
    const domain = typeof v.domain === 'string' ? parseDomain(v.domain) : v.domain;
    const implied =
      typeof domain !== 'string' &&
      domain.kind === 'set' &&
      range?.[0] === Math.min(...domain.values) &&
      range?.[1] === Math.max(...domain.values);
    return {
      ...rest,
      ...(range !== undefined && !implied ? { range } : {}),
      ...(scale !== undefined && scale !== 'linear' ? { scale } : {}),
      ...(label !== undefined && label !== v.name ? { label } : {}),
    };
  };
  const { name, ...rest } = spec;
  return {
    ...rest,
    ...(name !== undefined && name !== spec.id ? { name } : {}),
    variables: spec.variables.map(variable),
  };
}

/** Reads a URL query string (with or without the leading "?") into a full, valid state. */
export function parseState(search: string): ParseResult {
  const r = new Reader(new URLSearchParams(search));
  const defaults = defaultState();

  const viewText = r.get('view');
  const view = viewText === undefined ? defaults.view : oneOf(VIEWS, viewText);
  if (view === undefined) r.notice(`Unknown view ${quote(viewText ?? '')}; showing ${defaults.view}.`);

  const custom = parseCustom(r);
  const catalog = catalogOf(custom);

  const lossText = r.get('loss');
  let loss = findLoss(catalog, defaults.loss)!;
  if (lossText !== undefined) {
    const found = findLoss(catalog, lossText);
    if (found) loss = found;
    else r.notice(`Unknown loss ${quote(lossText)}; showing ${loss.id}.`);
  }
  const base = lossState(loss);
  const [defaultX, defaultY] = axesFor(loss);
  let x = base.x;
  let y = base.y;
  if (defaultX.variable !== defaultY.variable) {
    const parsedX = parseAxis(r, loss, 'x', defaultX, undefined);
    x = parsedX ?? defaultX;
    const fallbackY = x.variable === defaultY.variable ? defaultX : defaultY;
    y = parseAxis(r, loss, 'y', fallbackY, x.variable) ?? fallbackY;
  }
  const params = parseValues(r, loss, 'p.', [x.variable, y.variable], `Parameter of ${loss.id}`);
  for (const key of r.withPrefix('p.')) {
    if (!variableOf(loss, key)) r.notice(`Ignored ${quote(`p.${key}`)}: ${loss.id} has no such variable.`);
  }
  const output = parseOutput(r, loss);

  const pick = <T extends string>(key: string, choices: readonly T[], fallback: T, what: string): T => {
    const text = r.get(key);
    if (text === undefined) return fallback;
    const value = oneOf(choices, text);
    if (value === undefined) r.notice(`Unknown ${what} ${quote(text)}; using ${fallback}.`);
    return value ?? fallback;
  };
  const colormap = pick('cmap', COLORMAPS, colormapFor(output), 'colormap');
  // Without one in the link, the scale this loss opens with (log where linear would hide the picture).
  const colorScale = pick(
    'cscale',
    COLOR_SCALES,
    defaultColorScale({ loss: loss.id, x, y, params, output }, catalog),
    'color scale',
  );
  const theme = pick('theme', THEMES, defaults.theme, 'theme');

  let resolution = defaults.resolution;
  const resText = r.get('res');
  if (resText !== undefined) {
    const found = RESOLUTIONS.find((n) => String(n) === resText);
    if (found) resolution = found;
    else
      r.notice(`Resolution ${quote(resText)} is not one of ${RESOLUTIONS.join(', ')}; using ${resolution}.`);
  }
  let contours = defaults.contours;
  const contourText = r.get('contours');
  if (contourText !== undefined) {
    const value = parseNumber(contourText);
    if (value !== undefined && Number.isInteger(value) && value >= 0 && value <= MAX_CONTOURS)
      contours = value;
    else
      r.notice(
        `Contours ${quote(contourText)} is not a whole number from 0 to ${MAX_CONTOURS}; using ${contours}.`,
      );
  }
  const flag = (key: string, fallback: boolean, what: string): boolean => {
    const text = r.get(key);
    if (text === undefined) return fallback;
    const value = parseBoolean(text);
    if (value === undefined) r.notice(`${what} ${quote(text)} is not 1 or 0; using ${fallback ? 1 : 0}.`);
    return value ?? fallback;
  };
  const wireframe = flag('wire', defaults.wireframe, 'Wireframe');
  const forceCpu = flag('cpu', defaults.forceCpu, 'Force-CPU');
  const camera = parseCamera(r, defaults.camera);
  const curves = parseCurves(r, defaults.curves, catalog);
  const practice = parsePractice(r, defaults.practice);
  const fit = parseFit(r, catalog.all, quote, parseNumber);

  const unknown = r.unused();
  if (unknown.length > 0)
    r.notice(
      `Ignored unknown URL part${unknown.length > 1 ? 's' : ''} ${unknown.slice(0, 3).map(quote).join(', ')}.`,
    );

  return {
    state: {
      view: view ?? defaults.view,
      custom,
      loss: loss.id,
      x,
      y,
      params,
      output,
      colormap,
      colorScale,
      resolution,
      contours,
      camera,
      wireframe,
      forceCpu,
      theme,
      curves,
      practice,
      fit,
    },
    notices: r.notices,
  };
}

const axisText = (a: AxisState) => `${a.variable},${a.min},${a.max},${a.scale === 'log' ? 'log' : 'lin'}`;

/** The query string (without "?") that `parseState` reads back into the same state. */
export function serializeState(state: AppState): string {
  const out = new URLSearchParams();
  out.set('view', state.view);
  for (const spec of state.custom) out.append('custom', JSON.stringify(urlForm(spec)));
  out.set('loss', state.loss);
  if (state.x.variable !== state.y.variable) {
    out.set('x', axisText(state.x));
    out.set('y', axisText(state.y));
  }
  for (const [name, value] of Object.entries(state.params)) out.set(`p.${name}`, String(value));
  out.set('out', state.output === 'value' ? 'value' : `d.${state.output.partial}`);
  out.set('cmap', state.colormap);
  out.set('cscale', state.colorScale);
  out.set('res', String(state.resolution));
  out.set('contours', String(state.contours));
  const c = state.camera;
  out.set('cam', [c.yaw, c.pitch, c.distance, c.targetX, c.targetY].join(','));
  out.set('wire', state.wireframe ? '1' : '0');
  out.set('cpu', state.forceCpu ? '1' : '0');
  out.set('theme', state.theme);

  const curves = state.curves;
  out.set('cf', curves.family);
  out.set('cv', curves.variable);
  out.set('cl', curves.losses.join(','));
  if (curves.hidden.length > 0) out.set('ch', curves.hidden.join(','));
  out.set('cx', `${curves.min},${curves.max}`);
  out.set('probe', String(curves.probe));
  out.set('logy', curves.logY ? '1' : '0');
  if (curves.halfMse) out.set('halfmse', '1');
  out.set('pq', state.practice.question);
  out.set('ps', String(state.practice.seed));
  // Only parameters moved off their start value: the URL stays short, and parsing restores the rest.
  const catalog = catalogOf(state.custom);
  for (const [id, values] of Object.entries(curves.params)) {
    const loss = findLoss(catalog, id);
    if (!loss) continue;
    for (const [name, value] of Object.entries(values)) {
      const variable = variableOf(loss, name);
      if (variable && value !== startValue(variable)) out.set(`cp.${id}.${name}`, String(value));
    }
  }
  writeFit(out, state.fit, catalog.all);
  return out.toString();
}
