#!/usr/bin/python3
"""End-to-end PyTorch side of `npm run bench -- --e2e` (bench/e2e.ts starts it; not meant to be run by hand).

Usage: /usr/bin/python3 bench/torch/e2e.py SPEC.json

The same experiment a Latent Lab preset runs, written the way a course notebook would: load the
data, build the model from the layer list the engine planned, train for the preset's epochs at its
batch size with a fresh shuffle each epoch, compute the validation metric on the preset's schedule
(every `validationEvery` epochs and after the last), save a checkpoint (torch.save of the weights)
every `checkpointEvery` epochs and at the end. bench/e2e.ts times the whole process, interpreter
start and `import torch` included, as it times `latent-lab train` from CLI start to its terminal
event. Autoencoders and VAEs reuse the model builders of reference.py; GANs (dense and DCGAN) are
built here. With `calibrateSeconds` the script only trains that long and reports samples/s (the
bench's choice of thread configuration).
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference  # noqa: E402  (the shared model builders and losses)


def load(path, count, size):
    return torch.from_numpy(np.fromfile(path, dtype="<f4", count=count * size).reshape(count, size))


# ------------------------------------------------------------------------------------------------
# GANs: the engine's GanPlan layer lists (src/main/engine/gan/architecture.ts) in PyTorch, NCHW.


class Unflatten(nn.Module):
    def __init__(self, shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.reshape(x.shape[0], *self.shape)


def build_gan_net(layers, input_shape):
    """input_shape: (width,) for flat inputs or (C, H, W). Returns the nn.Sequential."""
    modules = []
    shape = tuple(input_shape)
    for spec in layers:
        kind = spec["type"]
        if kind == "Dense":
            if len(shape) != 1:
                modules.append(nn.Flatten())
                shape = (int(np.prod(shape)),)
            modules += reference.with_activation(nn.Linear(shape[0], spec["units"]), spec["activation"])
            shape = (spec["units"],)
        elif kind == "LeakyReLU":
            modules.append(reference.LeakyReLU(spec["alpha"]))
        elif kind == "BatchNormalization":
            norm = nn.BatchNorm1d if len(shape) == 1 else nn.BatchNorm2d
            modules.append(norm(shape[0], eps=reference.BN_EPSILON, momentum=reference.BN_MOMENTUM))
        elif kind in ("Reshape", "Flatten"):
            target = spec.get("targetShape")
            if kind == "Flatten" or (target is not None and len(target) == 1):
                # Always: a dense GAN's discriminator sees flat real samples and image-shaped fakes.
                modules.append(nn.Flatten())
                shape = (int(np.prod(shape)),)
            elif len(target) == 3:
                chw = (target[2], target[0], target[1])
                if chw != shape:
                    modules.append(Unflatten(chw))
                    shape = chw
            # [H, W] targets (dropping the channel of a 1-channel image) keep NCHW: the data has it.
        elif kind == "Conv2D":
            k, stride = spec["kernel"], spec["strides"]
            modules += reference.with_activation(nn.Conv2d(shape[0], spec["filters"], k, stride=stride, padding=k // 2), spec["activation"])
            shape = (spec["filters"], math.ceil(shape[1] / stride), math.ceil(shape[2] / stride))
        elif kind == "Conv2DTranspose":
            k = spec["kernel"]
            padding = max(0, math.ceil((k - 2) / 2))
            modules.append(nn.ConvTranspose2d(shape[0], spec["filters"], k, stride=2, padding=padding, output_padding=2 - k + 2 * padding))
            shape = (spec["filters"], shape[1] * 2, shape[2] * 2)
        elif kind == "Cropping2D":
            (top, bottom), (left, right) = spec["cropping"]
            modules.append(reference.Crop(spec["cropping"]))
            shape = (shape[0], shape[1] - top - bottom, shape[2] - left - right)
        else:
            raise ValueError(f"layer type {kind!r} is not supported by the GAN reference")
    net = nn.Sequential(*modules)
    for module in net.modules():
        if isinstance(module, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.xavier_uniform_(module.weight)
            nn.init.zeros_(module.bias)
    return net


def prior(kind, n, latent, generator=None):
    if kind == "normal":
        return torch.randn(n, latent, generator=generator)
    return torch.rand(n, latent, generator=generator) * 2 - 1


def run_gan(spec, x_train, x_val, started):
    gan, training = spec["gan"], spec["training"]
    sample_shape = spec["sampleShape"]
    conv = gan["architecture"] == "dcgan"
    if conv:
        h, w = sample_shape[0], sample_shape[1]
        c = sample_shape[2] if len(sample_shape) == 3 else 1
        image = (c, h, w)
        x_train = x_train.reshape(-1, h, w, c).permute(0, 3, 1, 2).contiguous()
        x_val = x_val.reshape(-1, h, w, c).permute(0, 3, 1, 2).contiguous()
    else:
        image = (int(np.prod(sample_shape)),)
    generator = build_gan_net(gan["generator"], (gan["latent"],))
    discriminator = build_gan_net(gan["discriminator"], image)
    opt = training["optimizer"]
    betas = (opt["beta1"], opt["beta2"])
    d_lr = gan.get("discriminatorLearningRate") or opt["learningRate"]
    g_opt = torch.optim.Adam(generator.parameters(), lr=opt["learningRate"], betas=betas, eps=training["adamEpsilon"])
    d_opt = torch.optim.Adam(discriminator.parameters(), lr=d_lr, betas=betas, eps=training["adamEpsilon"])
    bce = F.binary_cross_entropy_with_logits
    val_n = min(x_val.shape[0], 1024)
    x_eval = x_val[:val_n]
    eval_codes = prior(gan["prior"], val_n, gan["latent"], torch.Generator().manual_seed(training["seed"] + 7777))

    def step(xb):
        n = xb.shape[0]
        fakes = generator(prior(gan["prior"], n, gan["latent"]))
        d_opt.zero_grad(set_to_none=True)
        real_logits, fake_logits = discriminator(xb), discriminator(fakes.detach())
        d_loss = bce(real_logits, torch.ones_like(real_logits)) + bce(fake_logits, torch.zeros_like(fake_logits))
        d_loss.backward()
        d_opt.step()
        g_opt.zero_grad(set_to_none=True)
        logits = discriminator(generator(prior(gan["prior"], n, gan["latent"])))
        g_loss = bce(logits, torch.ones_like(logits))
        g_loss.backward()
        g_opt.step()
        return d_loss.detach(), g_loss.detach()

    def evaluate():
        generator.eval()
        discriminator.eval()
        with torch.no_grad():
            fake_logits = discriminator(generator(eval_codes))
            real_logits = discriminator(x_eval)
            g = bce(fake_logits, torch.ones_like(fake_logits)).item()
        generator.train()
        discriminator.train()
        return g

    nets = {"generator": generator, "discriminator": discriminator}
    return train_loop(spec, x_train, step, evaluate, nets, started)


# ------------------------------------------------------------------------------------------------
# Autoencoders and VAEs.


def run_ae(spec, x_train, x_val, started):
    training, sample_shape, layers = spec["training"], spec["sampleShape"], spec["layers"]
    channels_first = any(l["type"] in ("Conv2D", "Conv2DTranspose") for l in layers)
    if channels_first:
        h, w = sample_shape[0], sample_shape[1]
        c = sample_shape[2] if len(sample_shape) == 3 else 1
        x_train = x_train.reshape(-1, h, w, c).permute(0, 3, 1, 2).contiguous()
        x_val = x_val.reshape(-1, h, w, c).permute(0, 3, 1, 2).contiguous()
    vae = spec.get("vae")
    if vae:
        model = reference.Vae(layers, vae, sample_shape)
        kernels = model.kernels
        loss_fn = reference.vae_loss_function(training["loss"], vae["beta"])
    else:
        model, kernels = reference.build_model(layers, sample_shape, channels_first)
        loss_fn = reference.loss_function(training["loss"])
    optimizer = reference.make_optimizer(model, kernels, training["optimizer"], training["adamEpsilon"])

    def step(xb):
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), xb)
        loss.backward()
        optimizer.step()
        return (loss.detach(),)

    def evaluate():
        return reference.evaluate(model, x_val, loss_fn, max(training["batchSize"], 256), per_sample=bool(vae))

    model.train()
    return train_loop(spec, x_train, step, evaluate, {"model": model}, started)


# ------------------------------------------------------------------------------------------------


def train_loop(spec, x_train, step, evaluate, nets, started):
    training = spec["training"]
    epochs, batch_size = training["epochs"], training["batchSize"]
    n = x_train.shape[0]
    torch.manual_seed(training["seed"])
    if spec.get("calibrateSeconds"):
        order = torch.randperm(n)
        starts = list(range(0, n, batch_size))
        for i in range(3):
            s = starts[i % len(starts)]
            step(x_train.index_select(0, order[s:s + batch_size]))
        samples, steps, began = 0, 0, time.perf_counter()
        while steps < 5 or time.perf_counter() - began < spec["calibrateSeconds"]:
            s = starts[(3 + steps) % len(starts)]
            xb = x_train.index_select(0, order[s:s + batch_size])
            step(xb)
            samples += xb.shape[0]
            steps += 1
        return {"ok": True, "samplesPerSec": samples / (time.perf_counter() - began), "steps": steps}

    os.makedirs(spec["checkpointDir"], exist_ok=True)

    def save(epoch):
        torch.save({name: net.state_dict() for name, net in nets.items()}, os.path.join(spec["checkpointDir"], "checkpoint.pt"))

    metric = math.nan
    epoch_seconds = []
    train_started = time.perf_counter()
    for epoch in range(1, epochs + 1):
        began = time.perf_counter()
        order = torch.randperm(n) if training.get("shuffle", True) else torch.arange(n)
        sums = None
        batches = 0
        for s in range(0, n, batch_size):
            losses = step(x_train.index_select(0, order[s:s + batch_size]))
            sums = losses if sums is None else tuple(a + b for a, b in zip(sums, losses))
            batches += 1
        train_loss = [v.item() / batches for v in sums]  # the one read per epoch
        last = epoch == epochs
        if last or epoch % training["validationEvery"] == 0:
            metric = evaluate()
        if last or epoch % training["checkpointEvery"] == 0:
            save(epoch)
        epoch_seconds.append(time.perf_counter() - began)
    return {
        "ok": True,
        "metric": metric,
        "trainLoss": train_loss[-1],
        "epochSeconds": epoch_seconds,
        "setupSeconds": train_started - started,
        "peakRssMb": reference.peak_rss_mb(),
        "runtime": f"torch {torch.__version__} ({spec.get('torchConfig')}: torch threads {torch.get_num_threads()})",
        "torchConfig": spec.get("torchConfig"),
    }


def main():
    started = time.perf_counter()
    if len(sys.argv) != 2:
        sys.exit("usage: e2e.py SPEC.json")
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    torch.set_num_threads(spec["threads"])
    try:
        data = spec["data"]
        size = int(np.prod(spec["sampleShape"]))
        x_train = load(data["trainFile"], data["trainCount"], size)
        x_val = load(data["valFile"], data["valCount"], size)
        result = run_gan(spec, x_train, x_val, started) if spec.get("gan") else run_ae(spec, x_train, x_val, started)
    except Exception as err:  # reported in the bench table rather than as a traceback
        result = {"ok": False, "error": f"{type(err).__name__}: {err}"}
    with open(spec["resultFile"], "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
