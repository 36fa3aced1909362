import { describe, expect, it } from 'vitest';
import { csvChunks, csvField, gridCsv } from '../src/lib/csv';

describe('csv', () => {
  it('quotes header cells that need it', () => {
    expect(csvField('r')).toBe('r');
    expect(csvField('d/dr, value')).toBe('"d/dr, value"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });
  it('writes a grid as x, y, value rows in row-major order with exact numbers', () => {
    const text = gridCsv(
      { x: 'r', y: 'delta', value: 'value' },
      [0.1, 0.2],
      [1, 3],
      [1, 2, Number.POSITIVE_INFINITY, 1 / 3],
    ).join('');
    expect(text).toBe('r,delta,value\n0.1,1,1\n0.2,1,2\n0.1,3,Infinity\n0.2,3,0.3333333333333333\n');
  });
  it('splits long output into chunks that join to the same text', () => {
    const chunks = csvChunks(['a'], 10, (row) => row, 3);
    expect(chunks.length).toBe(5);
    expect(chunks.join('').split('\n').filter(Boolean)).toHaveLength(11);
  });
});
