"""Session 19: PyTorch (the report's code, 1 thread) trained 50 epochs on fresh seeds 11-20 from Latent Lab's
initial weights and from its own, both with its own batch order (torch.randperm). Prints both groups, the
report's figure and a Mann-Whitney U test. Run: python3 docs/evidence/issue9/session19/summary.py"""
import glob, json, math, os, statistics

REPORT = 0.016599  # [64-32-16], the course report's val MSE at 50 epochs
here = os.path.dirname(os.path.abspath(__file__))
rows = {}
for path in glob.glob(os.path.join(here, "lockstep-64-32-16-init-*-order-torch-e50-seed*-torch-only.json")):
    d = json.load(open(path))
    final = [v for v in d["torchVal"] if v["epoch"] == 50][0]
    rows.setdefault(d["seed"], {})[d["init"]] = (final["mse"], final["deadCode"])

print("seed  PyTorch from its own init   PyTorch from our init   (val MSE at epoch 50, dead code units)")
for seed in sorted(rows):
    r = rows[seed]
    cell = lambda k: f"{r[k][0]:.6f} ({r[k][1]})" if k in r else "-"
    print(f"{seed:4}  {cell('torch'):>24}   {cell('ours'):>21}")

torch_init = [rows[s]["torch"][0] for s in rows if "torch" in rows[s]]
ours_init = [rows[s]["ours"][0] for s in rows if "ours" in rows[s]]
for name, xs in (("its own init", torch_init), ("our init", ours_init)):
    if xs:
        sd = statistics.stdev(xs) if len(xs) > 1 else float("nan")
        print(f"PyTorch from {name}: n {len(xs)}, mean {statistics.mean(xs):.6f} ({(statistics.mean(xs) / REPORT - 1) * 100:+.1f} % vs report), sd {sd:.6f}")

# Mann-Whitney U (two-sided, normal approximation without tie correction: the values are continuous).
if torch_init and ours_init:
    n1, n2 = len(ours_init), len(torch_init)
    u = sum((a > b) + 0.5 * (a == b) for a in ours_init for b in torch_init)
    mu, sigma = n1 * n2 / 2, math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12)
    z = (u - mu) / sigma
    p = math.erfc(abs(z) / math.sqrt(2))
    print(f"our init above its own: U = {u:g} of {n1 * n2}, z = {z:.2f}, two-sided p ≈ {p:.3f}")
