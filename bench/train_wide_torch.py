#!/usr/bin/python3
"""PyTorch twin of the wide network's per-fold training (`assocnet train`, docs/train.md) for bench/train-wide.sh.

The same cohort, the same outer folds (MODEL/folds.tsv), the same design (intercept and covariates unpenalised;
per variant the standardised terms g, [g>=1], [g==2], a missing call at the term's mean), the same elastic net
(alpha 0.95, 40 penalties from the smallest that keeps every term at 0 down to 1% of it, warm starts, 5 inner
cross-validation folds, a path stopped 10 penalties after its best), the final fit on all the fold's training
samples down to the chosen penalty, then one pair block (9 one-hot cells -> 4 ReLU -> 1) per pair that assocnet
kept in that fold (MODEL/wide.json), trained by full-batch Adam (learning rate 0.02, weight decay 1e-3, at most 600
steps, patience 40) on a 15% validation split, one block at a time. The solver is FISTA (proximal gradient with
momentum and restarts), which is what PyTorch offers for an L1 penalty; it stops when no coefficient moves by more
than TOL (standardised scale; default 1e-7, assocnet's) or after MAX_STEPS steps (default 2,000). Less work than assocnet's side: no relaxation blend, no pair
scan, blocks only for the pairs assocnet kept (assocnet trains every nominated one).
Usage: train_wide_torch.py COHORT_PREFIX MODEL_DIR THREADS SEED OUT_JSON [TOL MAX_STEPS]"""
import json, sys, time
t_start = time.perf_counter()
import numpy as np
import torch

prefix, model_dir, threads, seed, out_json = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
torch.set_num_threads(threads)
torch.manual_seed(seed)
rng = np.random.default_rng(seed)
ALPHA, L, RATIO, CV, PATIENCE_PATH = 0.95, 40, 0.01, 5, 10
TOL = float(sys.argv[6]) if len(sys.argv) > 6 else 1e-7
MAX_STEPS = int(sys.argv[7]) if len(sys.argv) > 7 else 2000

t0 = time.perf_counter()
raw = open(prefix + ".cohort.bin", "rb").read()
n = int.from_bytes(raw[16:24], "little")  # header: see MatrixHeader.java (n at offset 16, p at 24)
p = int.from_bytes(raw[24:32], "little")
g = np.frombuffer(raw, dtype=np.uint8, offset=64, count=n * p).reshape(p, n).T.astype(np.float64)
miss = g == 255
g[miss] = np.nan
h = np.rint(g)
terms = [g, (h >= 1).astype(np.float64), (h == 2).astype(np.float64)]
cols = []
for t in terms:
    t[miss] = np.nan
    mu = np.nanmean(t, axis=0)
    sd = np.nanstd(t, axis=0)
    sd[~(sd > 1e-6)] = 1.0
    cols.append(np.where(np.isnan(t), 0.0, (t - mu) / sd))
xv = np.stack(cols, axis=2).reshape(n, 3 * p)  # variant j -> columns 3j, 3j+1, 3j+2
samples = [l.rstrip("\n").split("\t") for l in open(prefix + ".samples.tsv")][1:]
y = np.array([int(s[2]) for s in samples], dtype=np.float64)
cov = np.array([[float(v) for v in s[3:]] for s in samples], dtype=np.float64).reshape(n, -1)
cov = (cov - cov.mean(0)) / np.where(cov.std(0) > 1e-12, cov.std(0), 1.0)
X = torch.from_numpy(np.concatenate([np.ones((n, 1)), cov, xv], axis=1))
Y = torch.from_numpy(y)
first = 1 + cov.shape[1]
pf = torch.zeros(X.shape[1], dtype=torch.float64)
pf[first:] = 1.0
fold = np.array([int(l.split("\t")[1]) for l in open(model_dir + "/folds.tsv").read().splitlines()[1:]])
wide = json.load(open(model_dir + "/wide.json"))
calls = np.where(miss, 3, h).astype(np.int64)
load_s = time.perf_counter() - t0


