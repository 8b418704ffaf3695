package org.beamlinestudio.tomography.recon;

/** Argument checks shared by the reconstructors. */
final class Reconstructors {

    private Reconstructors() {
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
