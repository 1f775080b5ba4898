#!/usr/bin/env python3
# Copyright the assocnet authors. Apache-2.0.
"""Keras 2 HDF5 files (the layout of `model.save("model.h5")`) written and read with h5py + NumPy only.

There is no TensorFlow on this machine: this writes the same groups and attributes Keras 2 writes for a
Sequential model of Dense / Dropout (and, to test refusals, BatchNormalization) layers, from known weights, so
that assocnet's Keras import can be checked against a NumPy forward pass of the same file.

  keras_h5.py write SPEC.json MODEL.h5      SPEC: {"layers": [{"type": "dense", "units": 60, "activation": "relu",
                                            "kernel": [[...] x inputs], "bias": [...], "input_dim": 60}, {"type":
                                            "dropout", "rate": 0.2}, {"type": "batchnorm", ...}], "loss": ...}
  keras_h5.py predict MODEL.h5 X.tsv OUT.tsv  NumPy forward pass of the weights stored in MODEL.h5 (float64), one
                                            probability per row of X (tab-separated, no header), %.17g
"""
import json
import sys

import h5py
import numpy as np

ACTIVATIONS = {
    "relu": lambda v: np.maximum(v, 0.0),
    "sigmoid": lambda v: 1.0 / (1.0 + np.exp(-v)),
    "tanh": np.tanh,
    "linear": lambda v: v,
}


def _init(name, **cfg):
    return {"class_name": name, "config": cfg}


def _layer_config(spec, name, first):
    t = spec["type"]
    if t == "dense":
        cfg = {"name": name, "trainable": True, "dtype": "float32", "units": int(spec["units"]),
               "activation": spec["activation"], "use_bias": True,
               "kernel_initializer": _init("VarianceScaling", scale=1.0, mode="fan_avg", distribution="uniform", seed=None),
               "bias_initializer": _init("Zeros"), "kernel_regularizer": None, "bias_regularizer": None,
               "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}
        cls = "Dense"
    elif t == "dropout":
        cfg = {"name": name, "trainable": True, "dtype": "float32", "rate": float(spec.get("rate", 0.5)),
               "noise_shape": None, "seed": None}
        cls = "Dropout"
    elif t == "batchnorm":
        cfg = {"name": name, "trainable": True, "dtype": "float32", "axis": -1, "momentum": 0.99, "epsilon": 0.001,
               "center": True, "scale": True, "beta_initializer": _init("Zeros"), "gamma_initializer": _init("Ones"),
               "moving_mean_initializer": _init("Zeros"), "moving_variance_initializer": _init("Ones"),
               "beta_regularizer": None, "gamma_regularizer": None, "beta_constraint": None, "gamma_constraint": None}
        cls = "BatchNormalization"
    else:
        raise SystemExit("unknown layer type " + t)
    if first:
        cfg["batch_input_shape"] = [None, int(spec["input_dim"])]
    return {"class_name": cls, "config": cfg}


def _weights(spec):
    """(short name, array) pairs in Keras order."""
    t = spec["type"]
    if t == "dense":
        return [("kernel:0", np.asarray(spec["kernel"], dtype=np.float32)),
                ("bias:0", np.asarray(spec["bias"], dtype=np.float32))]
    if t == "batchnorm":
        return [(k + ":0", np.asarray(spec[k], dtype=np.float32)) for k in ("gamma", "beta", "moving_mean", "moving_variance")]
    return []


def write(spec, path):
    counts = {}
    names = []
    configs = []
    for i, layer in enumerate(spec["layers"]):
        base = {"dense": "dense", "dropout": "dropout", "batchnorm": "batch_normalization"}[layer["type"]]
        counts[base] = counts.get(base, 0) + 1
        name = layer.get("name", "%s_%d" % (base, counts[base]))
        names.append(name)
        configs.append(_layer_config(layer, name, i == 0))
    # "style": "tf2" writes what tf.keras 2.x writes (an explicit InputLayer first, keras_version 2.11.0);
    # default: standalone Keras 2.2.4 (batch_input_shape on the first Dense layer)
    version = "2.2.4"
    if spec.get("style") == "tf2":
        version = "2.11.0"
        shape = configs[0]["config"].pop("batch_input_shape")
        configs.insert(0, {"class_name": "InputLayer", "config": {"batch_input_shape": shape, "dtype": "float32",
                                                                  "sparse": False, "ragged": False, "name": "dense_input"}})
    model_config = {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": configs}}
    training_config = {
        "optimizer_config": {"class_name": "Adam", "config": {"lr": 0.001, "beta_1": 0.9, "beta_2": 0.999,
                                                              "decay": 0.0, "epsilon": 1e-07, "amsgrad": False}},
        "loss": spec.get("loss", "binary_crossentropy"), "metrics": ["accuracy"], "sample_weight_mode": None,
        "loss_weights": None}
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = np.bytes_(version)
        f.attrs["backend"] = np.bytes_("tensorflow")
        f.attrs["model_config"] = np.bytes_(json.dumps(model_config))
        f.attrs["training_config"] = np.bytes_(json.dumps(training_config))
        mw = f.create_group("model_weights")
        mw.attrs["layer_names"] = np.array([np.bytes_(n) for n in names])
        mw.attrs["backend"] = np.bytes_("tensorflow")
        mw.attrs["keras_version"] = np.bytes_(version)
        for name, layer in zip(names, spec["layers"]):
            g = mw.create_group(name)
            ws = _weights(layer)
            g.attrs["weight_names"] = np.array([np.bytes_(name + "/" + w) for w, _ in ws], dtype="S")
            if ws:
                inner = g.create_group(name)
                for w, a in ws:
                    inner.create_dataset(w, data=a)


def read_layers(path):
    """[(class_name, config, {short weight name: float64 array})] in model order, from the file alone."""
    with h5py.File(path, "r") as f:
        cfg = f.attrs["model_config"]
        cfg = json.loads(cfg.decode() if isinstance(cfg, bytes) else cfg)
        mw = f["model_weights"]
        out = []
        for layer in cfg["config"]["layers"]:
            if layer["class_name"] == "InputLayer":
                continue
            name = layer["config"]["name"]
            ws = {}
            for wn in mw[name].attrs["weight_names"]:
                wn = wn.decode() if isinstance(wn, bytes) else wn
                ws[wn.split("/")[-1]] = np.asarray(mw[name][wn], dtype=np.float64)
            out.append((layer["class_name"], layer["config"], ws))
        return out


def forward(path, x):
    """Inference-time forward pass (Dropout = identity) of the model in `path`, float64."""
    a = np.asarray(x, dtype=np.float64)
    for cls, cfg, ws in read_layers(path):
        if cls == "Dense":
            a = ACTIVATIONS[cfg["activation"]](a @ ws["kernel:0"] + ws["bias:0"])
        elif cls == "Dropout":
            pass
        else:
            raise SystemExit("forward: layer %s (%s) not supported" % (cfg["name"], cls))
    return a


def main(argv):
    if len(argv) >= 3 and argv[0] == "write":
        with open(argv[1]) as fh:
            write(json.load(fh), argv[2])
    elif len(argv) >= 4 and argv[0] == "predict":
        x = np.loadtxt(argv[2], delimiter="\t", ndmin=2)
        p = forward(argv[1], x)[:, 0]
        np.savetxt(argv[3], p, fmt="%.17g")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
