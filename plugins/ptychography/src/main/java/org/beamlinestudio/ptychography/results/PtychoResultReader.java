package org.beamlinestudio.ptychography.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.ptychography.data.ComplexField;
import org.beamlinestudio.core.hdf5.H5Values;
import org.beamlinestudio.ptychography.recon.EngineKind;
import org.beamlinestudio.ptychography.recon.EngineStep;
import org.beamlinestudio.ptychography.recon.IterationReport;
import org.beamlinestudio.ptychography.recon.PtychoState;

/** Reads a file written by {@link PtychoResultWriter} back (to show a finished reconstruction again). */
public final class PtychoResultReader {

    private PtychoResultReader() {
    }

    /** Whether the file looks like a ptychography result (cheap). */
    public static boolean isResult(Path file) {
        try (Hdf5File h5 = Hdf5File.open(file)) {
            return h5.node("/ptycho/object").isPresent() && h5.node("/ptycho/object_pixel_size").isPresent();
        } catch (DataFileException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Reads the whole result.
     *
     * @throws DataFileException naming the file and dataset when something is missing or malformed
     */
    public static StoredPtychoResult read(Path file) throws DataFileException {
        try (Hdf5File h5 = Hdf5File.open(file); H5Values small = H5Values.open(file)) {
            LazyDataset o = h5.dataset("/ptycho/object");
            long[] os = o.shape();
            if (os.length != 3 || os[2] != 2) {
                throw new DataFileException(file, "/ptycho/object", "shape " + java.util.Arrays.toString(os),
                        "H × W × 2 (re, im)");
            }
            ComplexField object = new ComplexField((int) os[0], (int) os[1],
                    o.readFloats(new long[] {0, 0, 0}, new int[] {(int) os[0], (int) os[1], 2}));
            List<ComplexField> modes = new ArrayList<>();
            if (h5.node("/ptycho/probe").isPresent()) {
                LazyDataset p = h5.dataset("/ptycho/probe");
                long[] ps = p.shape();
                if (ps.length != 4 || ps[3] != 2) {
                    throw new DataFileException(file, "/ptycho/probe", "shape " + java.util.Arrays.toString(ps),
                            "M × h × w × 2 (re, im)");
                }
                for (int i = 0; i < ps[0]; i++) {
                    modes.add(new ComplexField((int) ps[1], (int) ps[2],
                            p.readFloats(new long[] {i, 0, 0, 0}, new int[] {1, (int) ps[1], (int) ps[2], 2})));
                }
            }
            double[] py = new double[0];
            double[] px = new double[0];
            if (h5.node("/ptycho/positions").isPresent()) {
                double[] pos = small.doubles("/ptycho/positions");
                int n = pos.length / 2;
                py = new double[n];
                px = new double[n];
                for (int i = 0; i < n; i++) {
                    py[i] = pos[2 * i];
                    px[i] = pos[2 * i + 1];
                }
            }
            List<IterationReport> history = new ArrayList<>();
            if (h5.node("/ptycho/history/fourier_error").isPresent()) {
                double[] it = small.doubles("/ptycho/history/iteration");
                double[] fe = small.doubles("/ptycho/history/fourier_error");
                double[] nll = small.doubles("/ptycho/history/negative_log_likelihood");
                double[] ms = small.doubles("/ptycho/history/millis");
                double[] eng = small.doubles("/ptycho/history/engine");
                for (int i = 0; i < fe.length; i++) {
                    history.add(new IterationReport((int) it[i], EngineKind.values()[(int) eng[i]], fe[i], nll[i],
                            ms[i]));
                }
            }
            double[] pixel = small.doubles("/ptycho/object_pixel_size");
            int iterations = (int) small.doubles("/ptycho/iterations")[0];
            boolean stopped = small.doubles("/ptycho/stopped_early")[0] != 0;
            String provenance = text(h5, "/ptycho", "provenance");
            List<EngineStep> plan = plan(file, provenance);
            String device = deviceId(provenance);
            PtychoState state = new PtychoState(iterations, object, modes, py, px, history);
            return new StoredPtychoResult(file, state, pixel, plan, stopped, device, provenance);
        }
    }

    private static String text(Hdf5File h5, String path, String attribute) {
        return h5.node(path).flatMap(n -> n.attribute(attribute)).map(a -> {
            Object v = a.value();
            if (v instanceof String[] arr && arr.length > 0) {
                return arr[0];
            }
            return v == null ? "" : v.toString();
        }).orElse("");
    }

    static List<EngineStep> plan(Path file, String provenance) throws DataFileException {
        List<EngineStep> out = new ArrayList<>();
        if (provenance.isEmpty()) {
            return out;
        }
        try {
            JsonNode root = new ObjectMapper().readTree(provenance);
            for (JsonNode s : root.path("plan")) {
                Map<String, Double> par = new HashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = s.path("parameters").fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    par.put(e.getKey(), e.getValue().asDouble());
                }
                out.add(new EngineStep(EngineKind.parse(s.path("engine").asText()), s.path("iterations").asInt(),
                        par, s.path("stop_below_error").asDouble()));
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            throw new DataFileException(file, "/ptycho@provenance", "unreadable plan: " + e.getMessage(),
                    "the provenance JSON written by Beamline Studio", e);
        }
    }

    private static String deviceId(String provenance) {
        try {
            return new ObjectMapper().readTree(provenance).path("device").path("id").asText("");
        } catch (IOException e) {
            return "";
        }
    }
}
