package org.assocnet.attribution;

import java.util.ArrayList;
import java.util.List;
import org.assocnet.core.UserException;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.assocnet.stats.Logistic;

/**
 * A fold network copied out of DL4J into plain Java arrays, so that attribution can evaluate it millions
 * of times without native calls. Shape: Dense layers (identity, ReLU, leaky ReLU, tanh or sigmoid) then one
 * sigmoid output unit; {@link #logit} is the output unit's pre-activation.
 *
 * <p>Attribution never re-runs the first layer for a one-input change: it keeps the first-layer
 * pre-activation {@code z = x W1 + b1} of each sample and evaluates the rest of the network from it
 * ({@link #logitFromFirst}). With a single (output) layer, z is the logit itself.
 */
public final class DenseNet {
    /** Element-wise activations DenseNet can evaluate; {@code slope} is the leaky-ReLU negative slope. */
    public enum Act {
        IDENTITY, RELU, LEAKY_RELU, TANH, SIGMOID
    }

    private final int inputs;
    private final int[] sizes; // output size of each layer
    private final double[][] w; // w[l] row-major: in x out
    private final double[][] b;
    private final Act[] act; // activation of every layer but the last (the last is sigmoid -> logit)
    private final double[] slope;

    public DenseNet(int inputs, double[][] w, double[][] b, Act[] act, double[] slope) {
        this.inputs = inputs;
        this.w = w;
        this.b = b;
        this.act = act;
        this.slope = slope;
        this.sizes = new int[w.length];
        int in = inputs;
        for (int l = 0; l < w.length; l++) {
            sizes[l] = b[l].length;
            if (w[l].length != in * sizes[l]) throw new IllegalArgumentException("layer " + l + " shape mismatch");
            in = sizes[l];
        }
        if (sizes[w.length - 1] != 1) throw new IllegalArgumentException("last layer must have one unit");
    }

    /**
     * Copies the weights of a DL4J network of Dense layers ending in a one-unit sigmoid OutputLayer (assocnet train)
     * or a one-unit sigmoid Dense layer (Keras import); Dropout layers, the identity at inference, are skipped.
     */
    public static DenseNet of(MultiLayerNetwork net, String what) {
        Layer[] layers = java.util.Arrays.stream(net.getLayers())
                .filter(x -> !(x.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.DropoutLayer))
                .toArray(Layer[]::new);
        if (layers.length == 0) throw new UserException(what + ": network has no layers");
        if (net.getLayerWiseConfigurations().getInputPreProcessors() != null
                && !net.getLayerWiseConfigurations().getInputPreProcessors().isEmpty()) {
            throw new UserException(what + ": input preprocessors are not supported");
        }
        double[][] w = new double[layers.length][];
        double[][] b = new double[layers.length][];
        Act[] act = new Act[layers.length - 1];
        double[] slope = new double[layers.length - 1];
        int inputs = -1;
        int prev = -1;
        for (int l = 0; l < layers.length; l++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layers[l].conf().getLayer();
            boolean last = l == layers.length - 1;
            if (last ? !(conf instanceof OutputLayer || conf instanceof DenseLayer) : !(conf instanceof DenseLayer)) {
                throw new UserException(what + ": layer " + l + " is " + conf.getClass().getSimpleName()
                        + "; expected Dense layers ending in an OutputLayer");
            }
            INDArray wa = layers[l].getParam("W");
            INDArray ba = layers[l].getParam("b");
            if (wa == null || ba == null || wa.rank() != 2) throw new UserException(what + ": layer " + l + " has no W/b");
            int in = (int) wa.size(0);
            int out = (int) wa.size(1);
            if (l == 0) inputs = in;
            else if (in != prev) throw new UserException(what + ": layer " + l + " input size " + in + " != " + prev);
            prev = out;
            double[] wf = new double[in * out];
            for (int r = 0; r < in; r++) {
                for (int c = 0; c < out; c++) wf[r * out + c] = wa.getDouble(r, c);
            }
            double[] bf = new double[out];
            for (int c = 0; c < out; c++) bf[c] = ba.getDouble(c);
            w[l] = wf;
            b[l] = bf;
            IActivation a = ((BaseLayer) conf).getActivationFn();
            if (last) {
                if (!(a instanceof ActivationSigmoid) || out != 1) {
                    throw new UserException(what + ": the output layer must be one sigmoid unit (found " + out + " x " + a + ")");
                }
            } else if (a instanceof ActivationIdentity) {
                act[l] = Act.IDENTITY;
            } else if (a instanceof ActivationReLU r) {
                if (r.getMax() != null || (r.getThreshold() != null && r.getThreshold() != 0.0)) {
                    throw new UserException(what + ": layer " + l + ": ReLU with max/threshold is not supported");
                }
                double s = r.getNegativeSlope() == null ? 0.0 : r.getNegativeSlope();
                act[l] = s == 0.0 ? Act.RELU : Act.LEAKY_RELU;
                slope[l] = s;
            } else if (a instanceof ActivationLReLU r) {
                act[l] = Act.LEAKY_RELU;
                slope[l] = r.getAlpha();
            } else if (a instanceof ActivationTanH) {
                act[l] = Act.TANH;
            } else if (a instanceof ActivationSigmoid) {
                act[l] = Act.SIGMOID;
            } else {
                throw new UserException(what + ": layer " + l + ": activation " + a + " is not supported");
            }
        }
        return new DenseNet(inputs, w, b, act, slope);
    }

