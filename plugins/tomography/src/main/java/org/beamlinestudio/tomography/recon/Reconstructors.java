package org.beamlinestudio.tomography.recon;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The reconstruction algorithms by the names the CLI and the benchmark use, and their shared checks. */
public final class Reconstructors {

    /** Algorithm names, in the order the CLI lists them. */
    public static final List<String> ALGORITHMS = List.of("fbp", "fourier", "sirt", "cgls");

    private Reconstructors() {
    }

    /**
     * A reconstructor for a device preference ("auto", "java" or a device id).
     *
     * @param params algorithm options: {@code filter} (fbp, fourier), {@code iterations} (sirt, cgls),
     *               {@code nonNegative} (sirt)
     * @throws IllegalArgumentException for an unknown algorithm, naming the known ones
     */
    public static Reconstructor create(String algorithm, String device, Map<String, Object> params) {
        Object filter = params.get("filter");
        switch (algorithm.toLowerCase(Locale.ROOT)) {
            case "fbp":
                return FbpReconstructor.forDevice(device,
                        filter == null ? RampFilter.RAM_LAK_TAPER : RampFilter.of(filter.toString()));
            case "fourier":
                // Plain Java: no OpenCL version (the gridding is memory-bound and fast enough on the CPU).
                return new FourierReconstructor(filter == null ? "ram-lak" : filter.toString(),
                        Runtime.getRuntime().availableProcessors());
            case "sirt":
                return IterativeReconstructor.sirt(intParam(params, "iterations", 100),
                        Boolean.parseBoolean(String.valueOf(params.getOrDefault("nonNegative", "true"))), device);
            case "cgls":
                return IterativeReconstructor.cgls(intParam(params, "iterations", 16), device);
            default:
                throw new IllegalArgumentException("unknown algorithm '" + algorithm + "'; known: " + ALGORITHMS);
        }
    }

    private static int intParam(Map<String, Object> params, String name, int def) {
        Object v = params.get(name);
        return v == null ? def : Integer.parseInt(v.toString());
    }

    static void checkInput(float[] sinograms, int slices, ReconstructionGeometry g) {
        long expected = (long) slices * g.nAngles() * g.columns();
        if (slices < 0 || sinograms.length != expected) {
            throw new IllegalArgumentException("sinograms hold " + sinograms.length + " floats, expected slices × "
                    + "angles × columns = " + slices + " × " + g.nAngles() + " × " + g.columns() + " = " + expected);
        }
        if ((long) g.size() * g.size() * Math.max(1, slices) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(slices + " slices of " + g.size() + "² exceed one Java array (2³¹ floats); "
                    + "reconstruct fewer slices at a time");
        }
    }
}
