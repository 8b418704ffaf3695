package org.beamlinestudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beamlinestudio.app.StudioWindowTest.drag;
import static org.beamlinestudio.app.StudioWindowTest.open;
import static org.beamlinestudio.app.StudioWindowTest.snapshot;
import static org.beamlinestudio.app.StudioWindowTest.waitFor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.DragEvent;
import javafx.stage.Stage;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.plugin.ProbeResult;
import org.beamlinestudio.core.plugin.TechniquePlugin;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.StageFactory;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.tomography.TomographyPlugin;
import org.beamlinestudio.viewer.SliceView;
import org.beamlinestudio.viewer.perspective.Perspective;
import org.beamlinestudio.viewer.perspective.PerspectiveContext;
import org.beamlinestudio.viewer.perspective.PerspectiveProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Perspectives in the file tab, on synth_dx.h5 through the real tomography readers: shown first, the
 * switcher to the tree and back, close order; a tie between readers; a provider that throws.
 */
@ExtendWith(ApplicationExtension.class)
class PerspectiveTabTest {
    @TempDir
    static Path dir;

    private final ExecutorService io = StudioApp.newIoExecutor();
    private final ExecutorService compute = StudioApp.newComputeExecutor();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<PerspectiveContext> contexts = new CopyOnWriteArrayList<>();
    private StudioWindow window;

    /** A perspective that is a label, and says when it is closed. */
    final class FakePerspective implements Perspective {
        private final Label node;

        FakePerspective(OpenedSource source) {
            node = new Label("Fake perspective on " + source.file().getFileName() + " read by " + source.readerId()
                    + " · " + source.primary().shape()[0] + " projections");
            node.setId("fakePerspective");
            node.setStyle("-fx-font-size: 18px; -fx-background-color: #e3f2fd;");
            node.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        }

        @Override
        public Node node() {
            return node;
        }

        @Override
        public String title() {
            return "Tomography";
        }

        @Override
        public void close() {
            events.add("perspective closed");
        }
    }

    /** A provider for one technique; {@code fail} makes create throw. */
    final class FakeProvider implements PerspectiveProvider {
        private final String technique;
        private final boolean fail;

        FakeProvider(String technique, boolean fail) {
            this.technique = technique;
            this.fail = fail;
        }

        @Override
        public String techniqueId() {
            return technique;
        }

        @Override
        public String displayName() {
            return "Fake " + technique;
        }

        @Override
        public Perspective create(OpenedSource source, PerspectiveContext context) {
            contexts.add(context);
            if (fail) {
                throw new IllegalStateException("the center finder exploded");
            }
            events.add("created on " + source.readerId());
            return new FakePerspective(source);
        }
    }

    /** The tomography plugin with its sources' close() recorded. */
    final class RecordingTomography implements TechniquePlugin {
        private final TomographyPlugin real = new TomographyPlugin();

        @Override
        public String id() {
            return real.id();
        }

        @Override
        public String displayName() {
            return real.displayName();
        }

        @Override
        public String version() {
            return real.version();
        }

        @Override
        public List<DatasetReader> readers() {
            List<DatasetReader> out = new ArrayList<>();
            for (DatasetReader r : real.readers()) {
                out.add(new DatasetReader() {
                    @Override
                    public String id() {
                        return r.id();
                    }

                    @Override
                    public String displayName() {
                        return r.displayName();
                    }

                    @Override
                    public ProbeResult probe(Path file) {
                        return r.probe(file);
                    }

                    @Override
                    public OpenedSource open(Path file, Map<String, ?> options) throws DataFileException {
                        return new RecordingSource(r.open(file, options));
                    }
                });
            }
            return out;
        }

        @Override
        public List<StageFactory> stageFactories() {
            return real.stageFactories();
        }
    }

    /** Delegates to a real source and records its close. */
    final class RecordingSource implements OpenedSource {
        private final OpenedSource s;

        RecordingSource(OpenedSource s) {
            this.s = s;
        }

        @Override
        public Path file() {
            return s.file();
        }

        @Override
        public String readerId() {
            return s.readerId();
        }

        @Override
        public DataKind kind() {
            return s.kind();
        }

        @Override
        public LazyDataset primary() {
            return s.primary();
        }

        @Override
        public Optional<LazyDataset> array(String role) {
            return s.array(role);
        }

        @Override
        public Optional<double[]> vector(String role) {
            return s.vector(role);
        }

        @Override
        public Map<String, String> keyMetadata() {
            return s.keyMetadata();
        }

        @Override
        public void close() {
            events.add("source closed");
            s.close();
        }
    }

    /** A technique whose one reader claims every file with the same confidence as its twin. */
    final class GreedyPlugin implements TechniquePlugin {
        private final String id;

        GreedyPlugin(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String displayName() {
            return "Greedy " + id;
        }

        @Override
        public String version() {
            return "0";
        }

        @Override
        public List<DatasetReader> readers() {
            DatasetReader dx = new TomographyPlugin().readers().stream()
                    .filter(r -> r.probe(synth()).claims()).findFirst().orElseThrow();
            return List.of(new DatasetReader() {
                @Override
                public String id() {
                    return id + ".reader";
                }

                @Override
                public String displayName() {
                    return "Greedy " + id + " reader";
                }

                @Override
                public ProbeResult probe(Path file) {
                    return new ProbeResult(0.99, "claims everything");
                }

                @Override
                public OpenedSource open(Path file, Map<String, ?> options) throws DataFileException {
                    return new RecordingSource(dx.open(file, options));
                }
            });
        }

        @Override
        public List<StageFactory> stageFactories() {
            return List.of();
        }
    }

