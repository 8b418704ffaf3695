package org.beamlinestudio.xpcs.corr;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.beamlinestudio.opencl.DeviceBuffer;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClKernel;
import org.jocl.cl_program;

/**
 * The OpenCL twin of the Java tiles ({@code multitau.cl}): the per-pixel multi-tau state lives in device memory
 * (float sums), each batch of compact frames is uploaded and pushed through by one work-item per pixel.
 */
final class OpenClMultiTau implements MultiTauCorrelator.Engine {

    private static final int PAD = 64;

    private final OpenClContext context;
    private final MultiTauLadder ladder;
    private final int pixels;
    private final int levels;
    private final int ring;
    private final DeviceBuffer frames;
    private final DeviceBuffer buf;
    private final DeviceBuffer g2;
    private final DeviceBuffer head;
    private final DeviceBuffer total;
    private final OpenClKernel kernel;
    private int pushed;

    OpenClMultiTau(OpenClContext context, MultiTauLadder ladder, int pixels, int batch) {
        this.context = context;
        this.ladder = ladder;
        this.pixels = pixels;
        this.levels = ladder.levels();
        this.ring = ladder.maxLag() + 1;
        cl_program program = context.program("multitau.cl#" + Arrays.toString(ladder.lag()) + "/"
                + Arrays.toString(ladder.level()), header() + source(), "");
        frames = context.allocateFloats((long) batch * pixels);
        buf = zeros((long) levels * ring * pixels);
        g2 = zeros((long) ladder.size() * pixels);
        head = zeros((long) ladder.size() * pixels);
        total = zeros((long) levels * pixels);
        kernel = context.kernel(program, "multitau_push");
        kernel.arg(0, frames).arg(2, pixels).arg(4, buf).arg(5, g2).arg(6, head).arg(7, total);
    }

    private DeviceBuffer zeros(long n) {
        return context.upload(new float[Math.toIntExact(n)]);
    }

    private String header() {
        int[] start = new int[levels + 1];
        for (int d = 0; d < ladder.size(); d++) {
            start[ladder.level()[d] + 1] = d + 1;
        }
        for (int l = 1; l <= levels; l++) {
            start[l] = Math.max(start[l], start[l - 1]);
        }
        return "#define LEVELS " + levels + "\n#define RING " + ring + "\n"
                + "__constant int LAG[] = {" + join(ladder.lag()) + "};\n"
                + "__constant int LEVEL_START[] = {" + join(start) + "};\n";
    }

    private static String join(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(v[i]);
        }
        return sb.toString();
    }

    private static String source() {
        try (InputStream in = OpenClMultiTau.class.getResourceAsStream("multitau.cl")) {
            if (in == null) {
                throw new IllegalStateException("multitau.cl missing from the xpcs plugin's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading multitau.cl", e);
        }
    }

    @Override
    public void push(float[] compact, int count) {
        context.write(frames, compact, 0, count * pixels);
        kernel.arg(1, count).arg(3, pushed);
        context.run(kernel, (pixels + PAD - 1L) / PAD * PAD);
        pushed += count;
    }

    @Override
    public void finish(Normalization out) {
        float[] b = read(buf, (long) levels * ring * pixels);
        float[] g = read(g2, (long) ladder.size() * pixels);
        float[] h = read(head, (long) ladder.size() * pixels);
        float[] t = read(total, (long) levels * pixels);
        for (int d = 0; d < ladder.size(); d++) {
            int l = ladder.level()[d];
            int lag = ladder.lag()[d];
            int n = pushed >> l;
            double eff = n - lag;
            double scale = 1L << l;
            for (int i = 0; i < pixels; i++) {
                double tail = 0;
                for (int k = 1; k <= lag; k++) {
                    tail += b[(l * ring + (n - k) % ring) * pixels + i];
                }
                double tot = t[l * pixels + i];
                out.add(d, i, g[d * pixels + i] / (eff * scale * scale), (tot - tail) / (eff * scale),
                        (tot - h[d * pixels + i]) / (eff * scale));
            }
        }
    }

    private float[] read(DeviceBuffer src, long n) {
        float[] out = new float[Math.toIntExact(n)];
        context.read(src, out, 0, out.length);
        return out;
    }

    @Override
    public void close() {
        kernel.close();
        frames.close();
        buf.close();
        g2.close();
        head.close();
        total.close();
    }
}
