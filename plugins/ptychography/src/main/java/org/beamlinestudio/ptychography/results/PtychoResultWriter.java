package org.beamlinestudio.ptychography.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.beamlinestudio.core.cli.StudioVersion;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.hdf5.write.AttributeValue;
import org.beamlinestudio.core.hdf5.write.Layout;
import org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer;
import org.beamlinestudio.core.hdf5.write.StringEncoding;
import org.beamlinestudio.core.pipeline.InputFingerprint;
import org.beamlinestudio.ptychography.PtychographyPlugin;
import org.beamlinestudio.ptychography.data.ComplexField;
import org.beamlinestudio.ptychography.data.PtychoScan;
import org.beamlinestudio.ptychography.recon.EngineKind;
import org.beamlinestudio.ptychography.recon.EngineStep;
import org.beamlinestudio.ptychography.recon.IterationReport;
import org.beamlinestudio.ptychography.recon.PtychoResult;
import org.beamlinestudio.ptychography.recon.PtychoState;
import org.beamlinestudio.ptychography.recon.ReconstructionOptions;

/**
 * Writes a reconstruction to HDF5, atomically (core's streaming writer: a hidden partial file renamed at commit).
 * Layout, all under {@code /ptycho}: {@code object} (H × W × 2 float32, re and im on the last axis, the layout of
 * {@link ComplexField}), {@code probe} (M × h × w × 2 float32, strongest mode first), {@code positions} (N × 2
 * float64: y, x of each pattern's top-left corner in object pixels, as refined), {@code object_pixel_size} (y, x in
 * metres), {@code history/{fourier_error, negative_log_likelihood, millis, engine}} (one value per iteration; engine
 * as an index into the attribute {@code engines}), {@code iterations}, {@code stopped_early}, {@code device}; the
 * provenance JSON (plan, options, input file, dataset and fingerprint, software versions) at
 * {@code /process/provenance} and as an attribute of {@code /ptycho}.
 */
public final class PtychoResultWriter {

    /** Format version written in the file; readers check it. */
    public static final int FORMAT_VERSION = 1;

    private PtychoResultWriter() {
    }

    /**
     * Writes (or atomically replaces) {@code target}.
     *
     * @param readerId the reader that opened the input (for provenance), or {@code null}
     * @param extra further provenance entries (e.g. the preprocessing), may be empty
     */
    public static void write(Path target, PtychoResult result, String readerId, Map<String, String> extra)
            throws IOException {
        PtychoState st = result.state();
        ComplexField obj = st.object();
        try (StreamingHdf5Writer w = StreamingHdf5Writer.createOrReplace(target)) {
            w.createGroup("/ptycho");
            w.setAttribute("/ptycho", "format_version", FORMAT_VERSION);
            w.setAttribute("/ptycho", "NX_class", "NXprocess");
            w.createDataset("/ptycho/object", ElementType.FLOAT32, new long[] {obj.height(), obj.width(), 2},
                    Layout.chunked(Math.min(obj.height(), 256), Math.min(obj.width(), 256), 2).shuffle().deflate(1))
                    .write(new long[] {0, 0, 0}, new int[] {obj.height(), obj.width(), 2}, obj.data());
            w.setAttribute("/ptycho/object", "complex_layout", "re, im on the last axis");
            int m = st.probeModes().size();
            if (m > 0) {
                ComplexField p0 = st.probeModes().get(0);
                int ph = p0.height();
                int pw = p0.width();
                var probe = w.createDataset("/ptycho/probe", ElementType.FLOAT32, new long[] {m, ph, pw, 2},
                        Layout.contiguous());
                for (int i = 0; i < m; i++) {
                    probe.write(new long[] {i, 0, 0, 0}, new int[] {1, ph, pw, 2}, st.probeModes().get(i).data());
                }
                w.setAttribute("/ptycho/probe", "complex_layout", "re, im on the last axis");
            }
            int n = st.positionY().length;
            double[] pos = new double[2 * n];
            for (int i = 0; i < n; i++) {
                pos[2 * i] = st.positionY()[i];
                pos[2 * i + 1] = st.positionX()[i];
            }
            if (n > 0) {
                w.createDataset("/ptycho/positions", ElementType.FLOAT64, new long[] {n, 2}, Layout.contiguous())
                        .write(new long[] {0, 0}, new int[] {n, 2}, pos);
                w.setAttribute("/ptycho/positions", "units", "object pixels (y, x of the top-left corner)");
            }
            w.createDataset("/ptycho/object_pixel_size", ElementType.FLOAT64, new long[] {2}, Layout.contiguous())
                    .write(new long[] {0}, new int[] {2}, result.objectPixelSize().clone());
            w.setAttribute("/ptycho/object_pixel_size", "units", "m");
            writeHistory(w, st.history());
            w.createScalarDataset("/ptycho/iterations", (long) st.iteration());
            w.createScalarDataset("/ptycho/stopped_early", result.stoppedEarly() ? 1L : 0L);
            w.createStringDataset("/ptycho/device", result.device().id());
            String prov = provenance(result, readerId, extra);
            w.createStringDataset("/process/provenance", prov);
            w.setAttribute("/ptycho", "provenance", prov);
            w.commit();
        }
    }

