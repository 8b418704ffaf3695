package org.beamlinestudio.tomography.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.exec.Hdf5Sink;
import org.beamlinestudio.core.export.ExportPreflight;
import org.beamlinestudio.core.export.VolumeExport;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.viewer.FloatImageView;

/**
 * The Export step: the latest reconstruction as a float32 TIFF stack or HDF5, optionally rescaled to 8/16 bits
 * with the reconstruct view's window, cropped to a region and a slice range, provenance included; the
 * destination checked before starting; the finished export one click from opening in the app.
 */
public final class ExportStep implements TomographyStep {

    private final TomographySession session;
    private final ReadOnlyObjectProperty<FloatImageView.Window> viewWindow;
    private final Label source = new Label("Reconstruct first.");
    private final ComboBox<String> format = new ComboBox<>();
    private final ComboBox<String> depth = new ComboBox<>();
    private final TextField min = new TextField();
    private final TextField max = new TextField();
    private final Spinner<Integer> x0 = spinner("exportX0");
    private final Spinner<Integer> y0 = spinner("exportY0");
    private final Spinner<Integer> width = spinner("exportWidth");
    private final Spinner<Integer> height = spinner("exportHeight");
    private final Spinner<Integer> sliceFrom = spinner("exportFrom");
    private final Spinner<Integer> sliceTo = spinner("exportTo");
    private final TextField destination = new TextField();
    private final Button browse = new Button("Browse…");
    private final Label check = new Label();
    private final Button start = new Button("Export");
    private final Button cancel = new Button("Cancel");
    private final Button open = new Button("Open in Studio");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label message = new Label();
    private final VBox form;
    private final VBox root;
    private final AtomicLong checkRequest = new AtomicLong();
    private long[] shape;
    private boolean destinationEdited;
    private boolean settingDestination;
    private boolean windowEdited;
    private List<String> problems = List.of("Reconstruct first.");
    private Cancellation running;
    private Path exported;

