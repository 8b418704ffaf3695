package org.beamlinestudio.tomography.phantom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.beamlinestudio.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our phantom, analytic sinogram and quality metrics must be the peer benchmark's own, or the
 * ratios we report against silx and scikit-image mean nothing. Runs {@code peer_bench.py}'s
 * functions with Debian's python3 and compares.
 */
class PeerConventionsTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void phantomSinogramAndQualityEqualThePeerBenchmarks(@TempDir Path dir) throws Exception {
        Path bench = SharedData.root().resolveSibling("bench").resolve("tomography");
        assumeTrue(Files.isRegularFile(bench.resolve("peer_bench.py")), "peer benchmark absent: " + bench);
        assumeTrue(Files.isExecutable(PYTHON), "no " + PYTHON);
        int n = 64;
        int nang = 48;
        String script = String.join("\n",
                "import sys, numpy as np",
                "sys.path.insert(0, r'" + bench + "')",
                "import peer_bench as pb",
                "gt = pb.phantom(" + n + ", ss=4)",
                "sino = pb.sinogram(" + n + ", " + nang + ")",
                "gt.astype('<f8').tofile(r'" + dir.resolve("gt.bin") + "')",
                "sino.astype('<f4').tofile(r'" + dir.resolve("sino.bin") + "')",
                "rng = np.random.default_rng(7)",
                "rec = (0.97 * gt + 0.02 * rng.standard_normal(gt.shape)).astype(np.float32)",
                "rec.astype('<f4').tofile(r'" + dir.resolve("rec.bin") + "')",
                "q = pb.quality(rec, gt, align=True)",
                "print(q['rmse'], q['rmse_aligned'], q['ls_scale'], q['ssim'])");
        Process p = new ProcessBuilder(List.of(PYTHON.toString(), "-c", script)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assumeTrue(p.exitValue() == 0 || !out.contains("ModuleNotFoundError"),
                () -> "peer benchmark's Python packages missing: " + out);
        assertThat(p.exitValue()).as(out).isZero();

        double[] gt = readDoubles(dir.resolve("gt.bin"), n * n);
        assertThat(ModifiedSheppLogan.image(n, 4)).containsExactly(gt, within(1e-12));
        float[] sino = readFloats(dir.resolve("sino.bin"), n * nang);
        float[] ours = ModifiedSheppLogan.sinogram(n, nang);
        for (int i = 0; i < sino.length; i++) {
            assertThat(ours[i]).as("sinogram element %d", i).isCloseTo(sino[i], within(1e-4f * Math.max(1, sino[i])));
        }
        String[] peer = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        ReconstructionQuality q = ReconstructionQuality.of(readFloats(dir.resolve("rec.bin"), n * n), gt, n);
        assertThat(q.rmse()).isCloseTo(Double.parseDouble(peer[0]), within(1e-9));
        assertThat(q.rmseAligned()).isCloseTo(Double.parseDouble(peer[1]), within(1e-9));
        assertThat(q.scale()).isCloseTo(Double.parseDouble(peer[2]), within(1e-9));
        assertThat(q.ssim()).isCloseTo(Double.parseDouble(peer[3]), within(1e-6));
    }

    private static double[] readDoubles(Path f, int n) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        double[] d = new double[n];
        b.asDoubleBuffer().get(d);
        return d;
    }

    private static float[] readFloats(Path f, int n) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        float[] d = new float[n];
        b.asFloatBuffer().get(d);
        return d;
    }
}
