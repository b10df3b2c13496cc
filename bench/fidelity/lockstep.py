#!/usr/bin/python3
"""The PyTorch side of the lock-step comparison (bench/fidelity/lockstep.ts starts it; see bench/fidelity/README.md).

Usage: /usr/bin/python3 bench/fidelity/lockstep.py SPEC.json

Trains the course report's dense MNIST network exactly as bench/torch/report_grid.py does (nn.Linear,
ReLU after every hidden layer incl. the code, Sigmoid out, default init, Adam(lr, weight_decay) with
eps 1e-8, MSELoss, batch 128), but with everything random written to or read from files, so that
Latent Lab can take the same start and the same batches:

- initial weights: drawn by torch.manual_seed(seed) + nn.Linear's init and written to `initFile`
  (or, with `loadInit`, read from it: a start Latent Lab drew);
- batch order: per epoch torch.randperm(n) from the global generator right after the model was
  built (what report_grid.py draws), written to `orderFile` (or, with `loadOrder`, read from it).

SPEC.json: trainFile, valFile, trainCount, valCount (raw float32 files, 784 values per image),
encoder, seed, epochs, steps (stop after this many steps; 0: all epochs), batchSize, learningRate,
weightDecay, epsilon, evalEpochs (epochs after which the test MSE is computed; 0: at the start), snapshotSteps (steps
after which the weights are written), initFile, loadInit, orderFile, loadOrder, outDir.

Files (little-endian): weights are the parameters in model.parameters() order, each float32 in
PyTorch's layout (Linear weight [out, in] row-major, then bias); order is int32, one permutation per
epoch; losses.f64 is the loss of every step (float32 value widened); grads0.f32 the gradients of
the first step (before Adam adds the weight decay), params order; weights-<step>.f32 the weights
after that many steps. result.json: {"val": [{"epoch", "mse", "deadCode"}], "seconds", "runtime"}.
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

INPUT = 784


def build(encoder):
    widths = [INPUT] + list(encoder) + list(reversed(encoder[:-1]))
    layers = []
    for a, b in zip(widths[:-1], widths[1:]):
        layers.append(nn.Linear(a, b))
        layers.append(nn.ReLU())
    layers.append(nn.Linear(widths[-1], INPUT))
    layers.append(nn.Sigmoid())
    return nn.Sequential(*layers)


def test_mse(model, x_val):
    """report_grid.py's test MSE: squared error summed over the whole test set / (n * 784)."""
    model.eval()
    total = 0.0
    with torch.no_grad():
        for start in range(0, x_val.shape[0], 1000):
            xb = x_val[start:start + 1000]
            total += torch.sum((model(xb) - xb) ** 2).item()
    model.train()
    return total / (x_val.shape[0] * INPUT)


def dead_code_units(model, x_val, encoder_layers):
    """Code units (ReLU outputs of the last encoder layer) that are 0 on every test image."""
    with torch.no_grad():
        code = model[:2 * encoder_layers](x_val)
    return int((code.max(dim=0).values <= 0).sum().item())


def flat_params(tensors):
    return np.concatenate([t.detach().numpy().astype("<f4").ravel() for t in tensors])


def main():
    spec = json.load(open(sys.argv[1]))
    out = spec["outDir"]
    torch.manual_seed(spec["seed"])
    x_train = torch.from_numpy(np.fromfile(spec["trainFile"], dtype="<f4", count=spec["trainCount"] * INPUT).reshape(-1, INPUT))
    x_val = torch.from_numpy(np.fromfile(spec["valFile"], dtype="<f4", count=spec["valCount"] * INPUT).reshape(-1, INPUT))
    model = build(spec["encoder"])
    params = list(model.parameters())
    if spec["loadInit"]:
        flat = np.fromfile(spec["initFile"], dtype="<f4")
        offset = 0
        with torch.no_grad():
            for p in params:
                p.copy_(torch.from_numpy(flat[offset:offset + p.numel()].reshape(p.shape)))
                offset += p.numel()
        if offset != flat.size:
            raise SystemExit(f"{spec['initFile']}: {flat.size} values, the model has {offset}")
    else:
        flat_params(params).tofile(spec["initFile"])
    n, batch, epochs = x_train.shape[0], spec["batchSize"], spec["epochs"]
    if spec["loadOrder"]:
        orders = np.fromfile(spec["orderFile"], dtype="<i4").reshape(-1, n)
        if orders.shape[0] < epochs:
            raise SystemExit(f"{spec['orderFile']}: {orders.shape[0]} epochs of order, {epochs} needed")
        orders = [torch.from_numpy(orders[e].astype(np.int64)) for e in range(epochs)]
    else:
        # The draws report_grid.py makes: one randperm per epoch from the global generator after the init.
        orders = [torch.randperm(n) for _ in range(epochs)]
        np.stack([o.numpy().astype("<i4") for o in orders]).tofile(spec["orderFile"])
    optimizer = torch.optim.Adam(params, lr=spec["learningRate"], weight_decay=spec["weightDecay"], eps=spec["epsilon"])
    criterion = nn.MSELoss()
    snapshots = set(spec["snapshotSteps"])
    max_steps = spec["steps"] or None
    losses = []
    curve = []
    step = 0
    started = time.perf_counter()
    if 0 in spec["evalEpochs"]:  # the start: both sides' test MSE on the same weights
        curve.append({"epoch": 0, "mse": test_mse(model, x_val), "deadCode": dead_code_units(model, x_val, len(spec["encoder"]))})
    for epoch in range(1, epochs + 1):
        order = orders[epoch - 1]
        for start in range(0, n, batch):
            if max_steps is not None and step >= max_steps:
                break
            xb = x_train[order[start:start + batch]]
            optimizer.zero_grad(set_to_none=True)
            loss = criterion(model(xb), xb)
            loss.backward()
            if step == 0:
                flat_params([p.grad for p in params]).tofile(os.path.join(out, "grads0.f32"))
            optimizer.step()
            losses.append(loss.item())
            step += 1
            if step in snapshots:
                flat_params(params).tofile(os.path.join(out, f"weights-{step}.f32"))
        if max_steps is not None and step >= max_steps:
            break
        if epoch in spec["evalEpochs"]:
            curve.append({"epoch": epoch, "mse": test_mse(model, x_val), "deadCode": dead_code_units(model, x_val, len(spec["encoder"]))})
    np.array(losses, dtype="<f8").tofile(os.path.join(out, "losses.f64"))
    result = {"val": curve, "seconds": time.perf_counter() - started,
              "runtime": f"torch {torch.__version__} ({torch.get_num_threads()} threads)"}
    with open(os.path.join(out, "result.json"), "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
