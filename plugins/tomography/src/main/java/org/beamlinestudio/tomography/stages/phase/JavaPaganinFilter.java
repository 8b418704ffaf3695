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
        float[] spec = new float[2 * pr * pc];
        float alpha = (float) parameters.alphaPx();
        int top = (pr - rows) / 2;
        int left = (pc - cols) / 2;
        // Two projections per complex FFT, one in the real and one in the imaginary part: the filter is
        // real and even (h(k) = h(−k)), so filtering a + ib gives filtered a + i·filtered b exactly.
        for (int p = 0; p < count; p += 2) {
            boolean pair = p + 1 < count;
            int base = p * rows * cols;
            padEdge(in, base, rows, cols, spec, pr, pc, top, left, 0);
            if (pair) {
                padEdge(in, base + rows * cols, rows, cols, spec, pr, pc, top, left, 1);
            } else {
                for (int i = 1; i < spec.length; i += 2) {
                    spec[i] = 0f;
                }
            }
            transform(spec, pr, pc, alpha);
            for (int part = 0; part < (pair ? 2 : 1); part++) {
                int outBase = base + part * rows * cols;
                for (int r = 0; r < rows; r++) {
                    int src = 2 * ((r + top) * pc + left) + part;
                    int dst = outBase + r * cols;
                    for (int c = 0; c < cols; c++) {
                        out[dst + c] = spec[src + 2 * c];
                    }
                }
            }
        }
    }

    /** Forward FFT, filter, inverse FFT (scaled) of one padded complex grid, in place. */
    protected void transform(float[] spec, int pr, int pc, float alphaPx) {
        if (fft == null || pr != fftRows || pc != fftCols) {
            fft = new FloatFFT_2D(pr, pc);
            fftRows = pr;
            fftCols = pc;
        }
        fft.complexForward(spec);
        multiply(spec, pr, pc, alphaPx);
        fft.complexInverse(spec, true);
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

    /**
     * Writes one projection into the centre of the padded complex grid, edge values outside, as the
     * real ({@code part} 0) or imaginary (1) parts.
     */
    static void padEdge(float[] in, int base, int rows, int cols, float[] spec, int pr, int pc, int top, int left,
                        int part) {
        for (int r = 0; r < pr; r++) {
            int sr = Math.min(rows - 1, Math.max(0, r - top));
            int srcRow = base + sr * cols;
            int dst = 2 * r * pc + part;
            for (int c = 0; c < pc; c++) {
                int sc = Math.min(cols - 1, Math.max(0, c - left));
                spec[dst + 2 * c] = in[srcRow + sc];
            }
        }
    }

    @Override
    public String deviceId() {
        return "java";
    }
}