    public int inputs() {
        return inputs;
    }

    /** Width of the first layer's pre-activation (1 if the network is a single output layer). */
    public int firstWidth() {
        return sizes[0];
    }

    public int layers() {
        return w.length;
    }

    /** Row j of W1 (the first layer's weights from input j), length {@link #firstWidth()}. */
    public double w1(int j, int k) {
        return w[0][j * sizes[0] + k];
    }

    /** The first layer's weights, row-major inputs x firstWidth (shared, do not modify). */
    public double[] firstWeights() {
        return w[0];
    }

    public double[] firstBias() {
        return b[0];
    }

    /** Weights of layer l (row-major in x out; shared, do not modify). */
    public double[] weights(int l) {
        return w[l];
    }

    public double[] bias(int l) {
        return b[l];
    }

    /** Activation of hidden layer l (l < layers() - 1). */
    public Act activation(int l) {
        return act[l];
    }

    public double slope(int l) {
        return slope[l];
    }

    /**
     * Logit with the first-layer pre-activation z[off..] shifted by dx * w1[wo..] (input j changed by dx),
     * fused into one loop for networks with at most one hidden layer of identity/ReLU/leaky ReLU units; other
     * shapes fall back to {@link #logitFromFirst} on a scratch copy. Same value as the unfused path up to the
     * order of floating-point additions (identical for a given network, whatever the thread).
     */
    public double logitShifted(double[] z, int off, double dx, int wo, double[] zz, double[][] scratch) {
        double[] w1 = w[0];
        int h = sizes[0];
        if (w.length == 1) return z[off] + dx * w1[wo];
        if (w.length == 2 && act[0] != Act.TANH && act[0] != Act.SIGMOID) {
            double[] w2 = w[1];
            double s = b[1][0];
            switch (act[0]) {
                case RELU -> {
                    for (int k = 0; k < h; k++) {
                        double v = z[off + k] + dx * w1[wo + k];
                        if (v > 0) s += v * w2[k];
                    }
                }
                case LEAKY_RELU -> {
                    double a = slope[0];
                    for (int k = 0; k < h; k++) {
                        double v = z[off + k] + dx * w1[wo + k];
                        s += (v > 0 ? v : a * v) * w2[k];
                    }
                }
                default -> {
                    for (int k = 0; k < h; k++) s += (z[off + k] + dx * w1[wo + k]) * w2[k];
                }
            }
            return s;
        }
        for (int k = 0; k < h; k++) zz[k] = z[off + k] + dx * w1[wo + k];
        return logitFromFirst(zz, 0, scratch);
    }

    /** Scratch space big enough for {@link #logitFromFirst} and {@link #gradFirst}. */
    public double[][] newScratch() {
        double[][] s = new double[2 * w.length][];
        for (int l = 0; l < w.length; l++) {
            s[l] = new double[sizes[l]];
            s[w.length + l] = new double[sizes[l]];
        }
        return s;
    }

