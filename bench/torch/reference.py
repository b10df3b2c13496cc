#!/usr/bin/python3
"""PyTorch reference run for the Latent Lab bench (bench/run.ts starts it; not meant to be run by hand).

Usage: /usr/bin/python3 bench/torch/reference.py SPEC.json

SPEC.json (written by bench/run.ts, see TorchRunSpec in bench/spec.ts) holds the layer list the
engine planned for the model, the training settings, the raw float32 data files and the batch order
our trainer uses. This script builds the same layers in PyTorch the way a notebook would (NCHW for
convolutions, Glorot/Xavier-uniform kernels, zero biases, Keras batch-norm momentum and epsilon),
trains with the same optimizer, loss, batch size and batch order, and writes a JSON result file:
samples/s over epochs 2 .. N-1, per-epoch seconds, the validation loss after the last epoch and the
peak RSS of this process.
"""
import json
import math
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# Keras' batch normalisation: moving = 0.99 * moving + 0.01 * batch (PyTorch's momentum is the 0.01).
BN_MOMENTUM = 0.01
BN_EPSILON = 1e-3


class LeakyReLU(nn.Module):
    def __init__(self, alpha):
        super().__init__()
        self.alpha = alpha

    def forward(self, x):
        return F.leaky_relu(x, self.alpha)


class Crop(nn.Module):
    """Keras Cropping2D on NCHW tensors: ((top, bottom), (left, right))."""

    def __init__(self, cropping):
        super().__init__()
        (self.top, self.bottom), (self.left, self.right) = cropping

    def forward(self, x):
        h, w = x.shape[2], x.shape[3]
        return x[:, :, self.top:h - self.bottom, self.left:w - self.right]


ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


def with_activation(layer, activation):
    if activation == "linear":
        return [layer]
    if activation not in ACTIVATIONS:
        raise ValueError(f"layer activation {activation!r} is not supported by the reference")
    return [layer, ACTIVATIONS[activation]()]


