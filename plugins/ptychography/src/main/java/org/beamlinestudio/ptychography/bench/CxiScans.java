package org.beamlinestudio.ptychography.bench;

import java.nio.file.Path;
import org.beamlinestudio.ptychography.data.PtychoScan;

/** Loads a CXI file for the bench through the io package's reader (present once the io branch is merged). */
final class CxiScans {

    private CxiScans() {
    }

    static PtychoScan load(Path file) {
        throw new UnsupportedOperationException("Reading " + file + " needs the CXI reader (io.CxiReader)");
    }
}
