package org.beamlinestudio.tomography.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.core.compute.DeviceChoice;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.Executor;
import org.beamlinestudio.core.exec.Hdf5Sink;
import org.beamlinestudio.core.exec.JobHandle;
import org.beamlinestudio.core.exec.JobState;
import org.beamlinestudio.core.exec.LocalExecutor;
import org.beamlinestudio.core.exec.OutputListener;
import org.beamlinestudio.core.exec.PipelineInvalidException;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.tomography.stages.geometry.RowRangeStageFactory;
import org.beamlinestudio.viewer.FloatImageView;

/**
 * The Reconstruct step: the whole volume or a range of rows, run here (device shown and selectable) or on a
 * cluster; slices appear as they finish; progress with the time remaining; cancel leaves no output behind. The
 * finished result becomes the session's result and is browsed lazily from its file.
 */
public final class ReconstructStep implements TomographyStep {

    /** Slices kept in memory while a run streams them in (the view needs only the latest and a few before). */
    static final int KEPT_SLICES = 8;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** A device entry of the chooser: the id for the settings, the label for people. */
    private record DeviceItem(String id, String label) {
    }

    private final TomographySession session;
    private final RadioButton whole = new RadioButton("Whole volume");
    private final RadioButton range = new RadioButton("Rows");
    private final Spinner<Integer> from;
    private final Spinner<Integer> to;
    private final ComboBox<Executor> runOn = new ComboBox<>();
    private final ComboBox<DeviceItem> device = new ComboBox<>();
    private final Label deviceReason = new Label("Looking for compute devices…");
    private final ComboBox<String> format = new ComboBox<>();
    private final Button start = new Button("Start");
    private final Button cancel = new Button("Cancel");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label eta = new Label();
    private final Label message = new Label();
    private final FloatImageView view = new FloatImageView();
    private final Slider sliceIndex = new Slider(0, 0, 0);
    private final Label sliceLabel = new Label();
    private final BorderPane root = new BorderPane();

