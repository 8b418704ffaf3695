package org.beamlinestudio.ptychography.recon;

import java.util.List;
import org.beamlinestudio.ptychography.data.ComplexField;

/**
 * The reconstruction's estimate at one moment: a copy, safe to keep and show while the engine goes on.
 *
 * @param iteration iterations done so far over the whole sequence
 * @param object the object transmission, covering every scan position plus the probe's extent
 * @param probeModes the probe modes, strongest first, each pattern-sized
 * @param positionY current position of each pattern's top-left corner in the object, object pixels (refined)
 * @param positionX same, columns
 * @param history every iteration's report so far
 */
public record PtychoState(int iteration, ComplexField object, List<ComplexField> probeModes, double[] positionY,
        double[] positionX, List<IterationReport> history) {

    /** Copies the lists. */
    public PtychoState {
        probeModes = List.copyOf(probeModes);
        history = List.copyOf(history);
    }
}
