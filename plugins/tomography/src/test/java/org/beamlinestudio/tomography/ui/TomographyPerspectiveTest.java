package org.beamlinestudio.tomography.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.Hdf5Sink;
import org.beamlinestudio.core.exec.JobState;
import org.beamlinestudio.core.exec.PipelineRunner;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.core.testing.TiffFiles;

import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.perspective.PerspectiveProvider;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.beamlinestudio.viewer.testing.TestPerspectiveContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/** The tomography perspective on the synthetic Data Exchange scan (center 133.25 px), in a real window. */
@ExtendWith(ApplicationExtension.class)
class TomographyPerspectiveTest {
    static final double TRUE_CENTER = 133.25;

    @TempDir
    static Path tmp;

    private TestPerspectiveContext context;
    private OpenedSource source;
    private TomographyPerspective perspective;

    @Start
    void start(Stage stage) throws Exception {
        Path file = SharedData.require("tomography/synthetic/synth_dx.h5");
        Path work = Files.createDirectories(tmp.resolve("work-" + System.nanoTime()));
        context = new TestPerspectiveContext(work);
        DatasetReader reader = context.registry.chooseReader(file).winner().orElseThrow();
        source = reader.open(file, Map.of());
        PerspectiveProvider provider = ServiceLoader.load(PerspectiveProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.techniqueId().equals("tomography")).findFirst()
                .orElseThrow();
        perspective = (TomographyPerspective) provider.create(source, context);
        stage.setScene(new Scene((javafx.scene.Parent) perspective.node(), 1200, 760));
        stage.show();
    }

    @AfterEach
    void stop(FxRobot robot) {
        if (perspective != null) {
            robot.interact(perspective::close);
        }
        if (source != null) {
            source.close();
        }
        if (context != null) {
            context.close();
        }
    }

