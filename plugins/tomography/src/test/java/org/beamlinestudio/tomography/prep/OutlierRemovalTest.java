package org.beamlinestudio.tomography.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClDevice;
import org.beamlinestudio.opencl.OpenClTestSupport;
import org.junit.jupiter.api.Test;

/** Zinger removal: values on a phantom with known zingers, and the OpenCL kernel against its Java twin. */
class OutlierRemovalTest {

    private static final int N = 256;
    private static final int ANGLES = 360;

    @Test
    void removesFiftyZingersAndLeavesCleanPixelsAlone() {
        float[] clean = ArtefactSinograms.clean(N, ANGLES, 0.002, 1);
        float[] spiky = clean.clone();
        int[] zingers = ArtefactSinograms.addZingers(spiky, 50, 3f, 2); // +3 × max (the maximum is 1)
        float[] out = new float[spiky.length];
        // Defaults of the stage: difference 0.1, 3 angles, both signs.
        long replaced = new JavaOutlierRemoval(OutlierSettings.difference(0.1)).apply(spiky, ANGLES, 1, N, out);

        double maxZingerError = 0;
        java.util.Set<Integer> zingerSet = new java.util.HashSet<>();
        for (int i : zingers) {
            zingerSet.add(i);
            maxZingerError = Math.max(maxZingerError, Math.abs(out[i] - clean[i]));
        }
        int changedClean = 0;
        for (int i = 0; i < out.length; i++) {
            if (!zingerSet.contains(i) && Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(spiky[i])) {
                changedClean++;
            }
        }
        System.out.printf("zingers: %d replaced; max error at the 50 zingers %.4f of the range; %d of %d clean "
                + "pixels changed%n", replaced, maxZingerError, changedClean, out.length - 50);
        assertThat(maxZingerError).as("error left at the zingers, in units of the range").isLessThan(0.03);
        assertThat(changedClean).as("clean pixels changed").isLessThanOrEqualTo((out.length - 50) / 1000);
    }

    @Test
    void theSquareWindowAndTheMadThresholdFindThemToo() {
        float[] clean = ArtefactSinograms.clean(N, ANGLES, 0.002, 3);
        float[] spiky = clean.clone();
        int[] zingers = ArtefactSinograms.addZingers(spiky, 50, 3f, 4);
        for (OutlierSettings s : List.of(
                new OutlierSettings(OutlierSettings.Mode.MAD, 10, 5, OutlierSettings.Window.ANGLES,
                        OutlierSettings.Sign.BRIGHT),
                new OutlierSettings(OutlierSettings.Mode.RATIO, 0.5, 3, OutlierSettings.Window.SQUARE,
                        OutlierSettings.Sign.BOTH))) {
            float[] out = new float[spiky.length];
            new JavaOutlierRemoval(s).apply(spiky, ANGLES, 1, N, out);
            double max = 0;
            for (int i : zingers) {
                max = Math.max(max, Math.abs(out[i] - clean[i]));
            }
            assertThat(max).as("%s", s).isLessThan(0.1);
        }
    }

    @Test
    void darkOnlyLeavesBrightSpikesAndTheDocumentedSemanticsHold() {
        // One sinogram row of 5 angles × 1 column: 1, 1, 9, 1, −7 (edges mirrored).
        float[] in = {1, 1, 9, 1, -7};
        float[] out = new float[5];
        new JavaOutlierRemoval(new OutlierSettings(OutlierSettings.Mode.DIFFERENCE, 2, 3,
                OutlierSettings.Window.ANGLES, OutlierSettings.Sign.DARK)).apply(in, 5, 1, 1, out);
        assertThat(out).containsExactly(1, 1, 9, 1, -7); // −7: window (1, −7, −7) has median −7
        new JavaOutlierRemoval(OutlierSettings.difference(2)).apply(in, 5, 1, 1, out);
        assertThat(out).containsExactly(1, 1, 1, 1, -7);
        assertThatThrownBy(() -> new OutlierSettings(OutlierSettings.Mode.MAD, 3, 3, OutlierSettings.Window.ANGLES,
                OutlierSettings.Sign.BOTH)).hasMessageContaining("MAD threshold needs at least 5");
        assertThatThrownBy(() -> OutlierSettings.difference(-1)).hasMessageContaining("≥ 0");
    }

    @Test
    void openClIsBitIdenticalToJavaForEveryModeWindowAndSign() {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        Random rnd = new Random(5);
        int angles = 97;
        int rows = 3;
        int cols = 61;
        float[] in = new float[angles * rows * cols];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) (1 + 0.1 * rnd.nextGaussian());
            int k = rnd.nextInt(100);
            if (k < 3) {
                in[i] += 5 * rnd.nextFloat();
            } else if (k < 5) {
                in[i] -= 5 * rnd.nextFloat();
            } else if (k < 6) {
                in[i] = Float.NaN;
            }
        }
        try (OpenClContext context = OpenClContext.open(device)) {
            for (OutlierSettings.Mode mode : OutlierSettings.Mode.values()) {
                for (OutlierSettings.Window window : OutlierSettings.Window.values()) {
                    for (OutlierSettings.Sign sign : OutlierSettings.Sign.values()) {
                        for (int size : new int[] {3, 5, 7}) {
                            if (mode == OutlierSettings.Mode.MAD && window == OutlierSettings.Window.ANGLES && size < 5) {
                                continue;
                            }
                            OutlierSettings s = new OutlierSettings(mode, mode == OutlierSettings.Mode.MAD ? 3 : 0.3,
                                    size, window, sign);
                            float[] expected = new float[in.length];
                            float[] actual = new float[in.length];
                            long nJava = new JavaOutlierRemoval(s).apply(in, angles, rows, cols, expected);
                            long nCl = new OpenClOutlierRemoval(context, s).apply(in, angles, rows, cols, actual);
                            for (int i = 0; i < in.length; i++) {
                                if (Float.floatToIntBits(actual[i]) != Float.floatToIntBits(expected[i])) {
                                    fail(s + ": element " + i + " OpenCL " + actual[i] + " vs Java " + expected[i]);
                                }
                            }
                            assertThat(nCl).isEqualTo(nJava);
                            assertThat(nJava).as("%s replaces something", s).isPositive();
                        }
                    }
                }
            }
        }
    }

    @Test
    void theFactoryFallsBackToJavaWhenOpenClIsDisabled() {
        OpenClTestSupport.withOpenClDisabled(() -> {
            try (OutlierRemoval r = OutlierRemoval.forDevice("auto", OutlierSettings.difference(0.1))) {
                assertThat(r.deviceId()).isEqualTo("java");
            }
        });
        try (OutlierRemoval r = OutlierRemoval.forDevice("java", OutlierSettings.difference(0.1))) {
            assertThat(r).isInstanceOf(JavaOutlierRemoval.class);
        }
    }
}