def loss(Xs, ys, b, off=None):
    z = Xs @ b if off is None else Xs @ b + off
    return torch.nn.functional.binary_cross_entropy_with_logits(z, ys).item()


def fista(Xs, ys, lam, b0, lip):
    """Elastic net logistic: mean BCE + lam * sum pf (alpha |b| + (1 - alpha) / 2 b^2), from b0."""
    step = 1.0 / (lip + lam * (1 - ALPHA))
    b, zb, tk = b0.clone(), b0.clone(), 1.0
    m = ys.shape[0]
    for it in range(MAX_STEPS):
        r = torch.sigmoid(Xs @ zb) - ys
        grad = Xs.T @ r / m + lam * (1 - ALPHA) * pf * zb
        u = zb - step * grad
        thr = step * lam * ALPHA * pf
        nb = torch.sign(u) * torch.clamp(u.abs() - thr, min=0.0)
        tn = (1 + (1 + 4 * tk * tk) ** 0.5) / 2
        if torch.dot(nb - b, b - (zb if it else b)).item() > 0:  # restart when the momentum goes uphill
            tn, zb = 1.0, nb.clone()
        else:
            zb = nb + (tk - 1) / tn * (nb - b)
        moved = (nb - b).abs().max().item()
        b, tk = nb, tn
        if moved < TOL:
            break
    return b


def lipschitz(Xs):
    v = torch.randn(Xs.shape[1], dtype=torch.float64)
    for _ in range(20):
        v = Xs.T @ (Xs @ v)
        v /= v.norm()
    return 0.25 * (Xs @ v).norm().item() ** 2 / Xs.shape[0]


def null_fit(Xs, ys):
    """Intercept and covariates only (Newton), the path's start."""
    b = torch.zeros(Xs.shape[1], dtype=torch.float64)
    Z = Xs[:, :first]
    for _ in range(25):
        mu = torch.sigmoid(Z @ b[:first])
        w = mu * (1 - mu)
        step = torch.linalg.solve(Z.T @ (Z * w[:, None]) + 1e-9 * torch.eye(first, dtype=torch.float64), Z.T @ (ys - mu))
        b[:first] += step
        if step.abs().max().item() < 1e-10:
            break
    return b


def stratified(idx, k, r):
    out = np.empty(len(idx), dtype=int)
    for cls in (0, 1):
        w = np.where(y[idx] == cls)[0]
        r.shuffle(w)
        out[w] = np.arange(len(w)) % k
    return out


def block_fit(yt, ot, ct, yv_, ov, cv_):
    U = 4
    W = torch.empty(9, U, dtype=torch.float64).uniform_(-(6.0 / 13) ** 0.5, (6.0 / 13) ** 0.5).requires_grad_()
    bb = torch.full((U,), 0.1, dtype=torch.float64, requires_grad=True)
    v = torch.zeros(U, dtype=torch.float64, requires_grad=True)
    c0 = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([W, bb, v, c0], lr=0.02)
    oh_t = torch.nn.functional.one_hot(ct, 10)[:, :9].double()
    oh_v = torch.nn.functional.one_hot(cv_, 10)[:, :9].double()

    def value(oh):
        return torch.relu(oh @ W + bb * oh.sum(1, keepdim=True)) @ v + c0

    with torch.no_grad():
        best, best_state, best_it = torch.nn.functional.binary_cross_entropy_with_logits(ov + value(oh_v), yv_).item(), None, 0
    for it in range(1, 601):
        opt.zero_grad()
        lt = torch.nn.functional.binary_cross_entropy_with_logits(ot + value(oh_t), yt) \
            + 0.5e-3 * (W.pow(2).sum() + v.pow(2).sum())
        lt.backward()
        opt.step()
        with torch.no_grad():
            lv = torch.nn.functional.binary_cross_entropy_with_logits(ov + value(oh_v), yv_).item()
        if lv < best - 1e-9:
            best, best_it = lv, it
            best_state = [t.detach().clone() for t in (W, bb, v, c0)]
        elif it - best_it >= 40:
            break
    return best_state, value