    /** Finished slices of the running job, by index; bounded to {@link #KEPT_SLICES}. Run thread and FX. */
    private final Map<Long, float[]> recent = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, float[]> eldest) {
            return size() > KEPT_SLICES;
        }
    };
    private final AtomicReference<long[]> latestSlice = new AtomicReference<>();
    private final AtomicLong sliceRequest = new AtomicLong();
    private JobHandle job;
    private long runGeneration;
    private int sliceWidth;
    private int sliceHeight;
    private long expectedSlices;
    private Hdf5File resultFile;
    private LazyDataset resultData;
    private boolean devicesLoaded;

    /** The Reconstruct step of {@code session}. FX thread. */
    public ReconstructStep(TomographySession session) {
        this.session = session;
        int rows = session.rows();
        ToggleGroup g = new ToggleGroup();
        whole.setToggleGroup(g);
        range.setToggleGroup(g);
        whole.setId("reconWhole");
        range.setId("reconRange");
        whole.setSelected(true);
        int row = session.previewRowProperty().get();
        from = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, rows - 1, Math.max(0, row - 2)));
        to = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, rows - 1, Math.min(rows - 1, row + 1)));
        from.setId("reconFrom");
        to.setId("reconTo");
        for (Spinner<Integer> s : List.of(from, to)) {
            s.setEditable(true);
            s.setPrefWidth(80);
            s.disableProperty().bind(whole.selectedProperty());
        }

        runOn.setId("reconRunOn");
        runOn.getItems().setAll(session.context().executors());
        runOn.setConverter(new StringConverter<>() {
            @Override
            public String toString(Executor e) {
                return e == null ? "" : e.displayName();
            }

            @Override
            public Executor fromString(String s) {
                return null;
            }
        });
        if (!runOn.getItems().isEmpty()) {
            runOn.setValue(runOn.getItems().get(0));
        }
        device.setId("reconDevice");
        device.setCellFactory(lv -> deviceCell());
        device.setButtonCell(deviceCell());
        device.disableProperty().bind(runOn.valueProperty().map(e -> !(e instanceof LocalExecutor)).orElse(true));
        deviceReason.setId("reconDeviceReason");
        deviceReason.setWrapText(true);
        deviceReason.setStyle("-fx-text-fill: #555; -fx-font-size: 11px;");
        format.setId("reconFormat");
        format.getItems().setAll("HDF5", "TIFF stack");
        format.setValue("HDF5");

        start.setId("reconStart");
        start.setDefaultButton(true);
        start.setOnAction(e -> start());
        cancel.setId("reconCancel");
        cancel.setDisable(true);
        cancel.setOnAction(e -> {
            if (job != null) {
                message.setText("Cancelling…");
                job.cancel();
            }
        });
        progress.setId("reconProgress");
        progress.setMaxWidth(Double.MAX_VALUE);
        eta.setId("reconEta");
        message.setId("reconMessage");
        message.setWrapText(true);

        view.setId("reconSlices");
        view.showMessage("Slices appear here as they are reconstructed.");
        sliceIndex.setId("reconSliceIndex");
        sliceIndex.setDisable(true);
        sliceIndex.setBlockIncrement(1);
        sliceIndex.valueProperty().addListener((obs, o, n) -> {
            if (Math.round(n.doubleValue()) != Math.round(o.doubleValue())) {
                showSlice(Math.round(n.doubleValue()));
            }
        });
        HBox.setHgrow(sliceIndex, Priority.ALWAYS);
        sliceLabel.setMinWidth(120);

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.addRow(0, formLabel("Range"), new VBox(4, whole, new HBox(6, range, from, formLabel("to"), to)));
        form.addRow(1, formLabel("Run on"), runOn);
        form.addRow(2, formLabel("Device"), new VBox(2, device, deviceReason));
        form.addRow(3, formLabel("Output"), new VBox(2, format, new Label("into " + session.context().workDirectory())));
        HBox buttons = new HBox(8, start, cancel);
        VBox left = new VBox(12, form, buttons, progress, eta, message);
        left.setPadding(new Insets(10));
        left.setPrefWidth(390);
        left.setMinWidth(360);
        range.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        deviceReason.setMaxWidth(300);
        message.setMaxWidth(360);
        HBox sliderBar = new HBox(8, sliceLabel, sliceIndex);
        sliderBar.setAlignment(Pos.CENTER_LEFT);
        sliderBar.setPadding(new Insets(4, 8, 4, 8));
        BorderPane right = new BorderPane(view);
        right.setTop(sliderBar);
        root.setLeft(left);
        root.setCenter(right);
        root.setId("reconstructStep");
    }

    private static Label formLabel(String text) {
        Label l = new Label(text);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private ListCell<DeviceItem> deviceCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(DeviceItem item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.label());
            }
        };
    }

    @Override
    public String title() {
        return "Reconstruct";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void activated() {
        if (!devicesLoaded) {
            devicesLoaded = true;
            String preference = session.context().executionSettings().compute();
            // Device discovery may start OpenCL (slow, may fail): never on the FX thread.
            CompletableFuture.supplyAsync(() -> ComputeDevices.choose("auto"), session.context().background())
                    .thenAccept(choice -> Platform.runLater(() -> showDevices(choice, preference)));
        }
        if (Double.isNaN(session.centerProperty().get()) && job == null) {
            message.setText("Set the center of rotation first (Center step).");
        }
    }

    private void showDevices(DeviceChoice choice, String preference) {
        List<DeviceItem> items = new ArrayList<>();
        DeviceItem auto = new DeviceItem("auto", "Automatic: " + choice.chosen().name());
        items.add(auto);
        boolean hasJava = false;
        for (ComputeDevice d : choice.available()) {
            items.add(new DeviceItem(d.id(), d.name() + " (" + d.type().name().toLowerCase(Locale.ROOT) + ")"));
            hasJava |= d.type() == ComputeDevice.Type.JAVA;
        }
        if (!hasJava) {
            ComputeDevice j = ComputeDevices.javaDevice();
            items.add(new DeviceItem(j.id(), j.name() + " (java)"));
        }
        device.getItems().setAll(items);
        device.setValue(items.stream().filter(i -> i.id().equals(preference)).findFirst().orElse(auto));
        deviceReason.setText("Automatic choice: " + choice.chosen().name() + " — " + choice.reason());
    }

    /** The grey-level window of the slice shown (auto or fixed), for the export's 8/16-bit rescaling. */
    public ReadOnlyObjectProperty<FloatImageView.Window> viewWindowProperty() {
        return view.shownWindowProperty();
    }

    /** The slice view (for tests and the export's window). */
    public FloatImageView sliceView() {
        return view;
    }

    /** The job running or last run from this step, null before the first. */
    public JobHandle job() {
        return job;
    }

    /** The pipeline Start submits: the session's, with the chosen row range first and the output set. */
    public Pipeline pipelineToRun() {
        Pipeline p = session.pipelineProperty().get();
        if (!whole.isSelected()) {
            List<Pipeline.StageSpec> stages = new ArrayList<>(p.stages());
            stages.add(0, new Pipeline.StageSpec(RowRangeStageFactory.ID, true,
                    Map.of("rowFrom", from.getValue(), "rowTo", to.getValue())));
            p = p.withStages(stages);
        }
        String stem = session.source().file().getFileName().toString().replaceFirst("\\.[^.]+$", "");
        String name = stem + "_recon_" + LocalDateTime.now().format(STAMP);
        boolean tiff = format.getValue().startsWith("TIFF");
        Path out = session.context().workDirectory().resolve(tiff ? name : name + ".h5");
        return p.withOutput(new Pipeline.OutputSpec(out.toString(), tiff ? "tiff" : "hdf5"));
    }

    private void start() {
        if (job != null && !job.state().isFinal()) {
            return;
        }
        if (Double.isNaN(session.centerProperty().get())) {
            fail("Set the center of rotation first (Center step): the reconstruction needs it.");
            return;
        }
        if (!whole.isSelected() && to.getValue() < from.getValue()) {
            fail("The last row (" + to.getValue() + ") is before the first (" + from.getValue() + ").");
            return;
        }
        Executor executor = runOn.getValue();
        if (executor == null) {
            fail("No place to run the reconstruction is configured.");
            return;
        }
        Pipeline p = pipelineToRun();
        long first = whole.isSelected() ? 0 : from.getValue();
        long last = whole.isSelected() ? session.rows() - 1 : to.getValue();
        expectedSlices = last - first + 1;
        sliceWidth = session.columns();
        sliceHeight = session.columns();
        long generation = ++runGeneration;
        synchronized (recent) {
            recent.clear();
        }
        latestSlice.set(null);
        closeResult();
        OutputListener listener = (axis, block) -> sliceWritten(generation, axis, block);
        JobHandle submitted;
        try {
            if (executor instanceof LocalExecutor local) {
                DeviceItem d = device.getValue();
                ExecutionSettings settings = session.context().executionSettings();
                if (d != null) {
                    settings = settings.withCompute(d.id());
                }
                submitted = local.submit(p, settings, listener);
            } else {
                submitted = executor.submit(p);
            }
        } catch (PipelineInvalidException e) {
            fail("The pipeline cannot run: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            fail("Could not submit to " + executor.displayName() + ": " + e.getMessage());
            return;
        }
        job = submitted;
        session.context().jobSubmitted(submitted);
        message.setStyle("");
        message.setText("Submitted to " + executor.displayName() + ": " + Path.of(p.output().path()).getFileName());
        progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        eta.setText("");
        start.setDisable(true);
        cancel.setDisable(false);
        sliceIndex.setDisable(true);
        view.showMessage("Waiting for the first slices…");
        JobHandle j = submitted;
        j.addListener(h -> Platform.runLater(() -> onProgress(generation, h)));
        j.completion().whenComplete((state, err) -> Platform.runLater(() -> finished(generation, j, state)));
    }

    private void fail(String text) {
        message.setStyle("-fx-text-fill: #b00020;");
        message.setText(text);
    }

    /** On the run's thread: keep the new slices (bounded) and ask the FX thread to show the latest. */
    private void sliceWritten(long generation, int axis, FloatBlock block) {
        if (axis != 0 || block.rank() != 3) {
            return; // only slices along axis 0 are images of the volume
        }
        int n = block.shape()[0];
        int h = block.shape()[1];
        int w = block.shape()[2];
        int plane = h * w;
        int firstKept = Math.max(0, n - KEPT_SLICES);
        synchronized (recent) {
            for (int k = firstKept; k < n; k++) {
                float[] s = new float[plane];
                System.arraycopy(block.data(), k * plane, s, 0, plane);
                recent.put(block.origin()[0] + k, s);
            }
        }
        long index = block.origin()[0] + n - 1;
        if (latestSlice.getAndSet(new long[] {index, w, h}) == null) {
            Platform.runLater(() -> showLatest(generation));
        }
    }

    private void showLatest(long generation) {
        long[] latest = latestSlice.getAndSet(null);
        if (latest == null || generation != runGeneration) {
            return;
        }
        sliceWidth = (int) latest[1];
        sliceHeight = (int) latest[2];
        sliceIndex.setMax(Math.max(0, expectedSlices - 1));
        sliceIndex.setValue(latest[0]);
        showSlice(latest[0]);
    }

    private void showSlice(long index) {
        sliceLabel.setText("slice " + index + " / " + Math.max(0, expectedSlices - 1));
        float[] kept;
        synchronized (recent) {
            kept = recent.get(index);
        }
        if (kept != null) {
            view.setImage(kept, sliceWidth, sliceHeight, "slice " + index + (job != null && !job.state().isFinal()
                    ? " (just reconstructed)" : ""));
            return;
        }
        LazyDataset data = resultData;
        if (data == null) {
            if (job != null && !job.state().isFinal()) {
                view.showMessage("Slice " + index + " is not reconstructed yet (or no longer in memory).");
            }
            return;
        }
        long id = sliceRequest.incrementAndGet();
        long[] shape = data.shape();
        int h = (int) shape[1];
        int w = (int) shape[2];
        CompletableFuture.supplyAsync(() -> {
            if (sliceRequest.get() != id) {
                return null;
            }
            try {
                return data.readFloats(new long[] {index, 0, 0}, new int[] {1, h, w});
            } catch (DataFileException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, session.context().background()).whenComplete((values, err) -> Platform.runLater(() -> {
            if (sliceRequest.get() != id || resultData != data) {
                return;
            }
            if (err != null) {
                Throwable c = err.getCause() != null ? err.getCause() : err;
                view.showMessage("Cannot read slice " + index + ": " + c.getMessage());
            } else if (values != null) {
                view.setImage(values, w, h, "slice " + index + " of " + data.file().getFileName());
            }
        }));
    }

    private void onProgress(long generation, JobHandle h) {
        if (generation != runGeneration || h.state().isFinal()) {
            return;
        }
        double p = h.progress();
        progress.setProgress(p < 0 ? ProgressBar.INDETERMINATE_PROGRESS : p);
        message.setText(h.message());
        eta.setText(remaining(h, p));
    }

    /** Time remaining from the progress rate so far; empty until it means something. */
    static String remaining(JobHandle h, double p) {
        if (h.started().isEmpty() || p < 0.02 || p >= 1) {
            return h.state() == JobState.PENDING ? "Waiting to start" : "";
        }
        Duration elapsed = Duration.between(h.started().get(), Instant.now());
        long left = Math.round(elapsed.toMillis() * (1 - p) / p / 1000.0);
        return left < 60 ? "about " + Math.max(1, left) + " s left"
                : String.format(Locale.ROOT, "about %d min %02d s left", left / 60, left % 60);
    }

    private void finished(long generation, JobHandle j, JobState state) {
        if (generation != runGeneration) {
            return;
        }
        start.setDisable(false);
        cancel.setDisable(true);
        eta.setText("");
        if (state == JobState.COMPLETED && j.result().isPresent()) {
            Path result = j.result().get();
            progress.setProgress(1);
            message.setStyle("");
            message.setText("Done: " + result.getFileName() + (j.finished().isPresent() && j.started().isPresent()
                    ? String.format(Locale.ROOT, " in %.1f s",
                    Duration.between(j.started().get(), j.finished().get()).toMillis() / 1000.0) : ""));
            session.resultProperty().set(result);
            openResult(generation, result);
        } else if (state == JobState.CANCELLED) {
            progress.setProgress(0);
            message.setStyle("");
            message.setText("Cancelled; no output was left behind.");
            view.showMessage("Cancelled.");
            sliceIndex.setDisable(true);
        } else {
            progress.setProgress(0);
            fail("The reconstruction " + (state == null ? "failed" : state.name().toLowerCase(Locale.ROOT)) + ": "
                    + j.failure().orElse(j.message()));
        }
    }

    /** Opens the finished HDF5 result off the FX thread and browses it lazily from then on. */
    private void openResult(long generation, Path result) {
        if (!result.getFileName().toString().endsWith(".h5")) {
            sliceIndex.setDisable(true);
            return;
        }
        CompletableFuture.supplyAsync(() -> {
            try {
                Hdf5File f = Hdf5File.open(result);
                try {
                    return new Object[] {f, f.dataset(Hdf5Sink.DATASET)};
                } catch (DataFileException | RuntimeException e) {
                    f.close();
                    throw e;
                }
            } catch (DataFileException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, session.context().background()).whenComplete((opened, err) -> Platform.runLater(() -> {
            if (err != null) {
                fail("The result " + result + " cannot be read back: "
                        + (err.getCause() != null ? err.getCause().getMessage() : err.getMessage()));
                return;
            }
            if (generation != runGeneration) {
                ((Hdf5File) opened[0]).close();
                return;
            }
            resultFile = (Hdf5File) opened[0];
            resultData = (LazyDataset) opened[1];
            synchronized (recent) {
                recent.clear();
            }
            long n = resultData.shape()[0];
            expectedSlices = n;
            sliceIndex.setMax(Math.max(0, n - 1));
            sliceIndex.setDisable(n <= 1);
            showSlice(Math.round(Math.min(sliceIndex.getValue(), n - 1)));
        }));
    }

    /** The result browsed now, null while none is open (for tests). */
    public LazyDataset resultDataset() {
        return resultData;
    }

    private void closeResult() {
        resultData = null;
        if (resultFile != null) {
            resultFile.close();
            resultFile = null;
        }
    }

    @Override
    public void close() {
        // A running job is not cancelled: it was handed to the shell's Jobs panel, which follows it to its result
        // (closing a tab must not throw away hours of reconstruction). Only this step stops listening.
        runGeneration++;
        closeResult();
    }
}
