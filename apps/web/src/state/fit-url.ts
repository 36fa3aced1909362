/**
 * The fit lab's part of the URL, both ways. Compact: a preset, its seed and
 * the edits made to its points (d<i> deleted, m<i>:x:y moved, a:x:y added),
 * or the points themselves for imported data; then the losses, their
 * hyperparameters, the ridge, the landscape's loss and range, and the
 * optimizer settings. Parsing trusts nothing: each part that fails falls
 * back with a notice. Nothing is written while the whole fit state is the
 * default, so other views' links stay short.
 */
import { formatDomain, inDomain, type LossDef } from '@losslab/core';
import { applyEdits, editsOf, parsePointsText, pointsText, presetPoints } from '../fit/dataset';
import { type LandscapeRange, validRange } from '../fit/frame';
import { fitLossesFor, hyperparameters, MAX_FIT_LOSSES } from '../fit/losses';
import { type FitTask, isPreset, PRESET_INFO } from '../fit/presets';
import { MAX_SEED } from '../practice/random';
import { parseCameraText } from './camera-text.js';
import {
  DEFAULT_OPTIMIZER,
  DEFAULT_PRESET,
  defaultFitState,
  defaultParams,
  type FitState,
  fitStateFor,
  MAX_L2,
  type OptimizerSettings,
  validSetting,
} from './fit.js';
import type { VariableValues } from './types.js';

/** What the fit parser needs from the URL reader (url.ts's Reader). */
export interface UrlReader {
  get(key: string): string | undefined;
  withPrefix(prefix: string): string[];
  notice(text: string): void;
}

type Quote = (text: string) => string;
type ParseNumber = (text: string | undefined) => number | undefined;

const TASKS: readonly FitTask[] = ['regression', 'classification'];
const OPTIMIZER_KEYS = {
  lr: 'flr',
  adamLr: 'falr',
  momentum: 'fmu',
  beta1: 'fb1',
  beta2: 'fb2',
  steps: 'fn',
} as const satisfies Record<Exclude<keyof OptimizerSettings, 'start'>, string>;

