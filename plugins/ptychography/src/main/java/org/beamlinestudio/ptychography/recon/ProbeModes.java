package org.beamlinestudio.ptychography.recon;

/**
 * Orthogonalisation of mixed-state probe modes: the eigenvectors of the modes' Gram matrix
 * {@code G_ij = Σ_r conj(P_i(r)) P_j(r)} give the unitary mix {@code P'_k = Σ_j V_jk P_j} whose modes are orthogonal,
 * with powers the eigenvalues, strongest first (as ptypy's {@code ortho}). The incoherent sum Σ_k |P_k|², and so the
 * model intensity, is unchanged.
 */
final class ProbeModes {

    private ProbeModes() {
    }

    /**
     * The unitary K × K matrix U (row-major, interleaved complex) with {@code P'_k = Σ_j U_kj P_j} orthogonal and
     * sorted by power, for the K modes of {@code probe} (K fields of {@code m} complex values).
     */
    static float[] orthogonalisingMix(float[] probe, int modes, int m) {
        int k = modes;
        double[] gr = new double[k * k];
        double[] gi = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                double sr = 0;
                double si = 0;
                int oi = 2 * i * m;
                int oj = 2 * j * m;
                for (int q = 0; q < m; q++) {
                    double ar = probe[oi + 2 * q];
                    double ai = probe[oi + 2 * q + 1];
                    double br = probe[oj + 2 * q];
                    double bi = probe[oj + 2 * q + 1];
                    sr += ar * br + ai * bi;
                    si += ar * bi - ai * br;
                }
                gr[i * k + j] = sr;
                gi[i * k + j] = si;
                gr[j * k + i] = sr;
                gi[j * k + i] = -si;
            }
        }
        // Real symmetric embedding [[Re G, -Im G], [Im G, Re G]]: each eigenvalue of G appears twice.
        int n2 = 2 * k;
        double[][] a = new double[n2][n2];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                a[i][j] = gr[i * k + j];
                a[i + k][j + k] = gr[i * k + j];
                a[i][j + k] = -gi[i * k + j];
                a[i + k][j] = gi[i * k + j];
            }
        }
        double[][] v = new double[n2][n2];
        for (int i = 0; i < n2; i++) {
            v[i][i] = 1;
        }
        jacobi(a, v);
        Integer[] order = new Integer[n2];
        for (int i = 0; i < n2; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
        // Pick K complex eigenvectors, skipping each one's partner i·v by complex Gram-Schmidt.
        double[][] cr = new double[k][];
        double[][] ci = new double[k][];
        int found = 0;
        for (int t = 0; t < n2 && found < k; t++) {
            int c = order[t];
            double[] xr = new double[k];
            double[] xi = new double[k];
            for (int i = 0; i < k; i++) {
                xr[i] = v[i][c];
                xi[i] = v[i + k][c];
            }
            for (int f = 0; f < found; f++) {
                double pr = 0;
                double pi = 0;
                for (int i = 0; i < k; i++) {
                    pr += cr[f][i] * xr[i] + ci[f][i] * xi[i];
                    pi += cr[f][i] * xi[i] - ci[f][i] * xr[i];
                }
                for (int i = 0; i < k; i++) {
                    xr[i] -= pr * cr[f][i] - pi * ci[f][i];
                    xi[i] -= pr * ci[f][i] + pi * cr[f][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < k; i++) {
                norm += xr[i] * xr[i] + xi[i] * xi[i];
            }
            if (norm < 0.25) {
                continue;
            }
            double s = 1 / Math.sqrt(norm);
            for (int i = 0; i < k; i++) {
                xr[i] *= s;
                xi[i] *= s;
            }
            cr[found] = xr;
            ci[found] = xi;
            found++;
        }
        float[] u = new float[2 * k * k];
        for (int kk = 0; kk < found; kk++) {
            for (int j = 0; j < k; j++) {
                u[2 * (kk * k + j)] = (float) cr[kk][j];
                u[2 * (kk * k + j) + 1] = (float) ci[kk][j];
            }
        }
        return u;
    }

    /** Cyclic Jacobi on a symmetric matrix: {@code a} ends diagonal, {@code v}'s columns are the eigenvectors. */
    private static void jacobi(double[][] a, double[][] v) {
        int n = a.length;
        for (int sweep = 0; sweep < 60; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < n; i++) {
                diag += a[i][i] * a[i][i];
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off <= 1e-30 * Math.max(diag, 1e-300)) {
                return;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int r = 0; r < n; r++) {
                        double arp = a[r][p];
                        double arq = a[r][q];
                        a[r][p] = c * arp - s * arq;
                        a[r][q] = s * arp + c * arq;
                    }
                    for (int r = 0; r < n; r++) {
                        double apr = a[p][r];
                        double aqr = a[q][r];
                        a[p][r] = c * apr - s * aqr;
                        a[q][r] = s * apr + c * aqr;
                    }
                    for (int r = 0; r < n; r++) {
                        double vrp = v[r][p];
                        double vrq = v[r][q];
                        v[r][p] = c * vrp - s * vrq;
                        v[r][q] = s * vrp + c * vrq;
                    }
                }
            }
        }
    }
}
