package org.beamlinestudio.core.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.beamlinestudio.core.cli.StudioVersion;
import org.beamlinestudio.core.plugin.PluginRegistry;

/**
 * What every output carries so it can be re-run: the pipeline (with software versions) and when,
 * where and by whom it ran. Stored as an HDF5 {@code /process} group or as a {@code pipeline.json}
 * beside a TIFF stack.
 */
public final class Provenance {

    private Provenance() {
    }

    /** Versions of this build, its plugins, the JVM and the OS. */
    public static Pipeline.SoftwareInfo software(PluginRegistry registry) {
        Map<String, String> plugins = new LinkedHashMap<>();
        registry.loaded().forEach(l -> plugins.put(l.plugin().id(), l.plugin().version()));
        return new Pipeline.SoftwareInfo(StudioVersion.version(), plugins,
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }

    /** The pipeline stamped with the software that runs it. */
    public static Pipeline stamp(Pipeline p, PluginRegistry registry) {
        return new Pipeline(PipelineJson.FORMAT_VERSION, p.technique(), p.input(), p.stages(), p.output(),
                software(registry));
    }

    /**
     * The provenance document: the pipeline JSON plus a {@code run} block (started, finished, host,
     * user, compute device, output axis order).
     */
    public static String document(Pipeline stamped, Instant started, Instant finished, String device,
                                  String axes) {
        ObjectNode root = (ObjectNode) readTree(PipelineJson.toJson(stamped));
        ObjectNode run = root.putObject("run");
        run.put("started", started.toString());
        run.put("finished", finished.toString());
        run.put("host", hostName());
        run.put("user", System.getProperty("user.name"));
        run.put("device", device);
        run.put("axes", axes);
        try {
            return PipelineJson.mapper().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return PipelineJson.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
