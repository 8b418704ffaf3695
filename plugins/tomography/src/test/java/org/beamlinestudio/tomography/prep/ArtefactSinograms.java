package org.beamlinestudio.tomography.prep;

import java.util.SplittableRandom;
import org.beamlinestudio.tomography.phantom.ModifiedSheppLogan;

/** Phantom sinograms with artefacts at known places, for the artefact-removal tests. */
final class ArtefactSinograms {

    /** Columns given transmission gains 0.7 and 1.3 (full stripes), as in synth_dx.h5. */
    static final int GAIN_LOW = 60;
    static final int GAIN_HIGH = 61;
    /** A dead column: reads the open beam (transmission 1, line integral 0) at every angle. */
    static final int DEAD = 170;
    /** Gain 1.2 only in the first half of the angles (a partial stripe). */
    static final int PARTIAL = 100;
    /** Additive offsets after −log: +0.05, −0.04 (full) and +0.03 from a third of the angles on (partial). */
    static final int OFFSET_UP = 140;
    static final int OFFSET_DOWN = 141;
    static final int OFFSET_PARTIAL = 200;

    static final int[] GAIN_COLUMNS = {GAIN_LOW, GAIN_HIGH, PARTIAL, DEAD};
    static final int[] OFFSET_COLUMNS = {OFFSET_UP, OFFSET_DOWN, OFFSET_PARTIAL};

    private ArtefactSinograms() {
    }

    /** The clean line integrals of the phantom, scaled to a maximum of 1, with Gaussian noise of {@code noise}. */
    static float[] clean(int n, int angles, double noise, long seed) {
        float[] p = ModifiedSheppLogan.sinogram(n, angles);
        float max = 0;
        for (float v : p) {
            max = Math.max(max, v);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (p[i] / max + noise * gaussian(rng));
        }
        return p;
    }

    /** Stripes made in transmission space (gains and a dead pixel), then −log, as a detector makes them. */
    static float[] withGainStripes(float[] clean, int angles, int cols) {
        float[] s = clean.clone();
        for (int a = 0; a < angles; a++) {
            int row = a * cols;
            s[row + GAIN_LOW] = minusLogOfGain(clean[row + GAIN_LOW], 0.7);
            s[row + GAIN_HIGH] = minusLogOfGain(clean[row + GAIN_HIGH], 1.3);
            if (a < angles / 2) {
                s[row + PARTIAL] = minusLogOfGain(clean[row + PARTIAL], 1.2);
            }
            s[row + DEAD] = 0f;
        }
        return s;
    }

    /** Stripes as additive offsets of the line integrals. */
    static float[] withOffsetStripes(float[] clean, int angles, int cols) {
        float[] s = clean.clone();
        for (int a = 0; a < angles; a++) {
            int row = a * cols;
            s[row + OFFSET_UP] += 0.05f;
            s[row + OFFSET_DOWN] -= 0.04f;
            if (a >= angles / 3) {
                s[row + OFFSET_PARTIAL] += 0.03f;
            }
        }
        return s;
    }

    private static float minusLogOfGain(float lineIntegral, double gain) {
        return (float) -Math.log(Math.exp(-lineIntegral) * gain);
    }

    /** Adds {@code count} spikes of {@code height} at distinct random pixels; returns their flat indices. */
    static int[] addZingers(float[] s, int count, float height, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        java.util.Set<Integer> at = new java.util.LinkedHashSet<>();
        while (at.size() < count) {
            at.add(rng.nextInt(s.length));
        }
        int[] idx = at.stream().mapToInt(Integer::intValue).toArray();
        for (int i : idx) {
            s[i] += height;
        }
        return idx;
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