fold_s, logit = [], np.zeros(n)
for f in range(fold.max() + 1):
    t1 = time.perf_counter()
    tr = np.where((fold >= 0) & (fold != f))[0]
    ho = np.where(fold == f)[0]
    Xt, Yt = X[tr], Y[tr]
    b_null = null_fit(Xt, Yt)
    grad = Xt.T @ (torch.sigmoid(Xt @ b_null) - Yt) / len(tr)
    lmax = (grad.abs() * pf).max().item() / ALPHA
    lams = [lmax * RATIO ** (s / (L - 1)) for s in range(L)]
    cvf = stratified(tr, CV, rng)
    cv_loss = np.full((CV, L), np.nan)
    for c in range(CV):
        fi, oi = tr[cvf != c], tr[cvf == c]
        Xf, Yf, Xo, Yo = X[fi], Y[fi], X[oi], Y[oi]
        lip = lipschitz(Xf)
        b = null_fit(Xf, Yf)
        best, best_at = np.inf, 0
        for s, lam in enumerate(lams):
            b = fista(Xf, Yf, lam, b, lip)
            cv_loss[c, s] = loss(Xo, Yo, b)
            if cv_loss[c, s] < best:
                best, best_at = cv_loss[c, s], s
            if s - best_at >= PATIENCE_PATH or int((b[first:] != 0).sum()) > len(fi) // 2:
                break
    complete = ~np.isnan(cv_loss).any(axis=0)
    mean = np.where(complete, np.nan_to_num(cv_loss).mean(axis=0), np.inf)
    s_best = int(np.argmin(mean))
    lip = lipschitz(Xt)
    b = b_null
    for s in range(s_best + 1):
        b = fista(Xt, Yt, lams[s], b, lip)
    # blocks for the pairs assocnet kept in this fold, on a 15% validation split
    val_mask = np.zeros(len(tr), dtype=bool)
    val_mask[stratified(tr, 7, rng) == 0] = True
    inner, val = tr[~val_mask], tr[val_mask]
    off_i, off_v, off_h = X[inner] @ b, X[val] @ b, X[ho] @ b
    for pr in wide["folds"][f]["pairs"]:
        a, c2 = pr["variantA"], pr["variantB"]
        cell = torch.from_numpy(np.where((calls[:, a] > 2) | (calls[:, c2] > 2), 9, calls[:, a] * 3 + calls[:, c2]))
        state, value = block_fit(Y[inner], off_i, cell[inner], Y[val], off_v, cell[val])
        if state is None:
            continue
        with torch.no_grad():
            W, bb, v, c0 = state

            def val_of(idx):
                oh = torch.nn.functional.one_hot(cell[idx], 10)[:, :9].double()
                return torch.relu(oh @ W + bb * oh.sum(1, keepdim=True)) @ v + c0
            off_i, off_v, off_h = off_i + val_of(inner), off_v + val_of(val), off_h + val_of(ho)
    logit[ho] = off_h.numpy()
    fold_s.append(time.perf_counter() - t1)
    print(f"torch fold {f}: penalty {lams[s_best]:.4g} ({s_best + 1} of {L}), {int((b[first:] != 0).sum())} terms, "
          f"{len(wide['folds'][f]['pairs'])} blocks, {fold_s[-1]:.1f} s", file=sys.stderr)

sc = logit[fold >= 0]
yy = y[fold >= 0]
order = np.argsort(sc, kind="mergesort")
ranks = np.empty(len(sc))
ranks[order] = np.arange(1, len(sc) + 1)
n1 = yy.sum()
auc = (ranks[yy == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * (len(yy) - n1))
json.dump({"foldSecondsSum": sum(fold_s), "foldSeconds": fold_s, "loadSeconds": load_s, "auc": auc,
           "totalSeconds": time.perf_counter() - t_start, "torch": torch.__version__}, open(out_json, "w"), indent=1)
