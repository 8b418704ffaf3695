package org.beamlinestudio.xpcs.ui;

import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** A dynamic bin in the g2 list: its number, q, and whether its curve is shown (all are, at first). */
final class RingChoice {
    private final int bin;
    private final double q;
    private final BooleanProperty selected = new SimpleBooleanProperty(true);

    RingChoice(int bin, double q) {
        this.bin = bin;
        this.q = q;
    }

    int bin() {
        return bin;
    }

    BooleanProperty selected() {
        return selected;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ring %d, q = %.3e Å⁻¹", bin, q);
    }
}
