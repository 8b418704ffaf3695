package org.beamlinestudio.ptychography.results;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.ptychography.io.EnginePlanText;

/** A result file opened for showing again: the stored reconstruction, and the object as the primary array. */
public final class PtychoResultSource implements OpenedSource {

    private final StoredPtychoResult stored;
    private final Hdf5File h5;

    PtychoResultSource(StoredPtychoResult stored, Hdf5File h5) {
        this.stored = stored;
        this.h5 = h5;
    }

    /** The reconstruction as saved. */
    public StoredPtychoResult stored() {
        return stored;
    }

    @Override
    public Path file() {
        return stored.file();
    }

    @Override
    public String readerId() {
        return PtychoResultFileReader.ID;
    }

    @Override
    public DataKind kind() {
        return DataKind.IMAGE_STACK;
    }

    /** The object, H × W × 2 (re, im). */
    @Override
    public LazyDataset primary() {
        try {
            return h5.dataset("/ptycho/object");
        } catch (DataFileException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public Optional<LazyDataset> array(String role) {
        return Optional.empty();
    }

    @Override
    public Optional<double[]> vector(String role) {
        return Optional.empty();
    }

    @Override
    public Map<String, String> keyMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        var st = stored.state();
        m.put("Object", st.object().height() + " × " + st.object().width() + String.format(Locale.ROOT,
                " px of %.4g nm", stored.objectPixelSize()[0] * 1e9));
        m.put("Probe modes", Integer.toString(st.probeModes().size()));
        m.put("Iterations", st.iteration() + (stored.stoppedEarly() ? " (stopped early)" : ""));
        m.put("Plan", stored.plan().isEmpty() ? "unknown" : EnginePlanText.format(stored.plan()));
        m.put("Device", stored.device());
        if (!st.history().isEmpty()) {
            m.put("Fourier error", String.format(Locale.ROOT, "%.4g → %.4g", st.history().get(0).fourierError(),
                    st.history().get(st.history().size() - 1).fourierError()));
        }
        return m;
    }

    @Override
    public void close() {
        h5.close();
    }
}