    private static void writeHistory(StreamingHdf5Writer w, List<IterationReport> h) throws IOException {
        int k = h.size();
        if (k == 0) {
            w.createGroup("/ptycho/history");
            return;
        }
        double[] fe = new double[k];
        double[] nll = new double[k];
        double[] ms = new double[k];
        int[] eng = new int[k];
        long[] it = new long[k];
        for (int i = 0; i < k; i++) {
            IterationReport r = h.get(i);
            fe[i] = r.fourierError();
            nll[i] = r.negLogLikelihood();
            ms[i] = r.millis();
            eng[i] = r.engine().ordinal();
            it[i] = r.iteration();
        }
        long[] shape = {k};
        int[] count = {k};
        long[] at = {0};
        w.createDataset("/ptycho/history/iteration", ElementType.INT64, shape, Layout.contiguous())
                .write(at, count, it);
        w.createDataset("/ptycho/history/fourier_error", ElementType.FLOAT64, shape, Layout.contiguous())
                .write(at, count, fe);
        w.createDataset("/ptycho/history/negative_log_likelihood", ElementType.FLOAT64, shape, Layout.contiguous())
                .write(at, count, nll);
        w.createDataset("/ptycho/history/millis", ElementType.FLOAT64, shape, Layout.contiguous())
                .write(at, count, ms);
        w.createDataset("/ptycho/history/engine", ElementType.INT32, shape, Layout.contiguous())
                .write(at, count, eng);
        String[] labels = new String[EngineKind.values().length];
        for (EngineKind e : EngineKind.values()) {
            labels[e.ordinal()] = e.label();
        }
        w.setAttribute("/ptycho/history/engine", "engines", AttributeValue.stringArray(StringEncoding.UTF8, labels));
    }

    /** The provenance JSON: plan, options, input, device, software. */
    static String provenance(PtychoResult result, String readerId, Map<String, String> extra) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode p = json.createObjectNode();
        p.put("technique", PtychographyPlugin.ID);
        p.put("format_version", FORMAT_VERSION);
        ArrayNode plan = p.putArray("plan");
        for (EngineStep s : result.plan()) {
            ObjectNode o = plan.addObject();
            o.put("engine", s.kind().label());
            o.put("iterations", s.iterations());
            ObjectNode par = o.putObject("parameters");
            s.parameters().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> par.put(e.getKey(), e.getValue()));
            o.put("stop_below_error", s.stopBelowError());
        }
        ReconstructionOptions op = result.options();
        ObjectNode o = p.putObject("options");
        o.put("probe_modes", op.probeModes());
        o.put("probe_init", op.probeInit().name());
        o.put("aperture_diameter_m", op.apertureDiameter());
        o.put("propagation_distance_m", op.propagationDistance());
        o.put("position_refinement_from", op.positionRefinementFrom());
        o.put("max_position_shift_px", op.maxPositionShift());
        o.put("object_amplitude_limit", op.objectAmplitudeLimit());
        o.put("probe_support_radius", op.probeSupportRadius());
        o.put("seed", op.seed());
        PtychoScan scan = result.scan();
        ObjectNode in = p.putObject("input");
        in.put("path", scan.source() == null ? null : scan.source().toAbsolutePath().toString());
        in.put("dataset", scan.datasetPath());
        in.put("reader", readerId);
        in.put("patterns", scan.count());
        in.put("pattern_height", scan.height());
        in.put("pattern_width", scan.width());
        in.put("wavelength_m", scan.wavelength());
        in.put("distance_m", scan.distance());
        in.put("detector_pixel_y_m", scan.detectorPixelY());
        in.put("detector_pixel_x_m", scan.detectorPixelX());
        if (scan.source() != null && Files.isRegularFile(scan.source())) {
            try {
                in.put("size_bytes", Files.size(scan.source()));
                in.put("sha256_first_mib", InputFingerprint.sha256First1MiB(scan.source()));
            } catch (IOException e) {
                in.put("fingerprint_problem", e.getMessage());
            }
        }
        ObjectNode ex = p.putObject("preprocessing");
        extra.forEach(ex::put);
        ObjectNode dev = p.putObject("device");
        dev.put("id", result.device().id());
        dev.put("name", result.device().name());
        dev.put("type", result.device().type().name());
        ObjectNode sw = p.putObject("software");
        sw.put("name", "Beamline Studio");
        sw.put("version", StudioVersion.version());
        sw.put("ptychography_plugin", new PtychographyPlugin().version());
        sw.put("java", System.getProperty("java.version"));
        sw.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        ObjectNode run = p.putObject("run");
        run.put("iterations", result.state().iteration());
        run.put("stopped_early", result.stoppedEarly());
        run.put("written", Instant.now().toString());
        return p.toString();
    }
}