    /** Logit from the first layer's pre-activation z (length firstWidth, starting at z[off]). */
    public double logitFromFirst(double[] z, int off, double[][] scratch) {
        if (w.length == 1) return z[off];
        int h = sizes[0];
        double[] a = scratch[0];
        activate(act[0], slope[0], z, off, a, h);
        for (int l = 1; l < w.length; l++) {
            int in = sizes[l - 1];
            int out = sizes[l];
            double[] wl = w[l];
            if (l == w.length - 1) {
                double s = b[l][0];
                for (int r = 0; r < in; r++) s += a[r] * wl[r];
                return s;
            }
            double[] zl = scratch[l];
            System.arraycopy(b[l], 0, zl, 0, out);
            for (int r = 0; r < in; r++) {
                double ar = a[r];
                if (ar == 0.0) continue;
                int base = r * out;
                for (int c = 0; c < out; c++) zl[c] += ar * wl[base + c];
            }
            double[] next = scratch[w.length + l];
            activate(act[l], slope[l], zl, 0, next, out);
            a = next;
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * Gradient of the logit with respect to the first layer's pre-activation z (added, times {@code weight},
     * into {@code grad}); returns the logit. Used by Integrated Gradients, where the path is linear in z.
     */
    public double gradFirst(double[] z, int off, double weight, double[] grad, double[][] scratch) {
        int h = sizes[0];
        if (w.length == 1) {
            grad[0] += weight;
            return z[off];
        }
        int L = w.length;
        // forward, keeping pre-activations (scratch[l]) and activations (acts[l])
        double[][] pre = new double[L][];
        double[][] acts = new double[L][];
        pre[0] = new double[h];
        System.arraycopy(z, off, pre[0], 0, h);
        acts[0] = new double[h];
        activate(act[0], slope[0], pre[0], 0, acts[0], h);
        double logit = 0;
        for (int l = 1; l < L; l++) {
            int in = sizes[l - 1];
            int out = sizes[l];
            double[] zl = new double[out];
            System.arraycopy(b[l], 0, zl, 0, out);
            for (int r = 0; r < in; r++) {
                double ar = acts[l - 1][r];
                if (ar == 0.0) continue;
                for (int c = 0; c < out; c++) zl[c] += ar * w[l][r * out + c];
            }
            pre[l] = zl;
            if (l < L - 1) {
                acts[l] = new double[out];
                activate(act[l], slope[l], zl, 0, acts[l], out);
            } else {
                logit = zl[0];
            }
        }
        // backward: delta over layer l's pre-activation
        double[] delta = {1.0};
        for (int l = L - 1; l >= 1; l--) {
            int in = sizes[l - 1];
            int out = sizes[l];
            double[] d = new double[in];
            for (int r = 0; r < in; r++) {
                double s = 0;
                for (int c = 0; c < out; c++) s += w[l][r * out + c] * delta[c];
                d[r] = s * derivative(act[l - 1], slope[l - 1], pre[l - 1][r], acts[l - 1][r]);
            }
            delta = d;
        }
        for (int k = 0; k < h; k++) grad[k] += weight * delta[k];
        return logit;
    }

    /** Full forward pass on one raw input row (already standardised). */
    public double logit(double[] x) {
        int h = sizes[0];
        double[] z = b[0].clone();
        for (int j = 0; j < inputs; j++) {
            double v = x[j];
            if (v == 0.0) continue;
            for (int k = 0; k < h; k++) z[k] += v * w[0][j * h + k];
        }
        return logitFromFirst(z, 0, newScratch());
    }

    private static void activate(Act a, double slope, double[] in, int off, double[] out, int len) {
        switch (a) {
            case IDENTITY -> System.arraycopy(in, off, out, 0, len);
            case RELU -> {
                for (int k = 0; k < len; k++) {
                    double v = in[off + k];
                    out[k] = v > 0 ? v : 0.0;
                }
            }
            case LEAKY_RELU -> {
                for (int k = 0; k < len; k++) {
                    double v = in[off + k];
                    out[k] = v > 0 ? v : slope * v;
                }
            }
            case TANH -> {
                for (int k = 0; k < len; k++) out[k] = Math.tanh(in[off + k]);
            }
            case SIGMOID -> {
                for (int k = 0; k < len; k++) out[k] = Logistic.sigmoid(in[off + k]);
            }
        }
    }

    private static double derivative(Act a, double slope, double pre, double post) {
        return switch (a) {
            case IDENTITY -> 1.0;
            case RELU -> pre > 0 ? 1.0 : 0.0;
            case LEAKY_RELU -> pre > 0 ? 1.0 : slope;
            case TANH -> 1.0 - post * post;
            case SIGMOID -> post * (1.0 - post);
        };
    }

    /** Describes the layer sizes, e.g. "100-64-1 relu". */
    public String describe() {
        List<String> s = new ArrayList<>();
        s.add(Integer.toString(inputs));
        for (int l = 0; l < w.length; l++) s.add(sizes[l] + (l < act.length ? " " + act[l].name().toLowerCase() : " sigmoid"));
        return String.join(" -> ", s);
    }
}
