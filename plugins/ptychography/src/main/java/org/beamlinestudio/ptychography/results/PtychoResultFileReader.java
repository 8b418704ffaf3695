package org.beamlinestudio.ptychography.results;

import java.nio.file.Path;
import java.util.Map;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.ProbeResult;
import org.beamlinestudio.core.hdf5.H5Values;

/** Recognises result files written by {@link PtychoResultWriter}, so a dropped result opens in the perspective. */
public final class PtychoResultFileReader implements DatasetReader {

    /** Reader id. */
    public static final String ID = "ptychography.result";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Ptychography result (Beamline Studio)";
    }

    @Override
    public ProbeResult probe(Path file) {
        try (H5Values h5 = H5Values.open(file)) {
            if (h5.has("/ptycho/object") && h5.has("/ptycho/object_pixel_size") && h5.has("/process/provenance")) {
                return new ProbeResult(0.95, "/ptycho/object with its pixel size and provenance: a result written "
                        + "by Beamline Studio");
            }
            return ProbeResult.no("no /ptycho/object with /ptycho/object_pixel_size");
        } catch (DataFileException | RuntimeException e) {
            return ProbeResult.no("not readable as HDF5: " + e.getMessage());
        }
    }

    @Override
    public PtychoResultSource open(Path file) throws DataFileException {
        return open(file, Map.of());
    }

    @Override
    public PtychoResultSource open(Path file, Map<String, ?> options) throws DataFileException {
        StoredPtychoResult stored = PtychoResultReader.read(file);
        return new PtychoResultSource(stored, Hdf5File.open(file));
    }
}