def build_model(layers, sample_shape, channels_first, input_width=None, init="glorotUniform"):
    """Turns the engine's LayerSpec list into an nn.Sequential; returns it and the kernel parameters.
    `input_width` overrides the input size (a VAE decoder starts from the latent code)."""
    modules = []
    kernels = []
    if input_width is not None:
        channels = input_width
    elif channels_first:
        channels = sample_shape[2] if len(sample_shape) == 3 else 1
    else:
        channels = int(np.prod(sample_shape))
    for spec in layers:
        kind = spec["type"]
        if kind in ("Flatten", "Reshape"):
            # The data is already flat (dense) or NCHW (conv); shape-only layers at the ends are no-ops here.
            continue
        if kind == "Dense":
            layer = nn.Linear(channels, spec["units"])
            kernels.append(layer.weight)
            modules += with_activation(layer, spec["activation"])
            channels = spec["units"]
        elif kind == "BatchNormalization":
            norm = nn.BatchNorm2d if channels_first else nn.BatchNorm1d
            modules.append(norm(channels, eps=BN_EPSILON, momentum=BN_MOMENTUM))
        elif kind == "LeakyReLU":
            modules.append(LeakyReLU(spec["alpha"]))
        elif kind == "Conv2D":
            k, stride = spec["kernel"], spec["strides"]
            # 'same' for odd kernels; PyTorch pads symmetrically where TF pads the extra row at the end.
            layer = nn.Conv2d(channels, spec["filters"], k, stride=stride, padding=k // 2)
            kernels.append(layer.weight)
            modules += with_activation(layer, spec["activation"])
            channels = spec["filters"]
        elif kind == "Conv2DTranspose":
            k = spec["kernel"]
            # Stride 2, 'same': output = 2 x input, i.e. (in-1)*2 - 2p + k + output_padding = 2 in.
            padding = max(0, math.ceil((k - 2) / 2))
            layer = nn.ConvTranspose2d(channels, spec["filters"], k, stride=2, padding=padding, output_padding=2 - k + 2 * padding)
            kernels.append(layer.weight)
            modules.append(layer)
            channels = spec["filters"]
        elif kind == "Cropping2D":
            modules.append(Crop(spec["cropping"]))
        else:
            raise ValueError(f"layer type {kind!r} is not supported by the reference")
    model = nn.Sequential(*modules)
    if init == "torch":
        # The engine's `torch` init is PyTorch's own default, which the layers already have.
        return model, kernels
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            # tfjs' defaults: glorotUniform kernels, zero biases.
            nn.init.xavier_uniform_(module.weight)
            nn.init.zeros_(module.bias)
    return model, kernels


class Vae(nn.Module):
    """Dense VAE as the engine builds it: trunk -> (z_mean, z_log_var) heads, reparameterised code,
    decoder. forward() returns (reconstruction, mean, log-variance); eval mode decodes the mean."""

    def __init__(self, layers, vae, sample_shape):
        super().__init__()
        encoder, decoder = layers[: vae["decoderStart"]], layers[vae["decoderStart"]:]
        mean_head, log_var_head = encoder[-1], vae["logVarHead"]
        if mean_head["type"] != "Dense" or log_var_head["type"] != "Dense":
            raise ValueError("the reference builds dense VAEs only")
        self.trunk, trunk_kernels = build_model(encoder[:-1], sample_shape, False)
        width = self.trunk(torch.zeros(1, int(np.prod(sample_shape)))).shape[1]
        self.mean = nn.Linear(width, mean_head["units"])
        self.log_var = nn.Linear(width, log_var_head["units"])
        self.decoder, decoder_kernels = build_model(decoder, sample_shape, False, input_width=mean_head["units"])
        for head in (self.mean, self.log_var):
            nn.init.xavier_uniform_(head.weight)
            nn.init.zeros_(head.bias)
        self.kernels = trunk_kernels + [self.mean.weight, self.log_var.weight] + decoder_kernels

    def forward(self, x):
        h = self.trunk(x)
        mean, log_var = self.mean(h), self.log_var(h)
        z = mean + torch.exp(0.5 * log_var) * torch.randn_like(mean) if self.training else mean
        return self.decoder(z), mean, log_var


def elementwise_loss(name, prediction, target):
    if name == "mse":
        return (prediction - target) ** 2
    if name == "mae":
        return (prediction - target).abs()
    if name == "bce":
        # The engine clips to [1e-7, 1 - 1e-7] (tfjs' epsilon) before the logs.
        p = prediction.clamp(1e-7, 1 - 1e-7)
        return -(target * torch.log(p) + (1 - target) * torch.log(1 - p))
    raise ValueError(f"loss {name!r} is not supported by the reference")


def vae_loss_function(name, beta):
    """Reconstruction summed per sample + beta x KL(q(z|x) || N(0, I)), both batch means (the engine's)."""

    def loss(output, target, reduction="mean"):
        prediction, mean, log_var = output
        reconstruction = elementwise_loss(name, prediction, target).flatten(1).sum(1)
        kl = 0.5 * (mean ** 2 + torch.exp(log_var) - 1 - log_var).sum(1)
        per_sample = reconstruction + beta * kl
        return per_sample.sum() if reduction == "sum" else per_sample.mean()

    return loss


def load_samples(path, count, sample_shape, channels_first):
    """Memory-maps the first `count` samples of a raw float32 file (channels last) as a tensor."""
    size = int(np.prod(sample_shape))
    values = np.memmap(path, dtype="<f4", mode="c", shape=(count, size))
    if not channels_first:
        return torch.from_numpy(values)
    shape = sample_shape if len(sample_shape) == 3 else [*sample_shape, 1]
    return torch.from_numpy(np.ascontiguousarray(values.reshape(count, *shape).transpose(0, 3, 1, 2)))


def loss_function(name):
    if name == "mse":
        return F.mse_loss
    if name == "mae":
        return F.l1_loss
    if name == "bce":
        return F.binary_cross_entropy
    raise ValueError(f"loss {name!r} is not supported by the reference")


def make_optimizer(model, kernels, config, epsilon):
    if config["name"] != "adam":
        raise ValueError(f"optimizer {config['name']!r} is not supported by the reference (adam only)")
    betas = (config["beta1"], config["beta2"])
    lr = config["learningRate"]
    decay = config.get("weightDecay", 0)
    if decay <= 0:
        return torch.optim.Adam(model.parameters(), lr=lr, betas=betas, eps=epsilon)
    if config.get("weightDecayMode") == "coupled":
        # The engine's coupled mode is torch.optim.Adam's weight_decay: L2 on every parameter's gradient.
        return torch.optim.Adam(model.parameters(), lr=lr, betas=betas, eps=epsilon, weight_decay=decay)
    # Decoupled decay on kernels only, as the engine's decoupled mode does.
    kernel_ids = {id(k) for k in kernels}
    others = [p for p in model.parameters() if id(p) not in kernel_ids]
    groups = [{"params": kernels, "weight_decay": decay}, {"params": others, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=lr, betas=betas, eps=epsilon)


def evaluate(model, x, loss_fn, batch_size, per_sample=False):
    """Mean loss over the values (AEs), or over the samples (`per_sample`: a VAE's loss is per sample)."""
    model.eval()
    total = 0.0
    with torch.no_grad():
        for start in range(0, x.shape[0], batch_size):
            xb = x[start:start + batch_size]
            total += loss_fn(model(xb), xb, reduction="sum").item()
    model.train()
    return total / (x.shape[0] if per_sample else x.numel())


def peak_rss_mb():
    """Peak RSS of this process. On Linux, ru_maxrss of a spawned child starts at its parent's peak
    (exec folds the parent's shared address space into it), so VmHWM (this process's own) is read."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def calibrate(model, loss_fn, optimizer, x_train, order, batch_size, seconds):
    """Training throughput of this thread configuration: a few warm-up steps, then steps (batches of
    epoch 1's order, wrapping around) until `seconds` have passed. What the bench uses to pick the
    fastest configuration before the measured run."""
    n = x_train.shape[0]
    starts = list(range(0, n, batch_size))
    model.train()

    def step(i):
        start = starts[i % len(starts)]
        xb = x_train.index_select(0, order[0, start:start + batch_size])
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), xb)
        loss.backward()
        optimizer.step()
        return xb.shape[0]

    for i in range(3):
        step(i)
    samples, steps = 0, 0
    began = time.perf_counter()
    while steps < 5 or time.perf_counter() - began < seconds:
        samples += step(3 + steps)
        steps += 1
    return {"ok": True, "samplesPerSec": samples / (time.perf_counter() - began), "steps": steps}


def configure_threads(spec):
    """torch.set_num_threads as the bench's thread configuration says; the OpenMP and OpenBLAS
    thread counts come from the environment the bench set (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS)."""
    torch.set_num_threads(spec["threads"])
    return spec.get("torchConfig") or f"torch-{spec['threads']}"


def run(spec):
    config_name = configure_threads(spec)
    training = spec["training"]
    torch.manual_seed(training["seed"])
    data = spec["data"]
    sample_shape = spec["sampleShape"]
    layers = spec["layers"]
    channels_first = any(l["type"] in ("Conv2D", "Conv2DTranspose") for l in layers)

    x_train = load_samples(data["trainFile"], data["trainCount"], sample_shape, channels_first)
    x_val = load_samples(data["valFile"], data["valCount"], sample_shape, channels_first)
    vae = spec.get("vae")
    if vae:
        model = Vae(layers, vae, sample_shape)
        kernels = model.kernels
    else:
        model, kernels = build_model(layers, sample_shape, channels_first, init=training.get("init", "glorotUniform"))
    with torch.no_grad():
        output = model(x_train[:2])
        out_shape = tuple((output[0] if vae else output).shape[1:])
    if out_shape != tuple(x_train.shape[1:]):
        raise ValueError(f"the reference model outputs {out_shape}, expected the input shape {tuple(x_train.shape[1:])}")

    loss_fn = vae_loss_function(training["loss"], vae["beta"]) if vae else loss_function(training["loss"])
    optimizer = make_optimizer(model, kernels, training["optimizer"], training["adamEpsilon"])
    epochs, batch_size, n = training["epochs"], training["batchSize"], data["trainCount"]
    order = torch.from_numpy(np.fromfile(spec["orderFile"], dtype="<i4").reshape(epochs, n).astype(np.int64))

    if spec.get("calibrateSeconds"):
        return calibrate(model, loss_fn, optimizer, x_train, order, batch_size, spec["calibrateSeconds"])

    model.train()
    epoch_seconds = []
    train_loss = math.nan
    for epoch in range(epochs):
        started = time.perf_counter()
        loss_sum = torch.zeros(())
        batches = 0
        for start in range(0, n, batch_size):
            xb = x_train.index_select(0, order[epoch, start:start + batch_size])
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), xb)
            loss.backward()
            optimizer.step()
            loss_sum += loss.detach()
            batches += 1
        train_loss = loss_sum.item() / batches  # the one read per epoch, as in our trainer
        epoch_seconds.append(time.perf_counter() - started)
    timed_seconds = sum(epoch_seconds[1:-1])
    timed_samples = (epochs - 2) * n
    val_loss = evaluate(model, x_val, loss_fn, max(batch_size, 256), per_sample=bool(vae))
    return {
        "ok": True,
        "samplesPerSec": timed_samples / timed_seconds,
        "timedSamples": timed_samples,
        "timedSeconds": timed_seconds,
        "epochSeconds": epoch_seconds,
        "valLoss": val_loss,
        "trainLoss": train_loss,
        "peakRssMb": peak_rss_mb(),
        "trainableParams": sum(p.numel() for p in model.parameters() if p.requires_grad),
        "runtime": f"torch {torch.__version__} ({config_name}: torch threads {torch.get_num_threads()})",
        "torchConfig": config_name,
    }


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: reference.py SPEC.json")
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    if spec["training"]["epochs"] < 3 and not spec.get("calibrateSeconds"):
        sys.exit("reference.py: the bench needs at least 3 epochs per run")
    try:
        result = run(spec)
    except Exception as err:  # reported in the bench table rather than as a traceback
        result = {"ok": False, "error": f"{type(err).__name__}: {err}"}
    with open(spec["resultFile"], "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
