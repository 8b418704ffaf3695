package org.beamlinestudio.ptychography.bench;

import java.nio.file.Path;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.ptychography.data.PtychoScan;
import org.beamlinestudio.ptychography.io.CxiReader;
import org.beamlinestudio.ptychography.io.PtychoScanLoader;
import org.beamlinestudio.ptychography.io.PtychoSource;
import org.beamlinestudio.ptychography.prep.PatternPreprocessing;

/** Loads a CXI file for the bench with the io package's reader and the default preprocessing. */
final class CxiScans {

    private CxiScans() {
    }

    static PtychoScan load(Path file) throws DataFileException, Cancellation.CancelledException {
        try (PtychoSource src = new CxiReader().open(file)) {
            return PtychoScanLoader.load(src, PatternPreprocessing.defaults(), Progress.NONE, new Cancellation())
                    .scan();
        }
    }
}