    static Path synth() {
        return SharedData.require("tomography/synthetic/synth_dx.h5");
    }

    private void startWith(Stage stage, List<TechniquePlugin> plugins, List<PerspectiveProvider> providers) {
        SettingsStore store = new SettingsStore(dir.resolve("config-" + System.nanoTime() + "/settings.json"));
        window = new StudioWindow(stage, new StudioWindow.Context(store, new DataOpener(),
                CompletableFuture.completedFuture(PluginRegistry.of(plugins)), io, compute, providers, List.of()));
        stage.show();
    }

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void stop() {
        io.shutdownNow();
        compute.shutdownNow();
    }

    @Test
    void droppedScanOpensInItsPerspectiveWithTheTreeOneClickAway(FxRobot robot) throws Exception {
        Path synth = synth();
        robot.interact(() -> startWith(stage, List.of(new RecordingTomography()),
                List.of(new FakeProvider("tomography", false))));
        robot.interact(() -> window.onDragDropped(drag(DragEvent.DRAG_DROPPED, List.of(synth.toFile()))));
        FileTab tab = window.fileTabs().get(0);
        waitFor(tab::perspectiveShown);
        assertThat(events).containsExactly("created on tomography.dataexchange");
        Node node = robot.lookup("#fakePerspective").query();
        assertThat(node.isVisible()).isTrue();
        assertThat(((Label) node).getText()).contains("synth_dx.h5").contains("361 projections");
        assertThat(robot.lookup("#perspectiveSwitch").query().isVisible()).isTrue();
        assertThat(robot.lookup("#perspective-tomography").tryQuery()).isPresent();
        snapshot(robot, "perspective-switcher.png");

        robot.clickOn("#perspective-tree");
        assertThat(tab.perspectiveShown()).isFalse();
        assertThat(node.isVisible()).isFalse();
        waitFor(() -> tab.sliceView().stateProperty().get() == SliceView.State.SHOWN);
        assertThat(tab.browser().isVisible()).isTrue();
        snapshot(robot, "perspective-tree.png");

        robot.clickOn("#perspective-tomography");
        assertThat(tab.perspectiveShown()).isTrue();

        // The perspective asks the shell for the tree at a node: the tab switches and selects it.
        PerspectiveContext ctx = contexts.get(0);
        robot.interact(() -> ctx.showTree("/exchange/data_white"));
        waitFor(() -> !tab.perspectiveShown());
        assertThat(tab.browser().selectedNodeProperty().get()).isNotNull();
        assertThat(nodePath(tab)).isEqualTo("/exchange/data_white");
        assertThat(ctx.executors()).isNotEmpty();
        assertThat(ctx.executors().get(0).id()).isEqualTo("local");
        assertThat(ctx.executors().get(0)).isSameAs(window.executors().get(0));
        assertThat(ctx.workDirectory()).isDirectory();
        assertThat(ctx.userDirectory("tomography")).isDirectory().endsWith(Path.of("tomography"));
        AtomicBoolean onCompute = new AtomicBoolean();
        CompletableFuture.runAsync(() -> onCompute.set(Thread.currentThread().getName().startsWith("studio-compute")),
                ctx.background()).get();
        assertThat(onCompute).isTrue();

        robot.interact(window::closeSelected);
        waitFor(() -> events.contains("source closed"));
        assertThat(events).containsExactly("created on tomography.dataexchange", "perspective closed",
                "source closed");
    }

    private static String nodePath(FileTab tab) {
        Object n = tab.browser().selectedNodeProperty().get();
        return n instanceof org.beamlinestudio.core.hdf5.H5DatasetInfo d ? d.path() : String.valueOf(n);
    }

    @Test
    void aTieBetweenReadersAsksInsteadOfGuessing(FxRobot robot) throws Exception {
        robot.interact(() -> startWith(stage, List.of(new GreedyPlugin("alpha"), new GreedyPlugin("beta")),
                List.of(new FakeProvider("alpha", false), new FakeProvider("beta", false))));
        FileTab tab = open(robot, window, synth());
        waitFor(tab::readerChoiceShown);
        assertThat(robot.lookup("#readerChoice").query().isVisible()).isTrue();
        assertThat(events).isEmpty();
        assertThat(tab.perspectiveShown()).isFalse();
        snapshot(robot, "reader-choice.png");
        robot.clickOn("#readerChoice-beta_reader");
        waitFor(tab::perspectiveShown);
        assertThat(events).containsExactly("created on tomography.dataexchange");
        assertThat(tab.readerChoiceShown()).isFalse();
        assertThat(robot.lookup("#perspective-beta").tryQuery()).isPresent();
    }

    @Test
    void aProviderThatThrowsIsReportedAndTheTreeStillWorks(FxRobot robot) throws Exception {
        robot.interact(() -> startWith(stage, List.of(new RecordingTomography()),
                List.of(new FakeProvider("tomography", true))));
        FileTab tab = open(robot, window, synth());
        waitFor(() -> !tab.errorText().isEmpty());
        assertThat(tab.errorText()).contains("synth_dx.h5").contains("the center finder exploded");
        waitFor(() -> events.contains("source closed"));
        assertThat(tab.perspectiveShown()).isFalse();
        assertThat(robot.lookup("#perspectiveSwitch").query().isVisible()).isFalse();
        waitFor(() -> tab.sliceView().stateProperty().get() == SliceView.State.SHOWN);
        robot.interact(() -> tab.browser().select("/exchange/data_dark"));
        waitFor(() -> tab.sliceView().datasetProperty().get() != null
                && tab.sliceView().datasetProperty().get().path().equals("/exchange/data_dark"));
        snapshot(robot, "perspective-failed.png");
    }
}
