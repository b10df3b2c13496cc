#!/usr/bin/python3
"""The course report's PyTorch code for one cell of the dense MNIST grid, re-run here
(bench/reproduce.ts starts it; not meant to be run by hand).

Usage: /usr/bin/python3 bench/torch/report_grid.py SPEC.json

Written the way the report's notebook trains, not built from Latent Lab's layer plan: an
nn.Sequential of nn.Linear layers, nn.ReLU after every hidden Linear (the code layer included) and
nn.Sigmoid on the 784 outputs for the ReLU networks, no activation anywhere for the linear ones;
PyTorch's default initialisation; torch.optim.Adam(lr, weight_decay) with its default eps (1e-8);
nn.MSELoss; batches of 128 reshuffled every epoch (a DataLoader with shuffle=True, the last batch
smaller); evaluation on the test set every `evalEvery` epochs and at the last one.

SPEC.json: trainFile / valFile (raw little-endian float32, sample-major, 784 values per image, as
bench/data.ts writes them), trainCount, valCount, encoder (list of widths), activation ("relu" |
"linear"), epochs, evalEvery, batchSize, learningRate, weightDecay, seed, resultFile.
The result file gets {"ok": true, "val": [{"epoch", "mse"}], "seconds", "runtime"} or {"ok": false, "error"}.
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn

INPUT = 784


def build(encoder, activation):
    widths = [INPUT] + list(encoder) + list(reversed(encoder[:-1]))
    layers = []
    for a, b in zip(widths[:-1], widths[1:]):
        layers.append(nn.Linear(a, b))
        if activation == "relu":
            layers.append(nn.ReLU())
    layers.append(nn.Linear(widths[-1], INPUT))
    if activation == "relu":
        layers.append(nn.Sigmoid())
    return nn.Sequential(*layers)


def test_mse(model, x_val):
    """Mean squared error over every value of the test set (batches of 1000, summed exactly)."""
    model.eval()
    total = 0.0
    with torch.no_grad():
        for start in range(0, x_val.shape[0], 1000):
            xb = x_val[start:start + 1000]
            total += torch.sum((model(xb) - xb) ** 2).item()
    model.train()
    return total / (x_val.shape[0] * INPUT)


def run(spec):
    torch.manual_seed(spec["seed"])
    x_train = torch.from_numpy(np.fromfile(spec["trainFile"], dtype="<f4", count=spec["trainCount"] * INPUT).reshape(-1, INPUT))
    x_val = torch.from_numpy(np.fromfile(spec["valFile"], dtype="<f4", count=spec["valCount"] * INPUT).reshape(-1, INPUT))
    model = build(spec["encoder"], spec["activation"])
    optimizer = torch.optim.Adam(model.parameters(), lr=spec["learningRate"], weight_decay=spec["weightDecay"])
    criterion = nn.MSELoss()
    n, batch, epochs = x_train.shape[0], spec["batchSize"], spec["epochs"]
    curve = []
    started = time.perf_counter()
    for epoch in range(1, epochs + 1):
        order = torch.randperm(n)
        for start in range(0, n, batch):
            xb = x_train[order[start:start + batch]]
            optimizer.zero_grad(set_to_none=True)
            loss = criterion(model(xb), xb)
            loss.backward()
            optimizer.step()
        if epoch % spec["evalEvery"] == 0 or epoch == epochs:
            curve.append({"epoch": epoch, "mse": test_mse(model, x_val)})
    threads = torch.get_num_threads()
    return {"ok": True, "val": curve, "seconds": time.perf_counter() - started, "runtime": f"torch {torch.__version__} ({threads} threads)"}


def main():
    spec = json.load(open(sys.argv[1]))
    try:
        result = run(spec)
    except Exception as error:  # the orchestrator reports it in the row
        result = {"ok": False, "error": f"{type(error).__name__}: {error}"}
    with open(spec["resultFile"], "w") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main()
