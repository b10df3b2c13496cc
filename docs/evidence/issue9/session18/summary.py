#!/usr/bin/python3
"""Tables of docs/evidence/issue9/session18 from the lockstep JSON files: python3 docs/evidence/issue9/session18/summary.py"""
import glob
import itertools
import json
import os
import statistics as st

D = os.path.dirname(os.path.abspath(__file__)) + "/"
REPORT = 0.016599
# report_grid.py's own figures of seeds 1-3 (seed-spread-torch.jsonl; seed 1 reproduced to the last digit here).
NATIVE_123 = {1: (0.016902, 2), 2: (0.017745, 3), 3: (0.017378, 2)}


def final(f, side):
    d = json.load(open(f))
    c = d.get("oursVal") if side == "ours" else (d.get("torchVal") or d.get("val"))
    return c[-1]["mse"], c[-1].get("deadCode")


def runs(pattern, side):
    out = {}
    for f in glob.glob(D + pattern):
        out[int(f.split("-seed")[1].split("-")[0].split(".")[0])] = final(f, side)
    return out


def pct(a, b):
    return (a - b) / b * 100


def mann_whitney(a, b):
    """U = #(b > a) and its two-sided exact p (permutations of the pooled values)."""
    u = sum(1 for y in b for x in a if y > x)
    pooled, hits, total = a + b, 0, 0
    for idx in itertools.combinations(range(len(pooled)), len(a)):
        aa = [pooled[i] for i in idx]
        bb = [pooled[i] for i in range(len(pooled)) if i not in idx]
        uu = sum(1 for y in bb for x in aa if y > x)
        total += 1
        hits += uu >= u
    return u, len(a) * len(b), min(1.0, 2 * hits / total)


native = {**NATIVE_123, **runs("lockstep-64-32-16-init-torch-order-torch-e50-seed*-torch-only.json", "torch")}
app_t = runs("lockstep-64-32-16-init-ours-order-ours-e50-seed*-torch-only.json", "torch")
app_o = runs("lockstep-64-32-16-init-ours-order-ours-e50-seed*-ours-only.json", "ours")
flat_t = runs("flat-784-draws/*-torch-only.json", "torch")
flat_o = runs("flat-784-draws/*-ours-only.json", "ours")
order_f = runs("lockstep-64-32-16-init-torch-order-ours-e50-seed*-torch-only.json", "torch")
init_f = runs("lockstep-64-32-16-init-ours-order-torch-e50-seed*-torch-only.json", "torch")
pair = json.load(open(D + "lockstep-64-32-16-init-torch-order-torch-e50-seed1.json"))["val"][-1]

print("| seed | PyTorch, its draws | PyTorch, our init + its order | PyTorch, its init + our order | PyTorch, our draws | ours, our draws | ours − PyTorch, same draws |")
print("|---|---|---|---|---|---|---|")
fmt = lambda v: f"{v[0]:.6f} ({v[1]})" if v else ""
diffs = [pct(pair["ours"], pair["torch"])]
for s in sorted(set(native) | set(app_t) | set(app_o) | set(order_f) | set(init_f)):
    d = pct(app_o[s][0], app_t[s][0]) if s in app_t and s in app_o else None
    if d is not None:
        diffs.append(d)
    print(f"| {s} | {fmt(native.get(s))} | {fmt(init_f.get(s))} | {fmt(order_f.get(s))} | {fmt(app_t.get(s))} | {fmt(app_o.get(s))} | {'' if d is None else f'{d:+.1f} %'} |")
for s in sorted(flat_t):
    d = pct(flat_o[s][0], flat_t[s][0])
    diffs.append(d)
    print(f"| {s} ([784] draws) | | | | {fmt(flat_t[s])} | {fmt(flat_o[s])} | {d:+.1f} % |")
print(f"\nseed 1 pair (PyTorch's draws): ours {pair['ours']:.6f} vs PyTorch {pair['torch']:.6f} ({diffs[0]:+.1f} %)")
print(f"ours − PyTorch from the same start, {len(diffs)} starts: mean {st.mean(diffs):+.2f} %, sd {st.stdev(diffs):.2f} %, "
      f"standard error {st.stdev(diffs) / len(diffs) ** 0.5:.2f} %")
groups = {
    "PyTorch, its draws": [v[0] for v in native.values()],
    "PyTorch, our draws (app + [784])": [v[0] for v in list(app_t.values()) + list(flat_t.values())],
    "PyTorch, its init + our order": [v[0] for v in order_f.values()],
    "PyTorch, our init + its order": [v[0] for v in init_f.values()],
    "ours, our draws (app + [784])": [v[0] for v in list(app_o.values()) + list(flat_o.values())],
}
for name, values in groups.items():
    if values:
        print(f"{name}: n {len(values)}, mean {st.mean(values):.6f} ({pct(st.mean(values), REPORT):+.1f} % vs report)"
              + (f", sd {st.stdev(values):.6f}" if len(values) > 1 else ""))
u, of, p = mann_whitney(groups["PyTorch, its draws"], groups["PyTorch, our draws (app + [784])"])
print(f"PyTorch on our draws vs on its own: Mann-Whitney U = {u} of {of}, two-sided p = {p:.3f}")
