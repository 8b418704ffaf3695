package org.beamlinestudio.tomography.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.tomography.io.ScanRoles;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.SliceView;

/**
 * The Data step: projections, flats and darks browsable in a slice view; the raw sinogram of any detector row;
 * the metadata that matters up front (energy, pixel size, angles, detector, type, size); the whole HDF5 tree one
 * click away.
 */
public final class DataStep implements TomographyStep {

    /** Arrays offered in the chooser: label → role ("" = the projections themselves). */
    private static final Map<String, String> ARRAYS = new LinkedHashMap<>();

    static {
        ARRAYS.put("Projections", "");
        ARRAYS.put("Flats", ScanRoles.FLATS);
        ARRAYS.put("Flats before", ScanRoles.FLATS_BEFORE);
        ARRAYS.put("Flats after", ScanRoles.FLATS_AFTER);
        ARRAYS.put("Darks", ScanRoles.DARKS);
    }

    /** Shown for a fact the file does not hold: never guessed. */
    public static final String UNKNOWN = "unknown";

    private final TomographySession session;
    private final ComboBox<String> arrays = new ComboBox<>();
    private final SliceView slices;
    private final Spinner<Integer> row;
    private final FloatImageView sinogram = new FloatImageView();
    private final GridPane factsGrid = new GridPane();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final AtomicLong sinogramRequest = new AtomicLong();
    private final SplitPane root;
    private volatile boolean closed;

