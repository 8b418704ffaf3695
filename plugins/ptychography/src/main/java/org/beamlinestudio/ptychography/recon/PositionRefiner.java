package org.beamlinestudio.ptychography.recon;

/**
 * Position refinement by trial shifts, as ptypy's annealing refinement but deterministic: after an iteration each
 * view is tried one object pixel up, down, left and right against the current object and probe, and moves to the
 * trial with the lowest Fourier error when it beats the current place, as long as the total correction stays
 * within {@link ReconstructionOptions#maxPositionShift()}. Views sit on whole pixels (refined positions keep
 * their fractional part, rounded for the views), so corrections come in whole pixels.
 */
final class PositionRefiner {

    private static final int[] DY = {0, -1, 1, 0, 0};
    private static final int[] DX = {0, 0, 0, -1, 1};

    private final double[] errors;

    PositionRefiner(int count) {
        this.errors = new double[count * DY.length];
    }

    /** Moves the views that fit better one pixel over; returns how many moved. */
    int refine(ReconstructionContext c) {
        c.kernels.trialErrors(c.object, c.probe, DY, DX, errors);
        double max = c.options.maxPositionShift();
        int moved = 0;
        int nc = DY.length;
        for (int n = 0; n < c.count; n++) {
            double here = errors[n * nc];
            int best = 0;
            double bestErr = here * (1 - 1e-6);
            for (int t = 1; t < nc; t++) {
                double e = errors[n * nc + t];
                if (e < bestErr) {
                    double ny = c.posY[n] + DY[t] - c.startY[n];
                    double nx = c.posX[n] + DX[t] - c.startX[n];
                    if (Math.hypot(ny, nx) <= max + 1e-9) {
                        best = t;
                        bestErr = e;
                    }
                }
            }
            if (best != 0) {
                c.posY[n] += DY[best];
                c.posX[n] += DX[best];
                moved++;
            }
        }
        if (moved > 0) {
            c.uploadPositions();
        }
        return moved;
    }
}
