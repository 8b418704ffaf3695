package org.beamlinestudio.xpcs.corr;

import java.nio.file.Path;
import java.util.Map;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.xpcs.io.Aps8idiReader;
import org.beamlinestudio.xpcs.io.FrameSource;
import org.beamlinestudio.xpcs.io.Hdf5FrameSource;
import org.beamlinestudio.xpcs.io.XpcsSource;
import org.beamlinestudio.xpcs.qmap.QMap;
import org.beamlinestudio.xpcs.qmap.QMapFiles;
import org.beamlinestudio.xpcs.results.XpcsResults;

/** The shared sim_ou_128 set, read through the plugin's own readers (raw frames, q-map, the peer's result). */
final class SimOu128 {

    static final String DIR = "xpcs/sim_ou_128/";

    private SimOu128() {
    }

    static Path raw() {
        return SharedData.require(DIR + "raw/SIM_OU_02000f_128x128.h5");
    }

    static Path qmapFile() {
        return SharedData.require(DIR + "qmap.h5");
    }

    static QMap qmap() throws DataFileException {
        return QMapFiles.read(qmapFile());
    }

    /** The peer correlator's result file. */
    static XpcsResults peer() throws DataFileException {
        return XpcsResults.read(SharedData.require(DIR + "peer_result/SIM_OU_02000f_128x128_results.hdf"));
    }

    /** The peer's normalized g2 as {@code [ring][delay]}. */
    static double[][] peerG2() throws DataFileException {
        return peer().multiTau().g2();
    }

    /** The peer's g2 standard errors as {@code [ring][delay]}. */
    static double[][] peerG2Err() throws DataFileException {
        return peer().multiTau().g2Err();
    }

    /** The peer's SAXS 1-D (mean intensity per static bin). */
    static double[] peerSaxs1d() throws DataFileException {
        return peer().multiTau().saxs1d();
    }

    static int[] peerDelays() throws DataFileException {
        return peer().multiTau().delayFrames();
    }

    /** The raw frames streamed from the HDF5 file; closing the stream closes the file. */
    static FrameSource frames() throws DataFileException {
        XpcsSource src = new Aps8idiReader().openXpcs(raw(), Map.of(Aps8idiReader.QMAP_FILE, qmapFile().toString()));
        try {
            return new Hdf5FrameSource(src.primary(), src);
        } catch (DataFileException | RuntimeException e) {
            src.close();
            throw e;
        }
    }
}