/** Reads the fit lab's keys; the default fit state when there are none. */
export function parseFit(r: UrlReader, all: readonly LossDef[], quote: Quote, num: ParseNumber): FitState {
  const taskText = r.get('ft');
  let task: FitTask = 'regression';
  if (taskText !== undefined) {
    if ((TASKS as readonly string[]).includes(taskText)) task = taskText as FitTask;
    else r.notice(`Fit lab: unknown task ${quote(taskText)}; using regression.`);
  }

  const seedText = r.get('fs');
  let seed = defaultFitState(all).seed;
  if (seedText !== undefined) {
    const value = /^\d{1,10}$/.test(seedText) ? Number(seedText) : Number.NaN;
    if (value <= MAX_SEED) seed = value;
    else
      r.notice(
        `Fit lab: seed ${quote(seedText)} is not a whole number from 0 to ${MAX_SEED}; using ${seed}.`,
      );
  }

  const presetText = r.get('fd');
  let preset = DEFAULT_PRESET[task];
  let imported = false;
  if (presetText === 'csv') imported = true;
  else if (presetText !== undefined) {
    if (isPreset(presetText) && PRESET_INFO[presetText].task === task) preset = presetText;
    else
      r.notice(`Fit lab: ${quote(presetText)} is not a ${task} dataset; using ${PRESET_INFO[preset].label}.`);
  }
  let fit = fitStateFor(task, preset, seed, all);

  // The points: an imported list, or the preset's with edits.
  const pointsParam = r.get('fp');
  const editsParam = r.get('fe');
  if (imported) {
    const parsed = pointsParam === undefined ? 'no points were given' : parsePointsText(pointsParam);
    const labelsOk =
      typeof parsed !== 'string' && (task === 'regression' || parsed.every((p) => p.y === 0 || p.y === 1));
    if (typeof parsed === 'string' || !labelsOk) {
      r.notice(
        `Fit lab: the data points are not usable (${typeof parsed === 'string' ? parsed : 'a label is not 0 or 1'}); showing ${PRESET_INFO[preset].label}.`,
      );
    } else fit = { ...fit, preset: null, points: parsed };
  } else if (editsParam !== undefined && editsParam !== '') {
    const parsed = applyEdits(presetPoints(preset, seed), editsParam.split(','));
    const labelsOk =
      typeof parsed !== 'string' && (task === 'regression' || parsed.every((p) => p.y === 0 || p.y === 1));
    if (typeof parsed === 'string' || !labelsOk)
      r.notice(
        `Fit lab: the edits of the data are not usable (${typeof parsed === 'string' ? parsed : 'a label is not 0 or 1'}); showing the preset's points.`,
      );
    else fit = { ...fit, points: parsed };
  }
  if (pointsParam !== undefined && !imported)
    r.notice('Fit lab: ignored the data points (fp) of a link that names a preset.');

  // Losses and hyperparameters.
  const available = fitLossesFor(task, all);
  const lossText = r.get('fl');
  if (lossText !== undefined) {
    const ids = [...new Set(lossText.split(',').filter((id) => id !== ''))];
    const good = ids.filter((id) => available.some((l) => l.id === id)).slice(0, MAX_FIT_LOSSES);
    if (good.length < ids.length)
      r.notice(
        `Fit lab: ignored ${ids
          .filter((id) => !good.includes(id))
          .slice(0, 3)
          .map(quote)
          .join(', ')} (not a ${task} loss with a model form, or more than ${MAX_FIT_LOSSES}).`,
      );
    if (good.length > 0) {
      const params: Record<string, VariableValues> = {};
      for (const id of good) params[id] = defaultParams(available.find((l) => l.id === id)!);
      fit = { ...fit, losses: good, params, landscapeLoss: good[0]! };
    }
  }
  for (const key of r.withPrefix('fh.')) {
    const dot = key.indexOf('.');
    const id = key.slice(0, dot);
    const name = key.slice(dot + 1);
    const loss = dot > 0 && fit.losses.includes(id) ? available.find((l) => l.id === id) : undefined;
    const variable = loss && hyperparameters(loss).find((v) => v.name === name);
    if (!loss || !variable) {
      r.notice(`Fit lab: ignored the unknown hyperparameter ${quote(key)}.`);
      continue;
    }
    const text = r.get(`fh.${key}`) ?? '';
    const value = num(text);
    if (value === undefined || !inDomain(variable.domain, value)) {
      r.notice(
        `Fit lab: ${id} ${name} = ${quote(text)} is not in ${formatDomain(variable.domain)}; using ${fit.params[id]![name]}.`,
      );
      continue;
    }
    fit = { ...fit, params: { ...fit.params, [id]: { ...fit.params[id], [name]: value } } };
  }
  const l2Text = r.get('fr');
  if (l2Text !== undefined) {
    const value = num(l2Text);
    if (value !== undefined && value >= 0 && value <= MAX_L2) fit = { ...fit, l2: value };
    else r.notice(`Fit lab: ridge ${quote(l2Text)} is not a number from 0 to ${MAX_L2}; using 0.`);
  }
  const landscapeText = r.get('fk');
  if (landscapeText !== undefined) {
    if (fit.losses.includes(landscapeText)) fit = { ...fit, landscapeLoss: landscapeText };
    else r.notice(`Fit lab: the landscape's loss ${quote(landscapeText)} is not one of the fitted losses.`);
  }

  // The landscape's view.
  const pair = (key: string): [number, number] | undefined | null => {
    const text = r.get(key);
    if (text === undefined) return undefined;
    const [a, b, ...rest] = text.split(',').map((t) => num(t));
    return a !== undefined && b !== undefined && rest.length === 0 ? [a, b] : null;
  };
  const w = pair('fw');
  const b = pair('fb');
  if (w !== undefined || b !== undefined) {
    const range: LandscapeRange = {
      wMin: w?.[0] ?? fit.range.wMin,
      wMax: w?.[1] ?? fit.range.wMax,
      bMin: b?.[0] ?? fit.range.bMin,
      bMax: b?.[1] ?? fit.range.bMax,
    };
    if (w !== null && b !== null && validRange(range)) fit = { ...fit, range };
    else r.notice('Fit lab: the landscape range is not two increasing numbers per axis; framing the data.');
  }
  const scaleText = r.get('fcs');
  if (scaleText !== undefined) {
    if (scaleText === 'log' || scaleText === 'linear') fit = { ...fit, colorScale: scaleText };
    else r.notice(`Fit lab: unknown colour scale ${quote(scaleText)}; using ${fit.colorScale}.`);
  }
  const flag = (key: string, what: string): boolean | undefined => {
    const text = r.get(key);
    if (text === undefined) return undefined;
    if (text === '1' || text === '0') return text === '1';
    r.notice(`Fit lab: ${what} ${quote(text)} is not 1 or 0.`);
    return undefined;
  };
  fit = {
    ...fit,
    dataLines: flag('flines', 'data lines') ?? fit.dataLines,
    surface: flag('f3d', 'surface') ?? fit.surface,
  };
  const camText = r.get('fcam');
  if (camText !== undefined) {
    const camera = parseCameraText(camText, num);
    if (camera) fit = { ...fit, camera };
    else r.notice(`Fit lab: camera ${quote(camText)} is not five numbers in range; using the default view.`);
  }

  // Optimizers.
  let optimizer: OptimizerSettings = { ...DEFAULT_OPTIMIZER };
  const start = pair('fo');
  if (start === null) r.notice('Fit lab: the optimizers’ start is not two numbers w,b; none is set.');
  else if (start !== undefined) {
    if (Math.abs(start[0]) <= 1e6 && Math.abs(start[1]) <= 1e6)
      optimizer = { ...optimizer, start: { w: start[0], b: start[1] } };
    else r.notice('Fit lab: the optimizers’ start is out of range; none is set.');
  }
  for (const [name, key] of Object.entries(OPTIMIZER_KEYS) as [keyof typeof OPTIMIZER_KEYS, string][]) {
    const text = r.get(key);
    if (text === undefined) continue;
    const value = num(text);
    if (value !== undefined && validSetting(name, value)) optimizer = { ...optimizer, [name]: value };
    else
      r.notice(
        `Fit lab: optimizer setting ${key} = ${quote(text)} is out of range; using ${optimizer[name]}.`,
      );
  }
  return { ...fit, optimizer };
}

