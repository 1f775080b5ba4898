package org.assocnet.attribution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.assocnet.core.UserException;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A Keras 2 model trained elsewhere ({@code model.save("model.h5")}, HDF5), imported with DL4J's Keras import and
 * checked to be a shape attribution can evaluate: a Sequential stack of Dense layers (relu, sigmoid, tanh or linear)
 * and Dropout layers (identity at inference) ending in one sigmoid unit. Anything else is refused naming the layer.
 */
public final class KerasModel {
    private KerasModel() {}

    /** The imported network (parameters converted to double precision) and a description of its layers. */
    public record Imported(MultiLayerNetwork network, List<String> layers, String sha256) {
        public int inputs() {
            return (int) firstDense(network).getParam("W").size(0);
        }
    }

    /** The first Dense layer (a Keras model may start with Dropout on its inputs). */
    static org.deeplearning4j.nn.api.Layer firstDense(MultiLayerNetwork net) {
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) if (l.conf().getLayer() instanceof DenseLayer) return l;
        throw new IllegalStateException("no Dense layer");
    }

    public static Imported load(Path h5) throws IOException {
        if (!Files.isRegularFile(h5)) throw new UserException(h5 + ": Keras model file not found");
        MultiLayerNetwork net;
        try {
            net = KerasModelImport.importKerasSequentialModelAndWeights(h5.toAbsolutePath().toString(), false);
        } catch (UserException e) {
            throw e;
        } catch (Exception | UnsatisfiedLinkError e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0];
            throw new UserException(h5 + ": cannot import as a Keras 2 Sequential HDF5 model (model.save): " + msg
                    + " (supported: Sequential Dense layers with relu/sigmoid/tanh/linear activations and Dropout)", e);
        }
        org.deeplearning4j.nn.api.Layer[] layers = net.getLayers();
        List<String> desc = new ArrayList<>();
        int dense = 0;
        int lastDense = -1;
        for (int l = 0; l < layers.length; l++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layers[l].conf().getLayer();
            String name = conf.getLayerName() == null ? "#" + l : conf.getLayerName();
            if (conf instanceof DropoutLayer) {
                desc.add(name + ": Dropout (identity at inference)");
                continue;
            }
            if (!(conf instanceof DenseLayer)) {
                throw new UserException(h5 + ": layer '" + name + "' (" + conf.getClass().getSimpleName() + ") is not supported;"
                        + " attribute imports Sequential models of Dense layers (relu, sigmoid, tanh, linear) and Dropout");
            }
            IActivation a = ((BaseLayer) conf).getActivationFn();
            String act = activation(a);
            if (act == null) {
                throw new UserException(h5 + ": layer '" + name + "' (Dense): activation " + a + " is not supported"
                        + " (relu, sigmoid, tanh, linear)");
            }
            if (!((DenseLayer) conf).hasBias()) {
                throw new UserException(h5 + ": layer '" + name + "' (Dense) has no bias (use_bias=False is not supported)");
            }
            long[] shape = layers[l].getParam("W").shape();
            desc.add(name + ": Dense(" + shape[1] + ", " + act + ") from " + shape[0] + " inputs");
            dense++;
            lastDense = l;
        }
        if (dense == 0) throw new UserException(h5 + ": the model has no Dense layer");
        org.deeplearning4j.nn.conf.layers.Layer last = layers[lastDense].conf().getLayer();
        long outs = layers[lastDense].getParam("W").size(1);
        if (!(((BaseLayer) last).getActivationFn() instanceof ActivationSigmoid) || outs != 1) {
            throw new UserException(h5 + ": the output layer '" + last.getLayerName() + "' must be Dense(1, sigmoid) (found "
                    + outs + " units, " + ((BaseLayer) last).getActivationFn() + "): attribute explains a binary classifier"
                    + " trained with binary cross-entropy");
        }
        return new Imported(net.convertDataType(DataType.DOUBLE), desc, sha256(h5));
    }

    static String activation(IActivation a) {
        if (a instanceof ActivationIdentity) return "linear";
        if (a instanceof ActivationReLU r) {
            boolean plain = (r.getMax() == null || r.getMax().isInfinite()) && (r.getThreshold() == null || r.getThreshold() == 0.0)
                    && (r.getNegativeSlope() == null || r.getNegativeSlope() == 0.0);
            return plain ? "relu" : null;
        }
        if (a instanceof ActivationSigmoid) return "sigmoid";
        if (a instanceof ActivationTanH) return "tanh";
        return null;
    }

    static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
