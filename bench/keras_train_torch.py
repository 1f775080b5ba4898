#!/usr/bin/python3
# Copyright the assocnet authors. Apache-2.0.
"""Train the question's network elsewhere and save it in Keras 2 layout, for bench/keras-split.sh.

Reads an encoded training cohort (assocnet encode of half A), trains Dense(H, relu, input_dim=D) -> Dense(1, sigmoid)
with binary cross-entropy and Adam in PyTorch (Debian python3-torch; no TensorFlow here) on raw 0/1/2 allele counts
(missing calls at the training mean), as a Keras user would, and writes:
  OUT.h5          Keras 2 HDF5 model (tests/keras/keras_h5.py: model.save layout, kernel = torch weight transposed)
  OUT.inputs.txt  INPUTS.txt for attribute --keras-inputs: CHROM:POS:REF:ALT per input; for every third input the model
                  counts the cohort's REF allele (trained on 2 - g), written as CHROM:POS:ALT:REF (an allele swap)
  OUT.train.ids   the training samples (FID IID), for --training-samples
  OUT.train.json  training parameters and in-sample AUC

Usage: keras_train_torch.py COHORT_PREFIX INPUTS(int or 'all') HIDDEN EPOCHS SEED OUT [COVARIATES(0/1)]
INPUTS = D: the D variants with the largest |score| (allelic test of y on g) in the training half; 'all' = every variant.
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "keras"))
import keras_h5  # noqa: E402

prefix, n_inputs, hidden, epochs, seed, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
use_cov = len(sys.argv) > 7 and sys.argv[7] == "1"
torch.manual_seed(seed)
np.random.seed(seed)
torch.set_num_threads(1)

raw = open(prefix + ".cohort.bin", "rb").read()
assert raw[:8] == b"ASCNMAT\0" and int.from_bytes(raw[12:16], "little") == 1, "expects a UINT8 hard-call cohort"
n = int.from_bytes(raw[16:24], "little")
p = int.from_bytes(raw[24:32], "little")
g = np.frombuffer(raw, dtype=np.uint8, offset=64, count=n * p).reshape(p, n).T.astype(np.float64)
g[g == 255] = np.nan
samples = [l.rstrip("\n").split("\t") for l in open(prefix + ".samples.tsv")]
head, samples = samples[0], samples[1:]
y = np.array([float(s[2]) for s in samples])
variants = [l.rstrip("\n").split("\t") for l in open(prefix + ".variants.tsv")][1:]

# input selection on the training half only
mean = np.nanmean(g, axis=0)
gi = np.where(np.isnan(g), mean, g)
if n_inputs == "all":
    sel = np.arange(p)
else:
    gc = gi - gi.mean(axis=0)
    score = gc.T @ (y - y.mean())
    var = (gc ** 2).sum(axis=0) * y.mean() * (1 - y.mean())
    z = np.where(var > 0, score / np.sqrt(np.maximum(var, 1e-300)), 0)
    sel = np.sort(np.argsort(-np.abs(z), kind="stable")[: int(n_inputs)])
flip = np.array([k % 3 == 2 for k in range(len(sel))])
x = gi[:, sel].copy()
x[:, flip] = 2 - x[:, flip]
lines = []
for k, j in enumerate(sel):
    chrom, pos, _id, ref, alt = variants[j][:5]
    lines.append("%s:%s:%s:%s" % ((chrom, pos, alt, ref) if flip[k] else (chrom, pos, ref, alt)))
if use_cov:
    cov = np.array([[float(v) for v in s[3:]] for s in samples]).reshape(n, -1)
    x = np.concatenate([x, cov], axis=1)
    lines += ["cov:" + c for c in head[3:]]
d = x.shape[1]

model = torch.nn.Sequential(torch.nn.Linear(d, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 1))
opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-3)
X = torch.tensor(x, dtype=torch.float32)
Y = torch.tensor(y, dtype=torch.float32).unsqueeze(1)
loss_fn = torch.nn.BCEWithLogitsLoss()
for epoch in range(epochs):
    perm = torch.randperm(n)
    for b in range(0, n, 64):
        idx = perm[b:b + 64]
        opt.zero_grad()
        loss = loss_fn(model(X[idx]), Y[idx])
        loss.backward()
        opt.step()
with torch.no_grad():
    logit = model(X).numpy()[:, 0]
order = np.argsort(logit)
ranks = np.empty(n)
ranks[order] = np.arange(1, n + 1)
cases = y.sum()
auc = (ranks[y == 1].sum() - cases * (cases + 1) / 2) / (cases * (n - cases))

l1, l2 = model[0], model[2]
spec = {"loss": "binary_crossentropy", "layers": [
    {"type": "dense", "units": hidden, "activation": "relu", "input_dim": d,
     "kernel": l1.weight.detach().numpy().T.tolist(), "bias": l1.bias.detach().numpy().tolist()},
    {"type": "dense", "units": 1, "activation": "sigmoid",
     "kernel": l2.weight.detach().numpy().T.tolist(), "bias": l2.bias.detach().numpy().tolist()}]}
keras_h5.write(spec, out + ".h5")
with open(out + ".inputs.txt", "w") as f:
    f.write("# model input -> cohort variant (CHROM:POS:REF:ALT, ALT = the counted allele) or covariate\n")
    f.write("\n".join(lines) + "\n")
with open(out + ".train.ids", "w") as f:
    f.write("#FID\tIID\n")
    for s in samples:
        f.write(s[0] + "\t" + s[1] + "\n")
json.dump({"samples": n, "cases": int(cases), "inputs": d, "variantInputs": int(len(sel)), "flipped": int(flip.sum()),
           "hidden": hidden, "epochs": epochs, "seed": seed, "optimizer": "Adam lr 1e-3 weight_decay 1e-3 batch 64",
           "trainingAuc": float(auc)}, open(out + ".train.json", "w"), indent=1)