/** The default fit state and its JSON, computed once (writeFit runs on every state change). */
let defaults: { readonly fit: FitState; readonly json: string } | undefined;

/** Writes the fit lab's keys into `out`; none while the fit state is the default. */
export function writeFit(out: URLSearchParams, fit: FitState, all: readonly LossDef[]): void {
  if (!defaults) {
    const base = defaultFitState(all);
    defaults = { fit: base, json: JSON.stringify(base) };
  }
  if (JSON.stringify(fit) === defaults.json) return;
  out.set('ft', fit.task);
  if (fit.preset === null) {
    out.set('fd', 'csv');
    out.set('fp', pointsText(fit.points));
  } else {
    out.set('fd', fit.preset);
    out.set('fs', String(fit.seed));
    const edits = editsOf(fit.points, presetPoints(fit.preset, fit.seed));
    if (edits === undefined) {
      // Not an edit of the preset (cannot happen through the UI): the points travel whole.
      out.set('fd', 'csv');
      out.set('fp', pointsText(fit.points));
      out.delete('fs');
    } else if (edits.length > 0) out.set('fe', edits.join(','));
  }
  out.set('fl', fit.losses.join(','));
  for (const id of fit.losses) {
    const loss = all.find((l) => l.id === id);
    if (!loss) continue;
    const start = defaultParams(loss);
    for (const [name, value] of Object.entries(fit.params[id] ?? {}))
      if (value !== start[name]) out.set(`fh.${id}.${name}`, String(value));
  }
  if (fit.l2 !== 0) out.set('fr', String(fit.l2));
  if (fit.landscapeLoss !== fit.losses[0]) out.set('fk', fit.landscapeLoss);
  out.set('fw', `${fit.range.wMin},${fit.range.wMax}`);
  out.set('fb', `${fit.range.bMin},${fit.range.bMax}`);
  if (fit.colorScale !== 'log') out.set('fcs', fit.colorScale);
  if (fit.dataLines) out.set('flines', '1');
  if (fit.surface) out.set('f3d', '1');
  const c = fit.camera;
  const d = defaults.fit.camera;
  if (
    c.yaw !== d.yaw ||
    c.pitch !== d.pitch ||
    c.distance !== d.distance ||
    c.targetX !== d.targetX ||
    c.targetY !== d.targetY
  )
    out.set('fcam', [c.yaw, c.pitch, c.distance, c.targetX, c.targetY].join(','));
  const o = fit.optimizer;
  if (o.start) out.set('fo', `${o.start.w},${o.start.b}`);
  for (const [name, key] of Object.entries(OPTIMIZER_KEYS) as [keyof typeof OPTIMIZER_KEYS, string][])
    if (o[name] !== DEFAULT_OPTIMIZER[name]) out.set(key, String(o[name]));
}
