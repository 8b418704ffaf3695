package org.beamlinestudio.tomography.stages.phase;

import org.jtransforms.fft.FloatFFT_2D;

/** Paganin filtering in plain Java (JTransforms); the oracle of {@link OpenClPaganinFilter}. */
public class JavaPaganinFilter implements PaganinFilter {

    protected final PaganinParameters parameters;
    private int fftRows = -1;
    private int fftCols = -1;
    private FloatFFT_2D fft;

    public JavaPaganinFilter(PaganinParameters parameters) {
        this.parameters = parameters;
    }

    @Override
    public synchronized void apply(float[] in, int count, int rows, int cols, float[] out) {
        long n = (long) count * rows * cols;
        if (in.length != n || out.length != n) {
            throw new IllegalArgumentException("Paganin: arrays of " + in.length + " and " + out.length
                    + " floats, expected count × rows × cols = " + count + " × " + rows + " × " + cols + " = " + n);
        }
        int pr = parameters.paddedSize(rows);
        int pc = parameters.paddedSize(cols);
        if (fft == null || pr != fftRows || pc != fftCols) {
            fft = new FloatFFT_2D(pr, pc);
            fftRows = pr;
            fftCols = pc;
        }
        float[] spec = new float[2 * pr * pc];
        float alpha = (float) parameters.alphaPx();
        int top = (pr - rows) / 2;
        int left = (pc - cols) / 2;
        for (int p = 0; p < count; p++) {
            int base = p * rows * cols;
            padEdge(in, base, rows, cols, spec, pr, pc, top, left);
            fft.complexForward(spec);
            multiply(spec, pr, pc, alpha);
            fft.complexInverse(spec, true);
            for (int r = 0; r < rows; r++) {
                int src = 2 * ((r + top) * pc + left);
                int dst = base + r * cols;
                for (int c = 0; c < cols; c++) {
                    out[dst + c] = spec[src + 2 * c];
                }
            }
        }
    }

    /** Multiplies the interleaved complex spectrum by the filter; the device kernel's twin. */
    protected void multiply(float[] spec, int pr, int pc, float alphaPx) {
        multiplyJava(spec, pr, pc, alphaPx);
    }

    /**
     * The filter multiplication, with the same float operations as {@code paganin.cl}: u and v are
     * the signed frequency indices divided by the padded sizes (cycles per pixel).
     */
    public static void multiplyJava(float[] spec, int pr, int pc, float alphaPx) {
        for (int ky = 0; ky < pr; ky++) {
            float v = (float) PaganinParameters.signedIndex(ky, pr) / (float) pr;
            float v2 = v * v;
            int row = 2 * ky * pc;
            for (int kx = 0; kx < pc; kx++) {
                float u = (float) PaganinParameters.signedIndex(kx, pc) / (float) pc;
                float h = 1.0f / (1.0f + alphaPx * (u * u + v2));
                spec[row + 2 * kx] *= h;
                spec[row + 2 * kx + 1] *= h;
            }
        }
    }

    /** Writes one projection into the centre of the padded complex grid, edge values outside, imaginary 0. */
    static void padEdge(float[] in, int base, int rows, int cols, float[] spec, int pr, int pc, int top, int left) {
        for (int r = 0; r < pr; r++) {
            int sr = Math.min(rows - 1, Math.max(0, r - top));
            int srcRow = base + sr * cols;
            int dst = 2 * r * pc;
            for (int c = 0; c < pc; c++) {
                int sc = Math.min(cols - 1, Math.max(0, c - left));
                spec[dst + 2 * c] = in[srcRow + sc];
                spec[dst + 2 * c + 1] = 0f;
            }
        }
    }

    @Override
    public String deviceId() {
        return "java";
    }
}
