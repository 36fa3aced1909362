import { getLoss, inDomain, losses } from '@losslab/core';
import { describe, expect, it } from 'vitest';
import { defaultState } from '../src/state/defaults';
import { canSweep2d } from '../src/state/loss-setup';
import { parseNumber, parseState, serializeState } from '../src/state/url';

/** Every variable value in a state lies in its loss's domain. */
function expectValid(search: string): void {
  const { state } = parseState(search);
  const loss = getLoss(state.loss);
  for (const [name, value] of Object.entries(state.params)) {
    const variable = loss.variables.find((v) => v.name === name);
    expect(variable, `${name} is a variable of ${loss.id}`).toBeDefined();
    expect(inDomain(variable!.domain, value)).toBe(true);
  }
  for (const axis of [state.x, state.y]) {
    const variable = loss.variables.find((v) => v.name === axis.variable)!;
    expect(axis.min).toBeLessThan(axis.max);
    expect(inDomain(variable.domain, axis.min) && inDomain(variable.domain, axis.max)).toBe(true);
  }
  expect(state.curves.probe).toBeGreaterThanOrEqual(state.curves.min);
  expect(state.curves.probe).toBeLessThanOrEqual(state.curves.max);
}

describe('parseNumber', () => {
  it('accepts plain decimals and exponents only', () => {
    expect(parseNumber('1.5')).toBe(1.5);
    expect(parseNumber('-2e-3')).toBe(-0.002);
    expect(parseNumber('.5')).toBe(0.5);
    for (const bad of ['', ' ', 'NaN', 'Infinity', '1e999', '0x10', '1,5', '--1', '1e', null, undefined]) {
      expect(parseNumber(bad)).toBeUndefined();
    }
  });
});

describe('parseState', () => {
  it('gives the defaults and no notices for an empty query', () => {
    const { state, notices } = parseState('');
    expect(notices).toEqual([]);
    expect(state).toEqual(defaultState());
  });

  it('round-trips every loss through the URL', () => {
    for (const loss of losses) {
      const base = parseState(`?loss=${loss.id}&view=heatmap`).state;
      const again = parseState(serializeState(base));
      expect(again.notices).toEqual([]);
      expect(again.state).toEqual(base);
    }
  });

  it('round-trips a state with every field moved off its default', () => {
    const sweepable = losses.find((l) => canSweep2d(l) && l.variables.length > 2) ?? losses.find(canSweep2d)!;
    const start = parseState(`loss=${sweepable.id}`).state;
    const [x, y] = [start.x, start.y];
    const search = new URLSearchParams({
      view: 'surface',
      loss: sweepable.id,
      x: `${y.variable},${y.min},${(y.min + y.max) / 2},lin`,
      y: `${x.variable},${x.min},${x.max},lin`,
      cmap: 'magma',
      cscale: 'log',
      res: '2048',
      contours: '12',
      cam: '0.25,-0.5,3.5,0.125,-0.25',
      wire: '1',
      cpu: '1',
      theme: 'dark',
      logy: '1',
      out: `d.${x.variable}`,
    }).toString();
    const first = parseState(search);
    expect(first.notices).toEqual([]);
    expect(first.state.view).toBe('surface');
    expect(first.state.x.variable).toBe(y.variable);
    expect(first.state.output).toEqual({ partial: x.variable });
    expect(first.state.camera).toEqual({
      yaw: 0.25,
      pitch: -0.5,
      distance: 3.5,
      targetX: 0.125,
      targetY: -0.25,
    });
    const second = parseState(serializeState(first.state));
    expect(second.notices).toEqual([]);
    expect(second.state).toEqual(first.state);
  });

  it('keeps slider values and curve parameters', () => {
    const softmax = parseState('loss=softmax_ce&p.z3=1.5&p.smoothing=0.2');
    expect(softmax.notices).toEqual([]);
    expect(softmax.state.params).toEqual({ z3: 1.5, smoothing: 0.2 });
    const curves = parseState('cf=regression&cv=r&cl=huber&cp.huber.delta=2.5&probe=0.5').state.curves;
    expect(curves.params.huber?.delta).toBe(2.5);
    expect(curves.probe).toBe(0.5);
    expect(curves.losses).toEqual(['huber']);
  });

  it('falls back part by part, with a notice for each bad part', () => {
    const { state, notices } = parseState(
      'view=nope&loss=huber&x=r,5,1,lin&p.delta=-1&cmap=rainbow&res=999&contours=3.5&cam=1,2&wire=maybe&theme=neon&zzz=1',
    );
    const defaults = defaultState();
    expect(state.view).toBe(defaults.view);
    expect(state.loss).toBe('huber');
    expect(state.x).toEqual({ variable: 'r', min: -3, max: 3, scale: 'linear' });
    expect(state.colormap).toBe('viridis');
    expect(state.resolution).toBe(defaults.resolution);
    expect(state.contours).toBe(0);
    expect(state.camera).toEqual(defaults.camera);
    expect(state.wireframe).toBe(false);
    expect(state.theme).toBe('auto');
    expect(notices.length).toBeGreaterThanOrEqual(8);
    expect(notices.join('\n')).toContain('“nope”');
    expect(notices.join('\n')).toContain('“zzz”');
  });

  it('puts an unknown loss back to the default with a notice', () => {
    const { state, notices } = parseState('loss=__proto__&p.constructor=1');
    expect(state.loss).toBe(defaultState().loss);
    expect(notices.some((n) => n.includes('__proto__'))).toBe(true);
    expect(Object.hasOwn(state.params, 'constructor')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws and always yields a valid state for hostile or random input', () => {
    const hostile = [
      '?view=<script>alert(1)</script>',
      '?loss=<img src=x onerror=alert(1)>&x=<b>,1,2',
      '?%E0%A4%A',
      '?&&&==&=&',
      '?x=r,1e308,1e309,log&y=r,1,2',
      '?loss=huber&x=delta,-1,2,log&y=delta,0,1',
      '?loss=huber&x=r,0,1,log',
      `?loss=${'a'.repeat(100000)}`,
      '?cp.__proto__.polluted=1&cp.huber=3&cp..=1&p.=2',
      '?cl=,,,huber,huber,mse,<svg>&ch=huber,nothing',
      '?cx=5,-5&probe=1e300',
      '?out=d.__proto__&out=d.r',
      '?cam=NaN,NaN,NaN,NaN,NaN',
      '?res=1024.0&contours=-1',
      '?theme=dark\u0000light',
    ];
    for (const search of hostile) expectValid(search);

    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const keys = [
      'view',
      'loss',
      'x',
      'y',
      'p.delta',
      'p.y',
      'out',
      'cmap',
      'res',
      'cam',
      'cl',
      'cx',
      'probe',
      'cp.huber.delta',
    ];
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789,.-+eE<>"\'&=%/\\ ';
    for (let k = 0; k < 300; k++) {
      const parts: string[] = [];
      for (let n = 0; n < 1 + Math.floor(random() * 6); n++) {
        const key = keys[Math.floor(random() * keys.length)]!;
        let value = '';
        for (let c = 0; c < Math.floor(random() * 20); c++)
          value += alphabet[Math.floor(random() * alphabet.length)];
        parts.push(`${key}=${encodeURIComponent(value)}`);
      }
      expectValid(parts.join('&'));
    }
  });

  it('quotes at most a short, control-free piece of the input in notices', () => {
    const { notices } = parseState(`view=${encodeURIComponent(`<b>${'x'.repeat(500)}\u0007`)}`);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.length).toBeLessThan(120);
    expect(notices[0]).not.toContain('\u0007');
  });
});