    /** The Export step of {@code session}, taking its 8/16-bit window from {@code viewWindow}. FX thread. */
    public ExportStep(TomographySession session, ReadOnlyObjectProperty<FloatImageView.Window> viewWindow) {
        this.session = session;
        this.viewWindow = viewWindow;
        source.setId("exportSource");
        format.setId("exportFormat");
        format.getItems().setAll("TIFF stack", "HDF5");
        format.setValue("TIFF stack");
        depth.setId("exportDepth");
        depth.getItems().setAll("float32", "uint16", "uint8");
        depth.setValue("float32");
        min.setId("exportMin");
        max.setId("exportMax");
        for (TextField f : List.of(min, max)) {
            f.setPrefColumnCount(9);
            f.disableProperty().bind(depth.valueProperty().isEqualTo("float32"));
            f.textProperty().addListener((obs, o, n) -> {
                if (f.isFocused()) {
                    windowEdited = true;
                }
                recheck();
            });
        }
        Button fromView = new Button("From view");
        fromView.setId("exportWindowFromView");
        fromView.disableProperty().bind(depth.valueProperty().isEqualTo("float32"));
        fromView.setOnAction(e -> {
            windowEdited = false;
            takeViewWindow();
        });
        destination.setId("exportDestination");
        destination.setPrefColumnCount(36);
        HBox.setHgrow(destination, Priority.ALWAYS);
        destination.textProperty().addListener((obs, o, n) -> {
            if (!settingDestination) {
                destinationEdited = true;
            }
            exported = null;
            open.setDisable(true);
            recheck();
        });
        browse.setId("exportBrowse");
        browse.setOnAction(e -> browse());
        format.valueProperty().addListener((obs, o, n) -> {
            if (!destinationEdited) {
                defaultDestination();
            }
            recheck();
        });
        depth.valueProperty().addListener((obs, o, n) -> recheck());
        for (Spinner<Integer> s : List.of(x0, y0, width, height, sliceFrom, sliceTo)) {
            s.valueProperty().addListener((obs, o, n) -> recheck());
        }
        check.setId("exportCheck");
        check.setWrapText(true);
        start.setId("exportStart");
        start.setOnAction(e -> startExport());
        cancel.setId("exportCancel");
        cancel.setDisable(true);
        cancel.setOnAction(e -> {
            if (running != null) {
                running.cancel();
            }
        });
        open.setId("exportOpen");
        open.setDisable(true);
        open.setOnAction(e -> {
            if (exported != null) {
                session.context().openFile(exported);
            }
        });
        progress.setId("exportProgress");
        progress.setMaxWidth(Double.MAX_VALUE);
        message.setId("exportMessage");
        message.setWrapText(true);

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, new Label("Format"), format);
        grid.addRow(1, new Label("Depth"), new HBox(6, depth, new Label("window"), min, new Label("to"), max, fromView));
        grid.addRow(2, new Label("Region"), new HBox(6, new Label("x"), x0, new Label("y"), y0, new Label("width"),
                width, new Label("height"), height));
        grid.addRow(3, new Label("Slices"), new HBox(6, sliceFrom, new Label("to"), sliceTo));
        grid.addRow(4, new Label("Destination"), new HBox(6, destination, browse));
        form = new VBox(10, grid, check, new HBox(8, start, cancel, open), progress, message);
        root = new VBox(12, source, form);
        root.setPadding(new Insets(12));
        root.setId("exportStep");
        form.setDisable(true);
        session.resultProperty().addListener((obs, o, n) -> resultChanged(n));
        resultChanged(session.resultProperty().get());
    }

    private static Spinner<Integer> spinner(String id) {
        Spinner<Integer> s = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 0, 0));
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(90);
        return s;
    }

    @Override
    public String title() {
        return "Export";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void activated() {
        if (!windowEdited) {
            takeViewWindow();
        }
        recheck();
    }

    @Override
    public void close() {
        checkRequest.incrementAndGet();
        if (running != null) {
            running.cancel();
        }
    }

    private void takeViewWindow() {
        FloatImageView.Window w = viewWindow.get();
        if (w != null) {
            min.setText(format(w.lo()));
            max.setText(format(w.hi()));
        }
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private void resultChanged(Path result) {
        shape = null;
        exported = null;
        open.setDisable(true);
        if (result == null) {
            source.setText("Reconstruct first.");
            form.setDisable(true);
            return;
        }
        if (!result.getFileName().toString().endsWith(".h5")) {
            source.setText(result + " is a TIFF stack: export reads HDF5 results; reconstruct to HDF5 to export.");
            form.setDisable(true);
            return;
        }
        source.setText("Reading " + result.getFileName() + "…");
        CompletableFuture.supplyAsync(() -> {
            try (Hdf5File f = Hdf5File.open(result)) {
                return f.dataset(Hdf5Sink.DATASET).shape();
            } catch (DataFileException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, session.context().background()).whenComplete((s, err) -> Platform.runLater(() -> {
            if (!result.equals(session.resultProperty().get())) {
                return;
            }
            if (err != null || s.length != 3) {
                source.setText("Cannot export " + result + ": " + (err != null
                        ? (err.getCause() != null ? err.getCause().getMessage() : err.getMessage())
                        : Hdf5Sink.DATASET + " has shape " + java.util.Arrays.toString(s) + ", expected 3-D"));
                form.setDisable(true);
                return;
            }
            shape = s;
            source.setText(String.format(Locale.ROOT, "Result %s: %d slices of %d × %d", result.getFileName(), s[0],
                    s[2], s[1]));
            setRange(x0, 0, (int) s[2] - 1, 0);
            setRange(y0, 0, (int) s[1] - 1, 0);
            setRange(width, 1, (int) s[2], (int) s[2]);
            setRange(height, 1, (int) s[1], (int) s[1]);
            setRange(sliceFrom, 0, (int) s[0] - 1, 0);
            setRange(sliceTo, 0, (int) s[0] - 1, (int) s[0] - 1);
            form.setDisable(false);
            destinationEdited = false;
            defaultDestination();
            if (!windowEdited) {
                takeViewWindow();
            }
            recheck();
        }));
    }

    private static void setRange(Spinner<Integer> s, int lo, int hi, int value) {
        SpinnerValueFactory.IntegerSpinnerValueFactory f = (SpinnerValueFactory.IntegerSpinnerValueFactory) s.getValueFactory();
        f.setMin(lo);
        f.setMax(hi);
        f.setValue(value);
    }

    private void defaultDestination() {
        Path result = session.resultProperty().get();
        if (result == null) {
            return;
        }
        String stem = result.getFileName().toString().replaceFirst("\\.h5$", "") + "_export";
        Path folder = session.context().workDirectory();
        Path dest = folder.resolve(tiff() ? stem : stem + ".h5");
        for (int i = 2; java.nio.file.Files.exists(dest); i++) {
            dest = folder.resolve(tiff() ? stem + "-" + i : stem + "-" + i + ".h5");
        }
        settingDestination = true;
        try {
            destination.setText(dest.toString());
        } finally {
            settingDestination = false;
        }
    }

    private boolean tiff() {
        return format.getValue().startsWith("TIFF");
    }

    private void browse() {
        File chosen;
        if (tiff()) {
            DirectoryChooser c = new DirectoryChooser();
            c.setTitle("Folder to create the TIFF stack in");
            chosen = c.showDialog(root.getScene() == null ? null : root.getScene().getWindow());
            if (chosen != null) {
                chosen = new File(chosen, Path.of(destination.getText()).getFileName().toString());
            }
        } else {
            FileChooser c = new FileChooser();
            c.setTitle("Export to HDF5");
            c.getExtensionFilters().add(new FileChooser.ExtensionFilter("HDF5", "*.h5"));
            chosen = c.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        }
        if (chosen != null) {
            destination.setText(chosen.getAbsolutePath());
        }
    }

    /** The export the controls describe, or null with the reason shown when they do not describe one. */
    public VolumeExport.Spec spec() {
        Path result = session.resultProperty().get();
        if (result == null || shape == null || destination.getText().isBlank()) {
            return null;
        }
        VolumeExport.Depth d = VolumeExport.Depth.valueOf(depth.getValue().toUpperCase(Locale.ROOT));
        double lo = 0;
        double hi = 1;
        if (d != VolumeExport.Depth.FLOAT32) {
            try {
                lo = Double.parseDouble(min.getText().trim());
                hi = Double.parseDouble(max.getText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return new VolumeExport.Spec(result, Hdf5Sink.DATASET, Path.of(destination.getText().trim()),
                tiff() ? VolumeExport.Format.TIFF : VolumeExport.Format.HDF5, d, lo, hi, x0.getValue(),
                y0.getValue(), width.getValue(), height.getValue(), sliceFrom.getValue(), sliceTo.getValue());
    }

    private List<String> formProblems(VolumeExport.Spec s) {
        if (session.resultProperty().get() == null) {
            return List.of("Reconstruct first.");
        }
        if (shape == null) {
            return List.of("Reading the result…");
        }
        if (s == null) {
            return List.of(destination.getText().isBlank() ? "Choose a destination."
                    : "The window's minimum and maximum must be numbers.");
        }
        if (s.x0() + s.width() > shape[2] || s.y0() + s.height() > shape[1]) {
            return List.of(String.format(Locale.ROOT, "The region reaches x %d, y %d: the slices are %d × %d.",
                    s.x0() + s.width(), s.y0() + s.height(), shape[2], shape[1]));
        }
        if (s.sliceTo() < s.sliceFrom()) {
            return List.of("The last slice (" + s.sliceTo() + ") is before the first (" + s.sliceFrom() + ").");
        }
        if (s.depth() != VolumeExport.Depth.FLOAT32 && !(s.windowMax() > s.windowMin())) {
            return List.of("The window's maximum must be above its minimum.");
        }
        return List.of();
    }

    /** Re-checks the form now and the destination (disk access) off the FX thread; the latest check wins. */
    private void recheck() {
        long id = checkRequest.incrementAndGet();
        VolumeExport.Spec s = spec();
        List<String> local = formProblems(s);
        if (!local.isEmpty()) {
            showCheck(local);
            return;
        }
        CompletableFuture.supplyAsync(() -> ExportPreflight.check(s), session.context().background())
                .thenAccept(found -> Platform.runLater(() -> {
                    if (checkRequest.get() == id) {
                        showCheck(found);
                    }
                }));
    }

    private void showCheck(List<String> found) {
        problems = found;
        VolumeExport.Spec s = spec();
        if (exported != null && s != null && s.destination().toAbsolutePath().normalize().equals(exported)) {
            check.setStyle("-fx-text-fill: #555;");
            check.setText("Exported. To export again, choose another destination.");
        } else if (found.isEmpty() && s != null) {
            check.setStyle("-fx-text-fill: #2e7d32;");
            check.setText("Ready: about " + ExportPreflight.human(ExportPreflight.estimatedBytes(s)) + " to write.");
        } else {
            check.setStyle("-fx-text-fill: #b00020;");
            check.setText(String.join("\n", found));
        }
        start.setDisable(!found.isEmpty() || running != null);
    }

    /** Problems found by the latest check (empty when the export can start). */
    public List<String> problems() {
        return problems;
    }

    /** Where the latest export was published, null before. */
    public Path exported() {
        return exported;
    }

    private void startExport() {
        VolumeExport.Spec s = spec();
        if (s == null || running != null) {
            return;
        }
        Cancellation c = new Cancellation();
        running = c;
        start.setDisable(true);
        cancel.setDisable(false);
        open.setDisable(true);
        progress.setProgress(0);
        message.setStyle("");
        message.setText("Checking " + s.destination() + "…");
        CompletableFuture.supplyAsync(() -> {
            // Checked again at the moment of starting: the disk or the folder may have changed since.
            List<String> found = ExportPreflight.check(s);
            if (!found.isEmpty()) {
                throw new java.util.concurrent.CompletionException(
                        new VolumeExport.ExportException(String.join("; ", found), null));
            }
            try {
                return VolumeExport.run(s, (f, m) -> Platform.runLater(() -> {
                    if (running == c) {
                        progress.setProgress(f < 0 ? ProgressBar.INDETERMINATE_PROGRESS : f);
                        message.setText(m);
                    }
                }), c);
            } catch (VolumeExport.ExportException | Cancellation.CancelledException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, session.context().background()).whenComplete((done, err) -> Platform.runLater(() -> {
            running = null;
            cancel.setDisable(true);
            Throwable cause = err == null ? null : err.getCause() != null ? err.getCause() : err;
            if (cause == null) {
                exported = done;
                progress.setProgress(1);
                message.setText("Exported to " + done);
                open.setDisable(false);
            } else if (cause instanceof Cancellation.CancelledException) {
                progress.setProgress(0);
                message.setText("Cancelled; nothing was left under " + s.destination().getFileName() + ".");
            } else {
                progress.setProgress(0);
                message.setStyle("-fx-text-fill: #b00020;");
                message.setText("Export failed: " + cause.getMessage());
            }
            recheck();
        }));
    }
}
