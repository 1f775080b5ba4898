package org.assocnet.stats;

/**
 * Cholesky factorisation, solves and inverses of small symmetric positive definite matrices stored row-major in
 * flat arrays with a row stride; one home for the logistic fitters and the covariate checks. Only the lower
 * triangle of the input is read.
 */
public final class Cholesky {
    private Cholesky() {}

    /**
     * Factors the k x k matrix {@code a[idx[r] * stride + idx[c]]} (idx null: the leading k x k block) into the
     * lower factor {@code l} (same stride). Every pivot must exceed {@code max(absFloor, relTol * |a_cc|)}.
     *
     * @return false if a pivot does not (not positive definite to working precision)
     */
    public static boolean factor(double[] a, int stride, int[] idx, int k, double[] l, double relTol, double absFloor) {
        for (int c = 0; c < k; c++) {
            int ac = idx == null ? c : idx[c];
            for (int d = 0; d <= c; d++) {
                int ad = idx == null ? d : idx[d];
                double sum = a[ac * stride + ad];
                for (int e = 0; e < d; e++) sum -= l[c * stride + e] * l[d * stride + e];
                if (c == d) {
                    if (!(sum > Math.max(absFloor, relTol * Math.abs(a[ac * stride + ac])))) return false;
                    l[c * stride + c] = Math.sqrt(sum);
                } else {
                    l[c * stride + d] = sum / l[d * stride + d];
                }
            }
        }
        return true;
    }

    /** Solves L L' x = b in place for a factor from {@link #factor} (k unknowns). */
    public static void solve(double[] l, int stride, int k, double[] b) {
        for (int c = 0; c < k; c++) {
            double sum = b[c];
            for (int e = 0; e < c; e++) sum -= l[c * stride + e] * b[e];
            b[c] = sum / l[c * stride + c];
        }
        for (int c = k - 1; c >= 0; c--) {
            double sum = b[c];
            for (int e = c + 1; e < k; e++) sum -= l[e * stride + c] * b[e];
            b[c] = sum / l[c * stride + c];
        }
    }

    /** Inverse of L L' (k x k) into {@code out} (same stride); {@code col} is scratch of length >= k. */
    public static void invert(double[] l, int stride, int k, double[] out, double[] col) {
        for (int c = 0; c < k; c++) {
            java.util.Arrays.fill(col, 0, k, 0.0);
            col[c] = 1;
            solve(l, stride, k, col);
            for (int d = 0; d < k; d++) out[d * stride + c] = col[d];
        }
    }
}
