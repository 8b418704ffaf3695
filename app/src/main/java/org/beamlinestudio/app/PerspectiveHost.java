package org.beamlinestudio.app;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.application.Platform;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.plugin.ReaderChoice;
import org.beamlinestudio.viewer.perspective.Perspective;
import org.beamlinestudio.viewer.perspective.PerspectiveContext;
import org.beamlinestudio.viewer.perspective.PerspectiveProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a technique's perspective into one file tab: probes the file with every reader (off the FX
 * thread), lets the user choose on a tie, opens the source with the winning reader (off the FX
 * thread), asks the technique's {@link PerspectiveProvider} for its perspective, and on tab close
 * closes the perspective, then the source. A reader or provider that throws is reported in the
 * tab's banner; the tree view stays.
 */
final class PerspectiveHost {
    private static final Logger LOG = LoggerFactory.getLogger(PerspectiveHost.class);

    private final FileTab tab;
    private final PluginRegistry plugins;
    private final List<PerspectiveProvider> providers;
    private final Executor io;
    private final Function<FileTab, PerspectiveContext> contexts;
    private Perspective perspective;
    private OpenedSource source;
    private boolean closed;

    private PerspectiveHost(FileTab tab, PluginRegistry plugins, List<PerspectiveProvider> providers, Executor io,
                            Function<FileTab, PerspectiveContext> contexts) {
        this.tab = tab;
        this.plugins = plugins;
        this.providers = providers;
        this.io = io;
        this.contexts = contexts;
    }

    /**
     * Starts looking for a perspective for an opened tab. FX thread; returns at once.
     *
     * @param contexts the context a perspective in this tab gets
     */
    static void attach(FileTab tab, CompletableFuture<PluginRegistry> plugins, Supplier<List<PerspectiveProvider>> providers,
                       Executor io, Function<FileTab, PerspectiveContext> contexts) {
        List<PerspectiveProvider> list = providers.get();
        if (list.isEmpty()) {
            return;
        }
        plugins.thenAcceptAsync(reg -> {
            ReaderChoice choice = reg.chooseReader(tab.file());
            Platform.runLater(() -> {
                PerspectiveHost host = new PerspectiveHost(tab, reg, list, io, contexts);
                tab.onClose(host::close);
                host.decide(choice);
            });
        }, io).exceptionally(ex -> {
            LOG.warn("no perspective for {}: {}", tab.file(), ex.toString());
            return null;
        });
    }

    private void decide(ReaderChoice choice) {
        if (closed) {
            return;
        }
        if (choice.winner().isPresent()) {
            DatasetReader r = choice.winner().get();
            provider(r).ifPresent(p -> open(r, p));
        } else if (choice.isTie()) {
            LOG.info("{}", choice.explain());
            tab.showReaderChoice(choice.tied(), r -> {
                Optional<PerspectiveProvider> p = provider(r);
                if (p.isPresent()) {
                    open(r, p.get());
                } else {
                    tab.showProblem("No perspective for " + r.displayName() + " files; the data tree shows "
                            + tab.file().getFileName());
                }
            });
        }
    }

    private Optional<PerspectiveProvider> provider(DatasetReader reader) {
        Optional<String> technique = plugins.ownerOfReader(reader.id()).map(t -> t.id());
        return technique.flatMap(id -> providers.stream().filter(p -> id.equals(p.techniqueId())).findFirst());
    }

    private void open(DatasetReader reader, PerspectiveProvider provider) {
        CompletableFuture.supplyAsync(() -> {
            try {
                return reader.open(tab.file());
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, io).whenComplete((src, ex) -> Platform.runLater(() -> {
            if (ex != null) {
                Throwable c = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                LOG.warn("{} cannot open {}: {}", reader.id(), tab.file(), c.toString());
                tab.showProblem(reader.displayName() + " cannot open " + tab.file().getFileName() + ": "
                        + message(c) + " — the data tree still works");
                return;
            }
            if (closed) {
                closeSource(src);
                return;
            }
            show(src, provider);
        }));
    }

    private void show(OpenedSource src, PerspectiveProvider provider) {
        Perspective p;
        try {
            p = provider.create(src, contexts.apply(tab));
            if (p == null || p.node() == null) {
                throw new IllegalStateException("the provider returned no perspective");
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("{} perspective failed on {}", provider.techniqueId(), tab.file(), e);
            tab.showProblem(provider.displayName() + " perspective failed on " + tab.file().getFileName() + ": "
                    + message(e) + " — the data tree still works");
            closeSource(src);
            return;
        }
        source = src;
        perspective = p;
        String title = p.title() == null || p.title().isBlank() ? provider.displayName() : p.title();
        tab.showPerspective(provider.techniqueId(), title, p.node());
    }

    private static String message(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? t.toString() : t.getMessage();
    }

    /** Closes the perspective, then its source (off the FX thread). FX thread. */
    void close() {
        closed = true;
        Perspective p = perspective;
        perspective = null;
        if (p != null) {
            try {
                p.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the {} perspective of {}: {}", p.title(), tab.file(), e.toString());
            }
        }
        OpenedSource s = source;
        source = null;
        if (s != null) {
            closeSource(s);
        }
    }

    private void closeSource(OpenedSource s) {
        io.execute(() -> {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the source of {}: {}", tab.file(), e.toString());
            }
        });
    }
}
