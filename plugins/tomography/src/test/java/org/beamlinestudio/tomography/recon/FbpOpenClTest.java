package org.beamlinestudio.tomography.recon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClDevice;
import org.beamlinestudio.tomography.phantom.ModifiedSheppLogan;
import org.junit.jupiter.api.Test;
import org.beamlinestudio.opencl.OpenClTestSupport;

/**
 * The OpenCL back-projection against its plain-Java twin. Both see the same filtered sinogram (the
 * host filters for both) and do the same float operations in the same order: an explicit
 * {@code fma} for the detector position (x·cosθ + (y·sinθ + offset)) and for the interpolation,
 * and one running float sum over the angles in order. OpenCL C guarantees {@code fma}, {@code +},
 * {@code −} and float→int conversion to be correctly rounded, so on a device that neither
 * reassociates nor flushes the values differ only where the driver contracts differently; on PoCL
 * (CPU) they are identical, and asserted so. Elsewhere the tolerance is 1e-6 of the slice's largest
 * value plus 1e-6 absolute.
 */
class FbpOpenClTest {

    private static float[] run(FbpReconstructor r, float[] sinos, int slices, ReconstructionGeometry g)
            throws Exception {
        return r.reconstruct(sinos, slices, g, Progress.NONE, new Cancellation());
    }

    private static void compare(OpenClDevice device, ReconstructionGeometry g, int slices, RampFilter filter)
            throws Exception {
        compare(device, g, slices, filter, null);
    }

    /** {@code cpuKernel}: null for the device's own choice, else force the 16-pixel (true) or per-pixel kernel. */
    private static void compare(OpenClDevice device, ReconstructionGeometry g, int slices, RampFilter filter,
                                Boolean cpuKernel) throws Exception {
        float[] one = ModifiedSheppLogan.sinogram(g);
        float[] sinos = new float[one.length * slices];
        Random rnd = new Random(11);
        for (int s = 0; s < slices; s++) {
            for (int i = 0; i < one.length; i++) {
                sinos[s * one.length + i] = one[i] * (1 + 0.1f * s) + 0.01f * (float) rnd.nextGaussian();
            }
        }
        float[] java = run(new JavaFbpReconstructor(filter), sinos, slices, g);
        float[] cl;
        try (OpenClContext context = OpenClContext.open(device.id());
             OpenClFbpReconstructor r = cpuKernel == null ? new OpenClFbpReconstructor(context, filter)
                     : new OpenClFbpReconstructor(context, false, filter, cpuKernel)) {
            cl = run(r, sinos, slices, g);
            // A second call on the same instance reuses the plan and buffers.
            assertThat(run(r, sinos, slices, g)).containsExactly(cl);
        }
        assertThat(cl).hasSameSizeAs(java);
        if (device.pocl()) {
            // Measured: not one float differs on PoCL (both kernels, every geometry here).
            assertThat(cl).as("PoCL gives Java's floats exactly").containsExactly(java);
        }
        float max = 0;
        for (float v : java) {
            max = Math.max(max, Math.abs(v));
        }
        float tol = 1e-6f * max + 1e-6f;
        int worst = 0;
        for (int i = 0; i < java.length; i++) {
            if (Math.abs(cl[i] - java[i]) > Math.abs(cl[worst] - java[worst])) {
                worst = i;
            }
        }
        assertThat(cl[worst]).as("largest difference, at %d of %d (tolerance %g)", worst, java.length, tol)
                .isCloseTo(java[worst], org.assertj.core.api.Assertions.within(tol));
    }

    @Test
    void openClEqualsJavaOnThePhantom() throws Exception {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        compare(device, ReconstructionGeometry.halfTurn(256, 256), 2, RampFilter.RAM_LAK);
    }

    @Test
    void openClEqualsJavaWithAFractionalAxisAnOddSizeAndUnevenAngles() throws Exception {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        double[] angles = new double[97];
        Random rnd = new Random(3);
        for (int a = 0; a < angles.length; a++) {
            angles[a] = Math.PI * (a + 0.7 * rnd.nextDouble()) / angles.length;
        }
        compare(device, new ReconstructionGeometry(angles, 200, 97.75, 173), 3, RampFilter.HANN);
    }

    @Test
    void openClEqualsJavaWithMoreAnglesThanOneConstantBatch() throws Exception {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        int n = OpenClFbpReconstructor.ANGLES_PER_BATCH + 300;
        compare(device, ReconstructionGeometry.halfTurn(n, 64), 1, RampFilter.SHEPP_LOGAN);
    }

    @Test
    void bothKernelsEqualJava() throws Exception {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        ReconstructionGeometry g = new ReconstructionGeometry(ReconstructionGeometry.halfTurn(90, 150).angles(), 150,
                73.25, 141);
        compare(device, g, 2, RampFilter.RAM_LAK, true);
        compare(device, g, 2, RampFilter.RAM_LAK, false);
    }

    @Test
    void theFactoryPicksTheDeviceOrJava() throws Exception {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        try (FbpReconstructor r = FbpReconstructor.forDevice(device.id(), RampFilter.COSINE)) {
            assertThat(r.deviceId()).isEqualTo(device.id());
            assertThat(r.filter()).isEqualTo(RampFilter.COSINE);
        }
        try (FbpReconstructor r = FbpReconstructor.forDevice("java", RampFilter.RAM_LAK)) {
            assertThat(r.deviceId()).isEqualTo("java");
        }
    }

    @Test
    void aFailureOnTheDeviceFallsBackToJavaForGood() throws Exception {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        ReconstructionGeometry g = ReconstructionGeometry.halfTurn(64, 64);
        float[] sino = ModifiedSheppLogan.sinogram(g);
        OpenClContext context = OpenClContext.open(device.id());
        OpenClFbpReconstructor openCl = new OpenClFbpReconstructor(context, RampFilter.RAM_LAK);
        context.close(); // every later device call fails
        try (FbpReconstructors.Fallback r = new FbpReconstructors.Fallback(openCl)) {
            float[] rec = run(r, sino, 1, g);
            assertThat(r.deviceId()).isEqualTo("java");
            assertThat(rec).containsExactly(run(new JavaFbpReconstructor(RampFilter.RAM_LAK), sino, 1, g));
        }
    }
}