    /** The Data step of {@code session}. FX thread. */
    public DataStep(TomographySession session) {
        this.session = session;
        OpenedSource source = session.source();
        slices = new SliceView(session.context().background());
        slices.setId("dataSlices");

        arrays.setId("dataArray");
        for (Map.Entry<String, String> e : ARRAYS.entrySet()) {
            if (e.getValue().isEmpty() || source.array(e.getValue()).isPresent()) {
                arrays.getItems().add(e.getKey());
            }
        }
        arrays.valueProperty().addListener((obs, o, n) -> showArray(n));

        int rows = session.rows();
        row = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, Math.max(0, rows - 1),
                Math.min(session.previewRowProperty().get(), Math.max(0, rows - 1))));
        row.setId("dataRow");
        row.setEditable(true);
        row.setPrefWidth(90);
        row.valueProperty().addListener((obs, o, n) -> {
            if (n != null && n != session.previewRowProperty().get()) {
                session.previewRowProperty().set(n);
            }
        });
        session.previewRowProperty().addListener((obs, o, n) -> {
            if (!n.equals(row.getValue())) {
                row.getValueFactory().setValue(n.intValue());
            }
            requestSinogram(n.intValue());
        });

        sinogram.setId("dataSinogram");
        sinogram.setMinSize(200, 150);
        factsGrid.setId("dataFacts");
        factsGrid.setHgap(10);
        factsGrid.setVgap(3);
        Hyperlink tree = new Hyperlink("Show HDF5 tree");
        tree.setId("dataShowTree");
        tree.setOnAction(e -> session.context().showTree(source.primary().path()));

        Label arrayLabel = new Label("Show");
        HBox arrayBar = new HBox(8, arrayLabel, arrays);
        arrayBar.setPadding(new Insets(6));
        BorderPane left = new BorderPane(slices);
        left.setTop(arrayBar);

        HBox rowBar = new HBox(8, new Label("Sinogram of row"), row);
        rowBar.setPadding(new Insets(6));
        BorderPane sino = new BorderPane(sinogram);
        sino.setTop(rowBar);
        Label factsTitle = new Label("Scan");
        factsTitle.setStyle("-fx-font-weight: bold;");
        VBox factsBox = new VBox(6, factsTitle, factsGrid, tree);
        factsBox.setPadding(new Insets(8));
        SplitPane right = new SplitPane(factsBox, sino);
        right.setOrientation(javafx.geometry.Orientation.VERTICAL);
        right.setDividerPositions(0.4);
        root = new SplitPane(left, right);
        root.setDividerPositions(0.55);
        root.setId("dataStep");

        arrays.setValue("Projections");
        loadFacts();
        requestSinogram(session.previewRowProperty().get());
    }

    @Override
    public String title() {
        return "Data";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void close() {
        closed = true;
        sinogramRequest.incrementAndGet();
    }

    /** The facts shown, name → text (e.g. "Angles" → "361 over 0.00°–180.00°"); for tests and the shell. */
    public Map<String, String> facts() {
        return Map.copyOf(facts);
    }

    private void showArray(String label) {
        if (label == null) {
            return;
        }
        String role = ARRAYS.get(label);
        Optional<LazyDataset> ds = role.isEmpty() ? Optional.of(session.source().primary())
                : session.source().array(role);
        if (ds.isPresent()) {
            slices.show(ds.get());
        } else {
            slices.showMessage("This scan has no " + label.toLowerCase(Locale.ROOT));
        }
    }

    /** Reads the raw counts of one detector row across all angles off the FX thread; the latest request wins. */
    private void requestSinogram(int r) {
        long id = sinogramRequest.incrementAndGet();
        LazyDataset p = session.source().primary();
        long[] shape = p.shape();
        if (shape.length != 3) {
            sinogram.showMessage(p.path() + " has shape " + java.util.Arrays.toString(shape)
                    + "; a sinogram needs projections (angle, row, column)");
            return;
        }
        int angles = (int) shape[0];
        int cols = (int) shape[2];
        CompletableFuture.supplyAsync(() -> {
            if (sinogramRequest.get() != id) {
                return null;
            }
            try {
                return p.readFloats(new long[] {0, r, 0}, new int[] {angles, 1, cols});
            } catch (DataFileException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, session.context().background()).whenComplete((values, err) -> Platform.runLater(() -> {
            if (closed || sinogramRequest.get() != id) {
                return;
            }
            if (err != null) {
                Throwable cause = err.getCause() != null ? err.getCause() : err;
                sinogram.showMessage("Cannot read row " + r + " of " + p.file().getFileName() + " " + p.path()
                        + ": " + cause.getMessage());
            } else if (values != null) {
                sinogram.setImage(values, cols, angles, String.format(Locale.ROOT,
                        "row %d: raw counts, %d angles × %d columns", r, angles, cols));
            }
        }));
    }

    /** Gathers the key facts off the FX thread (the file size is a disk access) and shows them. */
    private void loadFacts() {
        OpenedSource s = session.source();
        CompletableFuture.supplyAsync(() -> computeFacts(s), session.context().background())
                .thenAccept(f -> Platform.runLater(() -> {
                    facts.clear();
                    facts.putAll(f);
                    factsGrid.getChildren().clear();
                    int i = 0;
                    for (Map.Entry<String, String> e : f.entrySet()) {
                        Label k = new Label(e.getKey());
                        k.setStyle("-fx-text-fill: #555;");
                        Label v = new Label(e.getValue());
                        v.setId("dataFact-" + e.getKey().toLowerCase(Locale.ROOT).replace(' ', '-'));
                        factsGrid.addRow(i++, k, v);
                    }
                }));
    }

    static Map<String, String> computeFacts(OpenedSource s) {
        Map<String, String> f = new LinkedHashMap<>();
        Map<String, String> meta = s.keyMetadata();
        f.put("Energy", meta.getOrDefault("Energy", UNKNOWN));
        f.put("Pixel size", meta.getOrDefault("Pixel size", UNKNOWN));
        LazyDataset p = s.primary();
        long[] shape = p.shape();
        Optional<double[]> angles = s.vector(ScanRoles.ANGLES);
        if (angles.isPresent() && angles.get().length > 0) {
            double[] a = angles.get();
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : a) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            f.put("Angles", String.format(Locale.ROOT, "%d over %.2f°–%.2f° (%.2f°)", a.length, Math.toDegrees(lo),
                    Math.toDegrees(hi), Math.toDegrees(hi - lo)));
        } else {
            f.put("Angles", (shape.length == 3 ? shape[0] + " projections, " : "") + "angles " + UNKNOWN);
        }
        f.put("Detector", shape.length == 3 ? shape[1] + " rows × " + shape[2] + " columns" : UNKNOWN);
        f.put("Data type", p.elementType().numpyName());
        try {
            f.put("File size", org.beamlinestudio.core.export.ExportPreflight.human(Files.size(s.file())));
        } catch (IOException e) {
            f.put("File size", UNKNOWN);
        }
        for (String role : new String[] {ScanRoles.FLATS, ScanRoles.DARKS}) {
            s.array(role).ifPresent(d -> f.put(role.equals(ScanRoles.FLATS) ? "Flats" : "Darks",
                    Long.toString(d.rank() == 3 ? d.shape()[0] : 1)));
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            f.putIfAbsent(e.getKey(), e.getValue());
        }
        return f;
    }
}
