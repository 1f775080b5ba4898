#!/usr/bin/python3
"""PyTorch twin of `assocnet train` for bench/train.sh: same cohort, same folds (read from OUT.model/folds.tsv),
same standardisation, same architecture (Linear ReLU ... Dropout Linear(1)), loss (BCE), Adam, L2 on weights
(added to the gradient, as DL4J's l2), batch size and fixed number of epochs (no early stopping).
Usage: train_torch.py COHORT_PREFIX FOLDS_TSV HIDDEN EPOCHS BATCH LR L2 DROPOUT THREADS SEED OUT_JSON"""
import json, resource, sys, time
t_start = time.perf_counter()
import numpy as np
import torch

prefix, folds_tsv = sys.argv[1], sys.argv[2]
hidden = [int(h) for h in sys.argv[3].split(",")]
epochs, batch = int(sys.argv[4]), int(sys.argv[5])
lr, l2, dropout = float(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8])
threads, seed, out_json = int(sys.argv[9]), int(sys.argv[10]), sys.argv[11]
torch.set_num_threads(threads)
torch.manual_seed(seed)

t0 = time.perf_counter()
raw = open(prefix + ".cohort.bin", "rb").read()
n = int.from_bytes(raw[16:24], "little")  # header: see MatrixHeader.java (n at offset 16, p at 24)
p = int.from_bytes(raw[24:32], "little")
g = np.frombuffer(raw, dtype=np.uint8, offset=64, count=n * p).reshape(p, n).T.astype(np.float32)
g[g == 255] = np.nan
samples = [l.rstrip("\n").split("\t") for l in open(prefix + ".samples.tsv")][1:]
y = np.array([int(s[2]) for s in samples], dtype=np.float32)
cov = np.array([[float(v) for v in s[3:]] for s in samples], dtype=np.float32).reshape(n, -1)
x = np.concatenate([g, cov], axis=1)
mean = np.nanmean(x, axis=0)
sd = np.nanstd(x, axis=0)
sd[~(sd > 1e-12)] = 1.0
x = np.where(np.isnan(x), 0.0, (x - mean) / sd).astype(np.float32)
fold = np.array([int(l.split("\t")[1]) for l in open(folds_tsv).read().splitlines()[1:]])
load_s = time.perf_counter() - t0
X, Y = torch.from_numpy(x), torch.from_numpy(y).unsqueeze(1)


def net(d):
    layers, prev = [], d
    for i, h in enumerate(hidden):
        if i > 0 and dropout > 0:
            layers.append(torch.nn.Dropout(dropout))
        layers += [torch.nn.Linear(prev, h), torch.nn.ReLU()]
        prev = h
    if dropout > 0:
        layers.append(torch.nn.Dropout(dropout))
    layers.append(torch.nn.Linear(prev, 1))
    m = torch.nn.Sequential(*layers)
    for mod in m:
        if isinstance(mod, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(mod.weight)
            torch.nn.init.zeros_(mod.bias)
    return m


fold_s, logit = [], np.zeros(n)
for f in range(fold.max() + 1):
    t1 = time.perf_counter()
    tr = np.where(fold != f)[0]
    ho = np.where(fold == f)[0]
    m = net(x.shape[1])
    w = [q for nm, q in m.named_parameters() if nm.endswith("weight")]
    b = [q for nm, q in m.named_parameters() if nm.endswith("bias")]
    opt = torch.optim.Adam([{"params": w, "weight_decay": l2}, {"params": b, "weight_decay": 0.0}], lr=lr)
    lossf = torch.nn.BCEWithLogitsLoss()
    gen = np.random.default_rng(seed + f)
    m.train()
    for e in range(epochs):
        order = gen.permutation(tr)
        for s in range(0, len(order), batch):
            idx = torch.from_numpy(order[s:s + batch])
            opt.zero_grad()
            loss = lossf(m(X[idx]), Y[idx])
            loss.backward()
            opt.step()
    m.eval()
    with torch.no_grad():
        logit[ho] = m(X[torch.from_numpy(ho)]).squeeze(1).numpy()
    fold_s.append(time.perf_counter() - t1)

from sklearn.metrics import roc_auc_score
json.dump({"loadSeconds": load_s, "foldSeconds": fold_s, "foldSecondsSum": sum(fold_s),
           "totalSeconds": time.perf_counter() - t_start, "auc": roc_auc_score(y, logit),
           "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
           "torch": torch.__version__, "threads": threads}, open(out_json, "w"), indent=1)
