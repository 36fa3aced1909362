#!/usr/bin/env python3
"""PyTorch as a peer of the losslab bench: the same grids, computed with torch
elementwise ops (broadcasting a row of x against a column of y) on CUDA, timed
with torch.cuda.Event (median, min, max over repetitions after warm-up).

The bench CLI writes the cases (--specs: loss, size, axes with ranges and
scales, fixed values, sample indices) and merges what this writes (--out):
times, and the values at the sample indices, which the CLI checks against
losslab core's f64 values like every other backend's.

  python3 torch_peer.py --specs specs.json --out torch.json
"""
import argparse
import json
import math
import statistics
import sys


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
    args = ap.parse_args()
    specs = json.load(open(args.specs))
    out = {"results": []}

    def skip_all(reason):
        out["results"] = [
            {"loss": c["loss"], "size": c["size"], "status": "skipped", "reason": reason} for c in specs["cases"]
        ]
        json.dump(out, open(args.out, "w"))

    try:
        import torch
    except ImportError as e:
        return skip_all(f"PyTorch not installed: {e}")
    if not torch.cuda.is_available():
        return skip_all("PyTorch sees no CUDA device")
    dev = torch.device("cuda")
    out["device"] = torch.cuda.get_device_name(0)
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
            torch.cuda.synchronize()
            samples = []
            for _ in range(reps):
                start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                start.record()
                r = f(x, y, p)
                end.record()
                torch.cuda.synchronize()
                samples.append(start.elapsed_time(end))
                del r
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
                "method": "cuda events, eager elementwise ops",
                "sample": values,
            })
            print(f"torch-cuda   {loss:15s} {size:6d}²  {statistics.median(samples):.3f} ms", flush=True)
        except Exception as e:  # noqa: BLE001 — one case failing (e.g. out of memory) must not lose the others
            out["results"].append({"loss": loss, "size": size, "status": "failed", "reason": f"{type(e).__name__}: {e}"[:300]})
            print(f"torch-cuda   {loss} {size}² failed: {e}", file=sys.stderr, flush=True)
        finally:
            torch.cuda.empty_cache()
    json.dump(out, open(args.out, "w"))


if __name__ == "__main__":
    main()
