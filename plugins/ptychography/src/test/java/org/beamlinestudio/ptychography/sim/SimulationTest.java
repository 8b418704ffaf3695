package org.beamlinestudio.ptychography.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.beamlinestudio.ptychography.data.ComplexField;
import org.beamlinestudio.ptychography.recon.ObjectFrame;
import org.junit.jupiter.api.Test;

/** The simulator's scan and the object error's invariances. */
class SimulationTest {

    @Test
    void scanOverlapsAndCarriesThePhotonsAskedFor() {
        Simulation s = PtychoSimulator.simulate(PtychoSimulator.Spec.of(161, 128));
        assertThat(s.scan().count()).isEqualTo(161);
        assertThat(s.scan().objectPixelSize()[0]).isCloseTo(10.4e-9, org.assertj.core.data.Offset.offset(0.1e-9));
        double total = 0;
        for (float v : s.scan().intensities()) {
            total += v;
        }
        // object amplitude ≤ 1 absorbs a little: between 70 % and 100 % of 10⁶ photons per pattern
        assertThat(total / 161).isBetween(0.7e6, 1.0e6);
        // nearest-neighbour distance ~12 px for a 40 px aperture: ~70 % linear overlap
        double mean = 0;
        for (int i = 0; i < 161; i++) {
            double best = Double.MAX_VALUE;
            for (int j = 0; j < 161; j++) {
                if (i != j) {
                    best = Math.min(best, Math.hypot(s.positionY()[i] - s.positionY()[j],
                            s.positionX()[i] - s.positionX()[j]));
                }
            }
            mean += best / s.pixelSize() / 161;
        }
        assertThat(1 - mean / 40).isBetween(0.6, 0.8);
        // photon noise: integer counts
        assertThat(s.scan().intensities()[12345] % 1).isZero();
    }

    @Test
    void objectErrorIgnoresGlobalPhaseScaleAndSubPixelShiftButNotNoise() {
        Simulation s = PtychoSimulator.simulate(PtychoSimulator.Spec.of(40, 64));
        ObjectFrame f = ObjectFrame.of(s.scan(), 8);
        ComplexField truth = s.objectIn(f);
        boolean[] lit = s.illuminated(f, 0.1);
        assertThat(ObjectError.of(truth, truth, lit).error()).isLessThan(1e-6);
        // the truth drawn 0.4 px off, times 0.5 e^{i}: the error stays small, the shift is found
        ObjectFrame shifted = new ObjectFrame(f.height(), f.width(), f.margin(), f.pixelY(), f.pixelX(),
                f.minY() + 0.4, f.minX() - 0.3);
        ComplexField moved = s.objectIn(shifted);
        float c = (float) Math.cos(1);
        float sn = (float) Math.sin(1);
        for (int i = 0; i < moved.data().length; i += 2) {
            float re = moved.data()[i] * 0.5f;
            float im = moved.data()[i + 1] * 0.5f;
            moved.data()[i] = re * c - im * sn;
            moved.data()[i + 1] = re * sn + im * c;
        }
        ObjectError.Result r = ObjectError.of(moved, truth, lit);
        assertThat(r.error()).isLessThan(0.02);
        assertThat(r.scale()).isCloseTo(2, org.assertj.core.data.Offset.offset(0.05));
        assertThat(Math.abs(r.shiftY()) + Math.abs(r.shiftX())).isBetween(0.4, 1.0);
        // a flat object is far off
        assertThat(ObjectError.of(ComplexField.filled(f.height(), f.width(), 1, 0), truth, lit).error())
                .isGreaterThan(0.2);
    }
}