    static void waitFor(long seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void stepBarWalksTheJourneyAndDataShowsFactsAndTheSinogramOfAChosenRow(FxRobot robot) throws Exception {
        assertThat(robot.lookup("#step-data").queryAs(ToggleButton.class).isSelected()).isTrue();
        assertThat(perspective.currentStep()).isZero();
        DataStep data = (DataStep) perspective.steps().get(0);
        waitFor(10, () -> data.facts().containsKey("Angles"));
        // synth_dx.h5: 361 projections over 0…180° inclusive, 16 rows × 256 columns (truth.json).
        assertThat(data.facts().get("Angles")).isEqualTo("361 over 0.00°–180.00° (180.00°)");
        assertThat(data.facts().get("Detector")).isEqualTo("16 rows × 256 columns");
        assertThat(data.facts().get("Data type")).isEqualTo(source.primary().elementType().numpyName());
        assertThat(data.facts()).containsKeys("Energy", "Pixel size", "File size");
        assertThat(robot.lookup("#dataArray").queryAs(ComboBox.class).getItems()).contains("Projections", "Flats",
                "Darks");

        @SuppressWarnings("unchecked")
        Spinner<Integer> row = robot.lookup("#dataRow").queryAs(Spinner.class);
        robot.interact(() -> row.getValueFactory().setValue(5));
        FloatImageView sino = robot.lookup("#dataSinogram").queryAs(FloatImageView.class);
        waitFor(10, () -> sino.caption().startsWith("row 5:"));
        assertThat(perspective.session().previewRowProperty().get()).isEqualTo(5);
        assertThat(sino.imageWidth()).isEqualTo(256);
        assertThat(sino.imageHeight()).isEqualTo(361);
        float[] expected = source.primary().readFloats(new long[] {0, 5, 0}, new int[] {361, 1, 256});
        assertThat(sino.data()).containsExactly(expected);
        assertThat(sino.imageProperty().get()).isNotNull();

        robot.clickOn("#dataShowTree");
        assertThat(context.trees).containsExactly(source.primary().path());
        Screenshots.save(robot, "tomography-data.png");

        List<String> ids = TomographyPerspective.STEP_IDS;
        for (int i = 0; i < ids.size(); i++) {
            robot.clickOn("#" + ids.get(i));
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(perspective.currentStep()).isEqualTo(i);
            assertThat(robot.lookup("#" + ids.get(i)).queryAs(ToggleButton.class).isSelected()).isTrue();
        }
        robot.interact(() -> perspective.session().centerProperty().set(TRUE_CENTER));
        assertThat(robot.lookup("#step-center").queryAs(ToggleButton.class).getText()).contains("133.25 px");
        assertThat(robot.lookup("#exportSource").queryAs(javafx.scene.control.Label.class).getText())
                .isEqualTo("Reconstruct first.");
    }

    @Test
    void reconstructRowsTenToThirteenThenExportFloatTiffs(FxRobot robot) throws Exception {
        robot.interact(() -> perspective.session().centerProperty().set(TRUE_CENTER));
        robot.clickOn("#step-reconstruct");
        robot.clickOn("#reconRange");
        @SuppressWarnings("unchecked")
        Spinner<Integer> from = robot.lookup("#reconFrom").queryAs(Spinner.class);
        @SuppressWarnings("unchecked")
        Spinner<Integer> to = robot.lookup("#reconTo").queryAs(Spinner.class);
        robot.interact(() -> {
            from.getValueFactory().setValue(10);
            to.getValueFactory().setValue(13);
        });
        ReconstructStep recon = (ReconstructStep) perspective.steps().get(3);
        FloatImageView slices = robot.lookup("#reconSlices").queryAs(FloatImageView.class);
        int[] imagesSeen = {0};
        robot.interact(() -> slices.imageProperty().addListener((o, a, b) -> {
            if (b != null) {
                imagesSeen[0]++;
            }
        }));
        Pipeline submitted = recon.pipelineToRun();
        robot.clickOn("#reconStart");
        waitFor(120, () -> recon.job() != null && recon.job().state().isFinal());
        assertThat(recon.job().state()).as(recon.job().message()).isEqualTo(JobState.COMPLETED);
        assertThat(context.jobs).containsExactly(recon.job());
        waitFor(20, () -> recon.resultDataset() != null);
        Path result = perspective.session().resultProperty().get();
        assertThat(result).isEqualTo(recon.job().result().orElseThrow());
        assertThat(result.getFileName().toString()).matches("synth_dx_recon_\\d{8}-\\d{6}\\.h5");
        assertThat(imagesSeen[0]).as("slices shown").isGreaterThan(0);
        assertThat(slices.imageWidth()).isEqualTo(256);
        Screenshots.save(robot, "tomography-reconstruct.png");

        // The same pipeline run headless gives the same volume.
        assertThat(submitted.stages().get(0).stage()).isEqualTo("tomography.rows");
        assertThat(TomographySession.centerIn(submitted)).isEqualTo(TRUE_CENTER);
        Path headless = tmp.resolve("headless-" + System.nanoTime() + ".h5");
        new PipelineRunner(context.registry, ExecutionSettings.defaults().withCompute("java")).run(
                submitted.withOutput(new Pipeline.OutputSpec(headless.toString(), "hdf5")), Progress.NONE,
                new Cancellation());
        float[] ours = readVolume(result, 4, 256, 256);
        float[] theirs = readVolume(headless, 4, 256, 256);
        double maxDiff = 0;
        double maxAbs = 0;
        for (int i = 0; i < ours.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(ours[i] - theirs[i]));
            maxAbs = Math.max(maxAbs, Math.abs(theirs[i]));
        }
        assertThat(maxAbs).as("a reconstruction, not zeros").isGreaterThan(1e-3);
        assertThat(maxDiff).isLessThanOrEqualTo(1e-5);

        robot.clickOn("#step-export");
        ExportStep export = (ExportStep) perspective.steps().get(4);
        waitFor(20, () -> export.problems().isEmpty());
        assertThat(robot.lookup("#exportCheck").queryAs(javafx.scene.control.Label.class).getText())
                .startsWith("Ready");
        Screenshots.save(robot, "tomography-export.png");
        robot.clickOn("#exportStart");
        waitFor(60, () -> export.exported() != null);
        Path dest = export.exported();
        List<Path> tiffs;
        try (Stream<Path> s = Files.list(dest)) {
            tiffs = s.filter(p -> p.toString().endsWith(".tiff")).sorted().toList();
        }
        assertThat(tiffs).hasSize(4);
        for (int k = 0; k < 4; k++) {
            assertThat(sampleFormat(tiffs.get(k))).as("SampleFormat of %s", tiffs.get(k)).isEqualTo("3");
            float[] img = TiffFiles.readFloats(tiffs.get(k));
            float[] slice = new float[256 * 256];
            System.arraycopy(ours, k * slice.length, slice, 0, slice.length);
            assertThat(img).containsExactly(slice);
        }
        assertThat(Files.readString(dest.resolve("pipeline.json"))).contains("\"export\"")
                .contains("tomography.fbp").contains("133.25");
        robot.clickOn("#exportOpen");
        assertThat(context.opened).containsExactly(dest);
        Screenshots.save(robot, "tomography-export-done.png");
    }

