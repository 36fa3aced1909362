/**
 * Flops per loss evaluation, counted in the WGSL the engine generates (so
 * the count follows the generator, not a table kept by hand): the f32
 * additions, subtractions, multiplications and divisions of the landscape's
 * term function and of every prelude helper it calls (counted at each call),
 * plus those its sum spends per term (the TwoSum step and the weight).
 *
 * How: each function's body is read statement by statement; `a op b` with
 * spaces around op is a binary operation (the generator and the prelude
 * spell them so; unary minus and literal exponents have none). Where code
 * branches (if/else, or an early `return` inside an if), the costlier way is
 * counted: one evaluation runs one regime. Not counted: comparisons, select,
 * abs, min/max, clamp, round/floor and bit operations (not floating-point
 * arithmetic), and sqrt (a special-function unit on GPUs). Integer
 * arithmetic inside a few helpers (exponent bits of exp, the index of a
 * power of two) is counted as if it were f32, and a division counts one: the
 * count is an estimate within a few operations per helper, stated as such.
 */

interface FnBody {
  readonly lines: readonly string[];
}

/** `fn name(...) -> T {` … `}` blocks of a module, by name (bodies as trimmed lines). */
export function wgslFunctions(module: string): Map<string, FnBody> {
  const fns = new Map<string, FnBody>();
  const lines = module.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const head = /^fn\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(lines[i]!);
    if (!head) continue;
    const body: string[] = [];
    let depth = (lines[i]!.match(/\{/g) ?? []).length - (lines[i]!.match(/\}/g) ?? []).length;
    for (i++; i < lines.length && depth > 0; i++) {
      const line = lines[i]!;
      depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
      if (depth > 0) body.push(line.trim());
    }
    i--;
    fns.set(head[1]!, { lines: body.filter((l) => l !== '' && !l.startsWith('//')) });
  }
  return fns;
}

/** Binary + − × ÷ in one line of WGSL, and calls to the module's own functions. */
function lineCost(line: string, fns: Map<string, FnBody>, cost: (name: string) => number): number {
  const code = line.replace(/\/\/.*$/, '');
  let n = (code.match(/ [-+*/] /g) ?? []).length;
  for (const call of code.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) {
    const name = call[1]!;
    if (fns.has(name)) n += cost(name);
  }
  return n;
}

/** The costlier path through a block of statements (from `start`, up to its closing brace). */
function blockCost(
  lines: readonly string[],
  start: number,
  fns: Map<string, FnBody>,
  cost: (name: string) => number,
): { cost: number; end: number } {
  let total = 0;
  let i = start;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.startsWith('}')) return { cost: total, end: i };
    // `if (c) { return x; }` on one line: that way, or the rest of the block.
    const inline = /^if\s*(.*)\{\s*(.*)\}\s*$/.exec(line);
    if (inline) {
      const cond = lineCost(inline[1]!, fns, cost);
      const arm = lineCost(inline[2]!, fns, cost);
      const rest = blockCost(lines, i + 1, fns, cost);
      return { cost: total + cond + Math.max(arm, rest.cost), end: rest.end };
    }
    if (/^if\b.*\{$/.test(line)) {
      const cond = lineCost(line.slice(0, line.lastIndexOf('{')), fns, cost);
      const then = blockCost(lines, i + 1, fns, cost);
      let arms = then.cost;
      let end = then.end;
      if (/^\}\s*else\s*\{$/.test(lines[end] ?? '')) {
        const other = blockCost(lines, end + 1, fns, cost);
        arms = Math.max(arms, other.cost);
        end = other.end;
      }
      total += cond + arms;
      i = end + 1;
      continue;
    }
    total += lineCost(line, fns, cost);
    i++;
  }
  return { cost: total, end: i };
}

/** Flops of one call of `name` in `module` (0 for a name it does not define). */
export function functionFlops(module: string, name: string): number {
  const fns = wgslFunctions(module);
  const memo = new Map<string, number>();
  const cost = (fn: string): number => {
    const hit = memo.get(fn);
    if (hit !== undefined) return hit;
    memo.set(fn, 0); // no recursion in WGSL; guards a malformed module
    const body = fns.get(fn);
    const c = body ? blockCost(body.lines, 0, fns, cost).cost : 0;
    memo.set(fn, c);
    return c;
  };
  return cost(name);
}

/**
 * Flops per evaluation of a landscape module whose term function is
 * `termName`: the term, the weight's multiply, and the TwoSum step
 * (`ll_accumulate`, counted from the module too).
 */
export function landscapeFlopsPerEval(module: string, termName: string): number {
  return functionFlops(module, termName) + 1 + functionFlops(module, 'll_accumulate');
}
