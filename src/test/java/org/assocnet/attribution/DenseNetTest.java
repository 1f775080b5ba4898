package org.assocnet.attribution;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.assocnet.core.UserException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.assocnet.stats.Logistic;

/** The plain-array copy of a DL4J network must reproduce DL4J's own forward pass. */
class DenseNetTest {

    static double[][] randomRows(int rows, int cols, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[rows][cols];
        for (double[] row : x) for (int j = 0; j < cols; j++) row[j] = r.nextGaussian() * 1.5;
        return x;
    }

    @ParameterizedTest(name = "{0} hidden={1} {2}")
    @CsvSource({"RELU,'8',FLOAT", "RELU,'16;8',FLOAT", "TANH,'12;6;3',FLOAT", "LEAKYRELU,'10',FLOAT",
        "IDENTITY,'5',DOUBLE", "SIGMOID,'7',FLOAT", "RELU,'',FLOAT", "RELU,'16;8',DOUBLE"})
    void logitsMatchDl4jOutput(Activation act, String hidden, DataType dt) {
        int p = 30;
        int[] h = hidden.isEmpty() ? new int[0] : java.util.Arrays.stream(hidden.split(";")).mapToInt(Integer::parseInt).toArray();
        MultiLayerNetwork net = Fixtures.net(p, h, act, 7, dt);
        // make biases non-zero so every path is exercised
        for (int l = 0; l < net.getLayers().length; l++) {
            INDArray b = net.getLayer(l).getParam("b");
            net.getLayer(l).setParam("b", Nd4j.rand(b.dataType(), b.shape()).subi(0.5));
        }
        DenseNet d = DenseNet.of(net, "test");
        double[][] x = randomRows(50, p, 3);
        INDArray out = net.output(Nd4j.create(x).castTo(dt));
        for (int i = 0; i < x.length; i++) {
            double prob = out.getDouble(i, 0);
            assertEquals(prob, Logistic.sigmoid(d.logit(x[i])), 1e-5, "row " + i);
        }
    }

    @Test
    void cachedFirstLayerUpdateEqualsFullForwardPass() {
        int p = 40;
        MultiLayerNetwork net = Fixtures.net(p, new int[] {16, 4}, Activation.RELU, 11, DataType.DOUBLE);
        DenseNet d = DenseNet.of(net, "test");
        double[][] x = randomRows(20, p, 5);
        int h = d.firstWidth();
        double[][] scratch = d.newScratch();
        for (double[] row : x) {
            double[] z = d.firstBias().clone();
            for (int j = 0; j < p; j++) for (int k = 0; k < h; k++) z[k] += row[j] * d.w1(j, k);
            assertEquals(d.logit(row), d.logitFromFirst(z, 0, scratch), 1e-12);
            for (int j = 0; j < p; j += 7) {
                double v = -1.3 + j * 0.1;
                double[] zz = new double[h];
                for (int k = 0; k < h; k++) zz[k] = z[k] + (v - row[j]) * d.w1(j, k);
                double[] mod = row.clone();
                mod[j] = v;
                assertEquals(d.logit(mod), d.logitFromFirst(zz, 0, scratch), 1e-10);
                double dl4j = net.output(Nd4j.create(new double[][] {mod})).getDouble(0, 0);
                assertEquals(dl4j, Logistic.sigmoid(d.logitFromFirst(zz, 0, scratch)), 1e-12);
            }
        }
    }

    @ParameterizedTest(name = "{0} hidden={1}")
    @CsvSource({"RELU,'16'", "LEAKYRELU,'16'", "IDENTITY,'8'", "TANH,'8'", "RELU,'8;4'", "RELU,''"})
    void fusedShiftedLogitEqualsGeneralPath(Activation act, String hidden) {
        int p = 25;
        int[] hs = hidden.isEmpty() ? new int[0] : java.util.Arrays.stream(hidden.split(";")).mapToInt(Integer::parseInt).toArray();
        DenseNet d = DenseNet.of(Fixtures.net(p, hs, act, 3, DataType.DOUBLE), "test");
        double[][] x = randomRows(10, p, 9);
        int h = d.firstWidth();
        double[] zz = new double[h];
        double[][] s = d.newScratch();
        for (double[] row : x) {
            double[] z = d.firstBias().clone();
            for (int j = 0; j < p; j++) for (int k = 0; k < h; k++) z[k] += row[j] * d.w1(j, k);
            for (int j = 0; j < p; j++) {
                double dx = 0.7 - row[j];
                double[] mod = row.clone();
                mod[j] = 0.7;
                assertEquals(d.logit(mod), d.logitShifted(z, 0, dx, j * h, zz, s), 1e-10);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"RELU", "TANH", "SIGMOID", "LEAKYRELU"})
    void gradientMatchesFiniteDifferences(Activation act) {
        int p = 12;
        MultiLayerNetwork net = Fixtures.net(p, new int[] {9, 5}, act, 2, DataType.DOUBLE);
        DenseNet d = DenseNet.of(net, "test");
        Random r = new Random(1);
        double[] z = new double[d.firstWidth()];
        for (int k = 0; k < z.length; k++) z[k] = r.nextGaussian();
        double[] g = new double[z.length];
        double[][] s = d.newScratch();
        d.gradFirst(z, 0, 1.0, g, s);
        for (int k = 0; k < z.length; k++) {
            double[] zp = z.clone(), zm = z.clone();
            zp[k] += 1e-6;
            zm[k] -= 1e-6;
            double fd = (d.logitFromFirst(zp, 0, s) - d.logitFromFirst(zm, 0, s)) / 2e-6;
            assertEquals(fd, g[k], 1e-6, "unit " + k);
        }
    }

    @Test
    void rejectsNetworksItCannotEvaluate() {
        MultiLayerNetwork softmax = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2).activation(Activation.SOFTMAX).build())
                .build());
        softmax.init();
        UserException e = assertThrows(UserException.class, () -> DenseNet.of(softmax, "fold-0"));
        assertTrue(e.getMessage().contains("one sigmoid unit"), e.getMessage());
        MultiLayerNetwork elu = Fixtures.net(3, new int[] {4}, Activation.ELU, 1, DataType.FLOAT);
        e = assertThrows(UserException.class, () -> DenseNet.of(elu, "fold-0"));
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
    }

    @Test
    void bceIsStable() {
        assertEquals(Math.log(2), Logistic.bce(1, 0), 1e-15);
        assertEquals(800, Logistic.bce(0, 800), 1e-9);
        assertEquals(-Math.log(Logistic.sigmoid(-3)), Logistic.bce(1, -3), 1e-12);
        assertEquals(0, Logistic.bce(1, 800), 1e-12);
    }
}
