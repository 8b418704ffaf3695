package org.beamlinestudio.core.plugin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.beamlinestudio.core.stage.StageFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The technique plugins found on the classpath. A plugin whose provider cannot be instantiated, or
 * that throws while listing its readers and stages, is recorded as failed with its reason and
 * skipped; every other plugin keeps working.
 */
public final class PluginRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);

    /** Confidences closer than this count as a tie. */
    static final double TIE_EPSILON = 1e-6;

    private final List<LoadedPlugin> loaded;
    private final List<FailedPlugin> failed;

    /** A plugin that loaded, with what it contributes (listed once, at load time). */
    public record LoadedPlugin(TechniquePlugin plugin, List<DatasetReader> readers, List<StageFactory> stages) {
        public LoadedPlugin {
            readers = List.copyOf(readers);
            stages = List.copyOf(stages);
        }
    }

    /** A plugin that did not load: what it was (class or id) and why. */
    public record FailedPlugin(String name, String reason) {
    }

    private PluginRegistry(List<LoadedPlugin> loaded, List<FailedPlugin> failed) {
        this.loaded = List.copyOf(loaded);
        this.failed = List.copyOf(failed);
    }

    /** Loads every {@link TechniquePlugin} the class loader's service files name. */
    public static PluginRegistry load(ClassLoader loader) {
        Iterator<TechniquePlugin> it = ServiceLoader.load(TechniquePlugin.class, loader).iterator();
        List<TechniquePlugin> found = new ArrayList<>();
        List<FailedPlugin> failed = new ArrayList<>();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                // One broken provider must not hide the others: ServiceLoader moves past it.
                failed.add(new FailedPlugin(providerName(e), rootMessage(e)));
                LOG.warn("plugin failed to load: {}", e.getMessage());
            }
        }
        return of(found, failed);
    }

    /** Loads from the context class loader. */
    public static PluginRegistry load() {
        return load(Thread.currentThread().getContextClassLoader());
    }

    /** A registry of given plugins (tests, embedding). Plugins that throw while listing fail. */
    public static PluginRegistry of(List<TechniquePlugin> plugins) {
        return of(plugins, List.of());
    }

    private static PluginRegistry of(List<TechniquePlugin> plugins, List<FailedPlugin> alreadyFailed) {
        List<LoadedPlugin> ok = new ArrayList<>();
        List<FailedPlugin> failed = new ArrayList<>(alreadyFailed);
        for (TechniquePlugin p : plugins) {
            String name = p.getClass().getName();
            try {
                name = p.id() + " (" + p.getClass().getName() + ")";
                if (ok.stream().anyMatch(l -> l.plugin().id().equals(p.id()))) {
                    failed.add(new FailedPlugin(name, "another plugin already has the id '" + p.id() + "'"));
                    continue;
                }
                ok.add(new LoadedPlugin(p, p.readers(), p.stageFactories()));
            } catch (RuntimeException | LinkageError e) {
                failed.add(new FailedPlugin(name, rootMessage(e)));
                LOG.warn("plugin {} failed: {}", name, e.toString());
            }
        }
        return new PluginRegistry(ok, failed);
    }

    public List<LoadedPlugin> loaded() {
        return loaded;
    }

    public List<FailedPlugin> failed() {
        return failed;
    }

    /** A loaded plugin by id. */
    public Optional<TechniquePlugin> plugin(String id) {
        return loaded.stream().map(LoadedPlugin::plugin).filter(p -> p.id().equals(id)).findFirst();
    }

    /** Every reader of every loaded plugin. */
    public List<DatasetReader> readers() {
        return loaded.stream().flatMap(l -> l.readers().stream()).toList();
    }

    /** A reader by id. */
    public Optional<DatasetReader> reader(String id) {
        return readers().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** A stage factory by id, across plugins. */
    public Optional<StageFactory> stageFactory(String id) {
        return loaded.stream().flatMap(l -> l.stages().stream()).filter(s -> s.id().equals(id)).findFirst();
    }

    /** The plugin that owns a reader. */
    public Optional<TechniquePlugin> ownerOfReader(String readerId) {
        return loaded.stream().filter(l -> l.readers().stream().anyMatch(r -> r.id().equals(readerId)))
                .map(LoadedPlugin::plugin).findFirst();
    }

    /**
     * Asks every reader about a file. A reader that throws from {@code probe} is treated as "no"
     * with the exception as reason.
     */
    public ReaderChoice chooseReader(Path file) {
        List<ReaderChoice.Candidate> all = new ArrayList<>();
        for (DatasetReader r : readers()) {
            ProbeResult res;
            try {
                res = r.probe(file);
            } catch (RuntimeException e) {
                res = ProbeResult.no("probe failed: " + e);
            }
            all.add(new ReaderChoice.Candidate(r, res));
        }
        all.sort(Comparator.comparingDouble((ReaderChoice.Candidate c) -> c.result().confidence()).reversed());
        List<ReaderChoice.Candidate> claiming = all.stream().filter(c -> c.result().claims()).toList();
        if (claiming.isEmpty()) {
            return new ReaderChoice(file, Optional.empty(), List.of(), all);
        }
        double best = claiming.get(0).result().confidence();
        List<ReaderChoice.Candidate> top = claiming.stream()
                .filter(c -> best - c.result().confidence() < TIE_EPSILON).toList();
        Optional<DatasetReader> winner = top.size() == 1 ? Optional.of(top.get(0).reader()) : Optional.empty();
        return new ReaderChoice(file, winner, top.size() > 1 ? top : List.of(), all);
    }

    private static String providerName(Throwable e) {
        String m = e.getMessage();
        if (m != null && m.contains("Provider ")) {
            String rest = m.substring(m.indexOf("Provider ") + 9);
            int sp = rest.indexOf(' ');
            return sp > 0 ? rest.substring(0, sp) : rest;
        }
        return "unknown provider";
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
