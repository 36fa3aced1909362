#!/usr/bin/env python3
"""PyTorch as a peer of the losslab bench: the same grids, computed with torch
elementwise ops (broadcasting a row of x against a column of y) on CUDA, timed
with torch.cuda.Event (median, min, max over repetitions after warm-up).

Landscapes ("landscapes" in the specs): a model's mean loss over n data points
on a grid of (w, b), as a PyTorch user would write it in eager mode: s = w·x + b
broadcast over [rows, cols, n] in blocks that fit memory, the term elementwise,
a mean over the data; timed for the whole grid.

The bench CLI writes the cases (--specs: loss, size, axes with ranges and
scales, fixed values, sample indices) and merges what this writes (--out):
times, and the values at the sample indices, which the CLI checks against
losslab core's f64 values like every other backend's.

  python3 torch_peer.py --specs specs.json --out torch.json
  python3 torch_peer.py --specs specs.json --out torch.json --device cpu   (checks the script without a GPU)
"""
import argparse
import json
import math
import statistics
import sys
import time


def coords(axis, torch, device):
    """losslab core's axisCoordinates: f64, endpoints exact, linear or geometric; then f32 on the device."""
    n, lo, hi = axis["size"], axis["min"], axis["max"]
    t = torch.arange(n, dtype=torch.float64) / max(1, n - 1)
    if axis["scale"] == "log":
        a, b = math.log(lo), math.log(hi)
        c = torch.exp(a + (b - a) * t)
    else:
        c = lo + (hi - lo) * t
    c[0] = lo
    if n > 1:
        c[n - 1] = hi
    return c.to(device=device, dtype=torch.float32)


def formulas(torch):
    """Each loss as a PyTorch user would write it, elementwise. x: [1, n] (or [n²]); y: [n, 1]."""
    ln2 = math.log(2.0)

    def general_robust(r, alpha, p):
        x2 = torch.square(r / p["c"])
        b = torch.abs(alpha - 2)
        general = (b / alpha) * torch.expm1((alpha / 2) * torch.log1p(x2 / b))
        # alpha = 2 and alpha = 0 are limits where the general form divides by zero.
        return torch.where(alpha == 2, 0.5 * x2, torch.where(alpha == 0, torch.log1p(0.5 * x2), general))

    def softmax_ce(z1, z2, p):
        z3, s = p["z3"], p["smoothing"]
        m = torch.maximum(torch.maximum(z1, z2), torch.full_like(z1, z3))
        lse = m + torch.log(torch.exp(z1 - m) + torch.exp(z2 - m) + torch.exp(z3 - m))
        return lse - ((1 - s) * z1 + (s / 3) * (z1 + z2 + z3))

    def huber(r, d, p):
        a = torch.abs(r)
        return torch.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))

    def log_cosh(r, _y, p):
        a = torch.abs(r)
        return a + torch.log1p(torch.exp(-2 * a)) - ln2

    return {
        "mse": lambda r, _y, p: torch.square(r),
        "mae": lambda r, _y, p: torch.abs(r),
        "hinge": lambda m, _y, p: torch.relu(1 - m),
        "huber": huber,
        "log_cosh": log_cosh,
        "focal": lambda pt, gamma, p: -p["alpha"] * torch.pow(1 - pt, gamma) * torch.log(pt),
        "general_robust": general_robust,
        "softmax_ce": softmax_ce,
        "mse_prob": lambda q, y, p: torch.square(q - y),
    }


def landscape_terms(torch):
    """Per-sample terms of the model output s and the label y (the bench's five landscape losses)."""
    def softplus_neg(m):
        # softplus(-m), finite at |m| = 800
        return torch.relu(-m) + torch.log1p(torch.exp(-torch.abs(m)))

    def huber(s, y, p):
        r = s - y
        a = torch.abs(r)
        d = p["delta"]
        return torch.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d))

    def tukey(s, y, p):
        c = p["c"]
        r = s - y
        v = 1 - torch.square(r / c)
        return torch.where(torch.abs(r) <= c, (c * c / 6) * (1 - v * v * v), torch.full_like(r, c * c / 6))

    def logistic(s, y, p):
        return softplus_neg((2 * y - 1) * s)

    def focal(s, y, p):
        m = (2 * y - 1) * s
        return p["alpha"] * torch.pow(torch.sigmoid(-m), p["gamma"]) * softplus_neg(m)

    return {
        "mse": lambda s, y, p: torch.square(s - y),
        "huber": huber,
        "tukey": tukey,
        "logistic": logistic,
        "focal": focal,
    }


