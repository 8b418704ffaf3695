package org.beamlinestudio.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.beamlinestudio.core.StudioDirs;
import org.beamlinestudio.core.data.ChunkCache;
import org.beamlinestudio.core.demo.DemoDatasets;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application. Parameters: a file to open, or {@code --demo} to open the bundled demo
 * dataset. Started through {@link Main}, never directly (see DESIGN: JavaFX from the classpath).
 */
public final class StudioApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(StudioApp.class);

    /** Argument that opens the demo dataset. */
    public static final String DEMO = "--demo";

    private ExecutorService io;
    private ExecutorService compute;
    private StudioWindow window;

    /** The I/O pool: daemon threads, so a hung read never keeps the JVM alive after Quit. */
    public static ExecutorService newIoExecutor() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "studio-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return Executors.newFixedThreadPool(Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())), tf);
    }

    /**
     * The pool perspectives compute previews on: two daemon threads, apart from the I/O pool so that
     * previews never starve the reads a view waits for.
     */
    public static ExecutorService newComputeExecutor() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "studio-compute-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return Executors.newFixedThreadPool(2, tf);
    }

    @Override
    public void start(Stage stage) {
        io = newIoExecutor();
        CompletableFuture<PluginRegistry> plugins = CompletableFuture.supplyAsync(PluginRegistry::load, io);
        compute = newComputeExecutor();
        window = new StudioWindow(stage, new StudioWindow.Context(SettingsStore.standard(), new DataOpener(),
                plugins, io, compute, ShellServices.perspectives(), ShellServices.executorProviders()));
        ErrorReporter.install(window::showError);
        // Cluster secrets marked "prompt" are asked for in a dialog and kept in memory for this session only.
        org.beamlinestudio.core.exec.slurm.SessionSecrets.setPrompt(ClusterProfilesDialog.prompt());
        applyCacheBudget(window.settings());
        Pyramid.configure(null, window.settings().pyramidCacheMb() << 20);
        boolean exitAfterFirstImage = Boolean.getBoolean("studio.exitAfterFirstImage");
        if (exitAfterFirstImage) {
            window.setOnFirstImage((tab, ms) -> {
                LOG.info("exiting after the first image (-Dstudio.exitAfterFirstImage=true)");
                Platform.exit();
                System.exit(0);
            });
        }
        stage.setOnShown(e -> LOG.info("window shown {} ms after JVM start", StartupClock.sinceJvmStart()));
        stage.show();

        List<String> args = getParameters().getRaw();
        String arg = args.isEmpty() ? DEMO : args.get(0);
        if (DEMO.equals(arg)) {
            window.showStatus("Preparing the demo dataset …");
            plugins.thenApplyAsync(reg -> {
                try {
                    return DemoDatasets.ensure(reg, StudioDirs.data());
                } catch (java.io.IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, io).whenComplete((file, ex) -> Platform.runLater(() -> {
                if (ex != null) {
                    Throwable c = ex.getCause() != null ? ex.getCause() : ex;
                    LOG.warn("no demo dataset: {}", c.getMessage());
                    window.showError("No demo dataset to open (" + c.getMessage() + "). Drop an HDF5 file or use File → Open….");
                    exitIfMeasuring(exitAfterFirstImage, 1);
                } else {
                    watchForFailure(window.open(file), exitAfterFirstImage);
                }
            }));
        } else {
            watchForFailure(window.open(Path.of(arg)), exitAfterFirstImage);
        }
    }

    /** The settings' cache budget, unless -Dstudio.cache.bytes says otherwise; at most half the heap. */
    static void applyCacheBudget(Settings settings) {
        if (settings.cacheBudgetMb() <= 0 || System.getProperty("studio.cache.bytes") != null) {
            return;
        }
        long bytes = Math.min(settings.cacheBudgetMb() * 1024 * 1024, Runtime.getRuntime().maxMemory() / 2);
        ChunkCache.setBudgetBytes(bytes);
        LOG.info("dataset cache budget {} MB (settings ask {} MB)", bytes >> 20, settings.cacheBudgetMb());
    }

    private static void watchForFailure(FileTab tab, boolean exitAfterFirstImage) {
        tab.phaseProperty().addListener((obs, o, n) -> {
            if (n == FileTab.Phase.FAILED) {
                exitIfMeasuring(exitAfterFirstImage, 1);
            }
        });
        tab.sliceView().stateProperty().addListener((obs, o, n) -> {
            if (n == org.beamlinestudio.viewer.SliceView.State.FAILED) {
                exitIfMeasuring(exitAfterFirstImage, 1);
            }
        });
    }

    private static void exitIfMeasuring(boolean exitAfterFirstImage, int code) {
        if (exitAfterFirstImage) {
            LOG.warn("no first image to measure; exiting with {}", code);
            Platform.exit();
            System.exit(code);
        }
    }

    @Override
    public void stop() {
        if (window != null) {
            window.shutdown();
        }
        if (io != null) {
            io.shutdownNow();
        }
        if (compute != null) {
            compute.shutdownNow();
        }
    }
}
