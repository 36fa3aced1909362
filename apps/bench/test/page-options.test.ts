/** The bench page's form: a quick run measures what the user ticked (issue 13, item 8), with few repetitions. */
import { describe, expect, it } from 'vitest';
import { quickOptions } from '../src/measure.js';
import { type PageForm, pageOptions } from '../src/page-options.js';

const form: PageForm = {
  losses: ['huber'],
  sizes: [1024, 4096],
  backends: ['gpu', 'js'],
  reps: 25,
  warmup: 4,
};

describe('bench page options', () => {
  it('runs the ticked sizes, losses and backends in a quick run, with the quick repetitions', () => {
    const o = pageOptions(form, true);
    expect(o.sizes).toEqual([1024, 4096]);
    expect(o.losses).toEqual(['huber']);
    expect(o.backends).toEqual(['gpu', 'gpu-readback', 'js']);
    expect([o.reps, o.warmup, o.budgetS, o.quick]).toEqual([
      quickOptions.reps,
      quickOptions.warmup,
      quickOptions.budgetS,
      true,
    ]);
  });

  it('runs the typed repetitions in a full run, at least 3 reps and 1 warm-up', () => {
    const o = pageOptions(form, false);
    expect([o.sizes, o.reps, o.warmup, o.quick]).toEqual([[1024, 4096], 25, 4, false]);
    const low = pageOptions({ ...form, reps: 1, warmup: 0 }, false);
    expect([low.reps, low.warmup]).toEqual([3, 1]);
    const empty = pageOptions({ ...form, reps: Number.NaN, warmup: Number.NaN }, false);
    expect([empty.reps, empty.warmup]).toEqual([10, 2]);
  });

  it('says what to tick when nothing is', () => {
    expect(() => pageOptions({ ...form, sizes: [] }, true)).toThrow('tick at least one size');
    expect(() => pageOptions({ ...form, losses: [] }, false)).toThrow('tick at least one loss');
    expect(() => pageOptions({ ...form, backends: [] }, true)).toThrow('tick at least one backend');
  });
});