def axis(a, torch, device):
    """losslab core's linear axis coordinates (f64, endpoints exact), then f32 on the device."""
    return coords({"size": a["size"], "min": a["min"], "max": a["max"], "scale": "linear"}, torch, device)


def run_landscape(case, torch, dev, clock, term, reps, warmup, budget_ms, block=2 ** 27):
    """The whole grid, blocks of rows of at most `block` values of s; returns (times ms, sample values).
    A slow case gets fewer reps (at least 3) so that it stays within budget_ms."""
    x = torch.tensor(case["x"], dtype=torch.float32, device=dev).reshape(1, 1, -1)
    y = torch.tensor(case["y"], dtype=torch.float32, device=dev).reshape(1, 1, -1)
    w = axis(case["w"], torch, dev).reshape(1, -1, 1)
    b = axis(case["b"], torch, dev)
    n, nw, nb = x.shape[-1], w.shape[1], b.shape[0]
    rows = max(1, min(nb, block // (nw * n)))
    cols = nw if rows > 1 or nw * n <= block else max(1, block // n)
    out = torch.empty((nb, nw), dtype=torch.float32, device=dev)
    p = case["params"]

    def grid():
        for r0 in range(0, nb, rows):
            bb = b[r0:r0 + rows].reshape(-1, 1, 1)
            for c0 in range(0, nw, cols):
                s = w[:, c0:c0 + cols, :] * x + bb
                out[r0:r0 + rows, c0:c0 + cols] = term(s, y, p).mean(dim=-1)

    for _ in range(warmup):
        grid()
    clock.sync()
    first_ms = clock.time(grid)
    reps = max(3, min(reps, int(budget_ms / max(first_ms, 1e-3))))
    samples = [clock.time(grid) for _ in range(reps)]
    rows_idx = torch.tensor(case["sampleRows"], dtype=torch.long, device=dev)
    cols_idx = torch.tensor(case["sampleCols"], dtype=torch.long, device=dev)
    values = out[rows_idx][:, cols_idx].reshape(-1).double().cpu().tolist()
    return samples, values


class Clock:
    """CUDA events on a GPU (the time the device spent); wall clock after a sync elsewhere."""

    def __init__(self, torch, dev):
        self.torch, self.cuda = torch, dev.type == "cuda"

    def sync(self):
        if self.cuda:
            self.torch.cuda.synchronize()

    def time(self, fn):
        """Milliseconds one call of fn takes."""
        if self.cuda:
            start, end = self.torch.cuda.Event(enable_timing=True), self.torch.cuda.Event(enable_timing=True)
            start.record()
            fn()
            end.record()
            self.torch.cuda.synchronize()
            return start.elapsed_time(end)
        t0 = time.perf_counter()
        fn()
        return (time.perf_counter() - t0) * 1000

    def empty_cache(self):
        if self.cuda:
            self.torch.cuda.empty_cache()


def encode(v):
    """JSON has no infinities or NaN."""
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--specs", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
    args = ap.parse_args()
    specs = json.load(open(args.specs))
    out = {"results": []}

    def skip_all(reason):
        out["results"] = [
            {"loss": c["loss"], "size": c["size"], "status": "skipped", "reason": reason} for c in specs["cases"]
        ]
        out["landscapes"] = [
            {"loss": c["loss"], "size": c["size"], "n": c["n"], "status": "skipped", "reason": reason}
            for c in specs.get("landscapes", [])
        ]
        json.dump(out, open(args.out, "w"))

    try:
        import torch
    except ImportError as e:
        return skip_all(f"PyTorch not installed: {e}")
    if args.device == "cuda" and not torch.cuda.is_available():
        return skip_all("PyTorch sees no CUDA device")
    dev = torch.device(args.device)
    clock = Clock(torch, dev)
    out["device"] = torch.cuda.get_device_name(0) if args.device == "cuda" else "cpu"
    out["torch"] = torch.__version__
    print(f"torch {torch.__version__} on {out['device']}", flush=True)
    table = formulas(torch)
    reps, warmup = specs["reps"], max(1, specs["warmup"])

    for case in specs["cases"]:
        loss, size = case["loss"], case["size"]
        f = table.get(loss)
        if f is None:
            out["results"].append({"loss": loss, "size": size, "status": "skipped", "reason": "no torch formula written for this loss"})
            continue
        try:
            x = coords(case["x"], torch, dev)
            if case["kind"] == "sweep":
                x = x.reshape(1, -1)
                y = coords(case["y"], torch, dev).reshape(-1, 1)
            else:
                y = None
            p = case["fixed"]
            for _ in range(warmup):
                r = f(x, y, p)
                del r
            clock.sync()
            samples = [clock.time(lambda: f(x, y, p)) for _ in range(reps)]
            r = f(x, y, p).reshape(-1)
            idx = torch.tensor(case["indices"], dtype=torch.long, device=dev)
            values = [encode(v) for v in r[idx].double().cpu().tolist()]
            del r
            out["results"].append({
                "loss": loss,
                "size": size,
                "status": "ok",
                "time": {
                    "medianMs": statistics.median(samples),
                    "minMs": min(samples),
                    "maxMs": max(samples),
                    "reps": reps,
                    "warmup": warmup,
                },
                "method": f"{'cuda events' if clock.cuda else 'wall clock (cpu)'}, eager elementwise ops",
                "sample": values,
            })
            print(f"torch-cuda   {loss:15s} {size:6d}²  {statistics.median(samples):.3f} ms", flush=True)
        except Exception as e:  # noqa: BLE001 — one case failing (e.g. out of memory) must not lose the others
            out["results"].append({"loss": loss, "size": size, "status": "failed", "reason": f"{type(e).__name__}: {e}"[:300]})
            print(f"torch-cuda   {loss} {size}² failed: {e}", file=sys.stderr, flush=True)
        finally:
            clock.empty_cache()

    terms = landscape_terms(torch)
    out["landscapes"] = []
    for case in specs.get("landscapes", []):
        loss, size, n = case["loss"], case["size"], case["n"]
        term = terms.get(loss)
        if term is None:
            out["landscapes"].append({"loss": loss, "size": size, "n": n, "status": "skipped", "reason": "no torch term written for this loss"})
            continue
        try:
            samples, values = run_landscape(case, torch, dev, clock, term, reps, warmup, specs.get("budgetMs", 12000))
            out["landscapes"].append({
                "loss": loss,
                "size": size,
                "n": n,
                "status": "ok",
                "time": {
                    "medianMs": statistics.median(samples),
                    "minMs": min(samples),
                    "maxMs": max(samples),
                    "reps": len(samples),
                    "warmup": warmup,
                },
                "method": f"{'cuda events' if clock.cuda else 'wall clock (cpu)'}, eager broadcast ops in blocks of ≤ 2^27 values",
                "sample": [encode(v) for v in values],
            })
            print(f"torch-cuda   landscape {loss:9s} {size:6d}² n={n:<6d} {statistics.median(samples):.3f} ms", flush=True)
        except Exception as e:  # noqa: BLE001 — one case failing (e.g. out of memory) must not lose the others
            out["landscapes"].append({"loss": loss, "size": size, "n": n, "status": "failed", "reason": f"{type(e).__name__}: {e}"[:300]})
            print(f"torch-cuda   landscape {loss} {size}² n={n} failed: {e}", file=sys.stderr, flush=True)
        finally:
            clock.empty_cache()
    json.dump(out, open(args.out, "w"))


if __name__ == "__main__":
    main()
