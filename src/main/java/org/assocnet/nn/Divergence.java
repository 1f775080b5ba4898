package org.assocnet.nn;

import org.assocnet.core.Log;

/** Warns when a fold's training loss diverged (non-finite, or ended far above where it started). */
final class Divergence {
    /** The training loss may end at most this many times its first epoch's value before a warning. */
    static final double FACTOR = 10;

    private Divergence() {}

    static boolean warn(Trainer.Result r) {
        boolean any = false;
        for (Trainer.FoldResult f : r.folds()) {
            double[] l = f.trainLoss();
            if (l.length == 0) continue;
            double first = l[0], last = l[l.length - 1], max = first;
            boolean finite = true;
            for (double v : l) {
                finite &= Double.isFinite(v);
                max = Math.max(max, v);
            }
            if (!finite || last > FACTOR * first) {
                any = true;
                Log.warn("train: fold %d diverged (training loss %.4g at epoch 1, %.4g at the end, max %.4g): lower the learning rate"
                        + " (results of this model are not trustworthy)", f.fold(), first, last, max);
            }
        }
        return any;
    }
}