    @Test
    void cancellingAWholeVolumeRunLeavesNoOutputAndStartWorksAgain(FxRobot robot) throws Exception {
        robot.interact(() -> perspective.session().centerProperty().set(TRUE_CENTER));
        robot.clickOn("#step-reconstruct");
        ReconstructStep recon = (ReconstructStep) perspective.steps().get(3);
        FloatImageView slices = recon.sliceView();
        // Cancel as soon as the first slice is shown: the run is part-way through its 16 row chunks.
        boolean[] cancelled = {false};
        robot.interact(() -> slices.imageProperty().addListener((o, a, b) -> {
            if (b != null && !cancelled[0] && recon.job() != null && !recon.job().state().isFinal()) {
                cancelled[0] = true;
                robot.lookup("#reconCancel").queryButton().fire();
            }
        }));
        robot.clickOn("#reconStart");
        waitFor(120, () -> recon.job() != null && recon.job().state().isFinal());
        assertThat(cancelled[0]).as("cancelled after the first slice was shown").isTrue();
        assertThat(recon.job().state()).isEqualTo(JobState.CANCELLED);
        WaitForAsyncUtils.waitForFxEvents();
        try (Stream<Path> left = Files.list(context.work)) {
            assertThat(left.toList()).as("nothing under the final name, no partial file").isEmpty();
        }
        assertThat(perspective.session().resultProperty().get()).isNull();
        assertThat(robot.lookup("#reconStart").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup("#reconMessage").queryAs(javafx.scene.control.Label.class).getText())
                .contains("Cancelled");

        robot.clickOn("#reconStart");
        waitFor(120, () -> recon.job().state().isFinal());
        assertThat(recon.job().state()).isEqualTo(JobState.COMPLETED);
        assertThat(perspective.session().resultProperty().get()).exists();
    }

    static float[] readVolume(Path file, int z, int y, int x) throws Exception {
        try (Hdf5File h5 = Hdf5File.open(file)) {
            var d = h5.dataset(Hdf5Sink.DATASET);
            assertThat(d.shape()).containsExactly(z, y, x);
            return d.readFloats(new long[3], new int[] {z, y, x});
        }
    }

    /** TIFF tag 339 (SampleFormat) as the JDK's TIFF metadata shows it; "3" is IEEE float. */
    static String sampleFormat(Path file) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            IIOMetadata meta = reader.getImageMetadata(0);
            return find(meta.getAsTree("javax_imageio_tiff_image_1.0"), "339");
        }
    }

    private static String find(Node node, String tag) {
        NamedNodeMap attrs = node.getAttributes();
        if ("TIFFField".equals(node.getNodeName()) && attrs != null && attrs.getNamedItem("number") != null
                && tag.equals(attrs.getNamedItem("number").getNodeValue())) {
            StringBuilder sb = new StringBuilder();
            collectValues(node, sb);
            return sb.toString();
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            String found = find(c, tag);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static void collectValues(Node node, StringBuilder sb) {
        NamedNodeMap attrs = node.getAttributes();
        if (attrs != null && attrs.getNamedItem("value") != null) {
            sb.append(sb.length() == 0 ? "" : ",").append(attrs.getNamedItem("value").getNodeValue());
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            collectValues(c, sb);
        }
    }
}
