package org.beamlinestudio.viewer.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.data.MultiscaleDataset;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.ortho.OrthoSliceView;
import org.beamlinestudio.viewer.ortho.Plane;

/**
 * A lazy 2-D, 3-D or 4-D dataset in the orthogonal views with the tools docked: the histogram (window/level,
 * colormap) on the right, the line profile and ROI statistics below, a colour bar beside the views, and a
 * snapshot button. A 2-D image shows as one XY view; a 4-D dataset shows a chooser (id {@code slice4d}) for the
 * index of its first axis and the 3-D views of that sub-volume; rank 5 and up gets a message saying so.
 */
public final class DatasetViewer extends BorderPane {

    private final Executor io;
    private final OrthoSliceView ortho;
    private final HistogramPanel histogram;
    private final LineProfileTool lineProfile = new LineProfileTool();
    private final RoiStatsTool roiStats;
    private final Colorbar colorbar = new Colorbar();
    private final Spinner<Integer> slice4d = new Spinner<>();
    private final HBox slice4dBox;
    private final Label slice4dOf = new Label();
    private final Label message = new Label();
    private final Label status = new Label();
    private final StackPane centre = new StackPane();
    private final SplitPane main;
    private final ReadOnlyObjectWrapper<LazyDataset> dataset = new ReadOnlyObjectWrapper<>(this, "dataset");
    private final ReadOnlyObjectWrapper<LazyDataset> volume = new ReadOnlyObjectWrapper<>(this, "volume");
    private boolean imageOnly;

    /** A viewer whose reads and computations run on {@code io} (never the FX thread). */
    public DatasetViewer(Executor io) {
        this.io = io;
        setId("datasetViewer");
        ortho = new OrthoSliceView(io);
        histogram = new HistogramPanel(io);
        roiStats = new RoiStatsTool(io);
        histogram.bindTo(ortho);
        colorbar.windowProperty().bind(ortho.windowProperty());
        colorbar.colormapProperty().bind(ortho.colormapProperty());
        colorbar.logScaleProperty().bind(ortho.logScaleProperty());
        FloatImageView[] views = {ortho.view(Plane.XY), ortho.view(Plane.XZ), ortho.view(Plane.YZ)};
        lineProfile.attach(views);
        roiStats.attach(views);

        // One drawing tool at a time; with none, clicks move the crosshair.
        ToggleGroup tools = new ToggleGroup();
        lineProfile.toggle().setToggleGroup(tools);
        roiStats.toggle().setToggleGroup(tools);

        slice4d.setId("slice4d");
        slice4d.setEditable(true);
        slice4d.setPrefWidth(100);
        slice4d.valueProperty().addListener((obs, o, n) -> {
            if (n != null && !n.equals(o)) {
                showSubVolume(n);
            }
        });
        slice4dBox = new HBox(6, new Label("First axis"), slice4d, slice4dOf);
        slice4dBox.setAlignment(Pos.CENTER_LEFT);
        hide(slice4dBox);
        status.setId("viewerStatus");
        status.setStyle("-fx-font-size: 11px;");
        javafx.scene.control.Button snapshot = Snapshot.button(() -> snapshotNodes(), io, status::setText);
        snapshot.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(8, slice4dBox, snapshot, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 8, 3, 8));
        setTop(bar);

        HBox imageRow = new HBox(ortho, colorbar);
        HBox.setHgrow(ortho, Priority.ALWAYS);
        SplitPane tools2 = new SplitPane(lineProfile, roiStats);
        tools2.setDividerPositions(0.6);
        SplitPane left = new SplitPane(imageRow, tools2);
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.72);
        main = new SplitPane(left, histogram);
        main.setDividerPositions(0.78);
        SplitPane.setResizableWithParent(histogram, false);

        message.setId("viewerMessage");
        message.setWrapText(true);
        message.setMaxWidth(640);
        message.setStyle("-fx-font-size: 14px; -fx-padding: 24;");
        message.setAlignment(Pos.CENTER);
        centre.getChildren().addAll(main, message);
        hide(message);
        setCenter(centre);
        for (Node n : slice4dBox.getChildren()) {
            ((Region) n).setMinWidth(Region.USE_PREF_SIZE);
        }
    }

    /** Shows a dataset: rank 2 as one view, 3 as orthogonal views, 4 with the first-axis chooser. FX thread. */
    public void show(LazyDataset ds) {
        show(ds, null);
    }

    /**
     * Shows a 3-D volume with its coarse levels (e.g. kept in a sidecar store, so reopening is instant); other
     * ranks as {@link #show(LazyDataset)}. FX thread.
     */
    public void show(MultiscaleDataset volume) {
        show(volume.base(), volume.base().rank() == 3 ? volume : null);
    }

    private void show(LazyDataset ds, MultiscaleDataset levels) {
        dataset.set(ds);
        int rank = ds.rank();
        if (rank < 2 || rank > 4) {
            volume.set(null);
            hide(main);
            hide(slice4dBox);
            message.setText("Cannot show " + ds.path() + " in " + ds.file().getFileName() + ": it has " + rank
                    + " dimension" + (rank == 1 ? "" : "s") + "; the viewer shows 2-D images, 3-D volumes and 4-D "
                    + "datasets (one 3-D volume at a time, chosen by the index of the first axis)");
            show(message);
            return;
        }
        hide(message);
        show(main);
        if (rank == 4) {
            long n = ds.shape()[0];
            slice4dOf.setText("of 0…" + (n - 1));
            show(slice4dBox);
            restoreLayout();
            Integer before = slice4d.getValue();
            slice4d.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(0,
                    (int) Math.min(Integer.MAX_VALUE, n - 1), 0));
            if (java.util.Objects.equals(before, slice4d.getValue())) {
                showSubVolume(0); // no change for the listener to see: show the new dataset's first volume here
            }
            return;
        }
        hide(slice4dBox);
        if (rank == 2) {
            ortho.setLayout(Plane.XY);
            ortho.setLayoutChoosable(false);
            imageOnly = true;
            setVolume(FirstAxisSlice.lifted(ds));
        } else {
            restoreLayout();
            setVolume(ds, levels);
        }
    }

    /** Shows the sub-volume at {@code index} of a 4-D dataset's first axis, keeping the crosshair. FX thread. */
    public void showSubVolume(long index) {
        LazyDataset ds = dataset.get();
        if (ds == null || ds.rank() != 4) {
            return;
        }
        long clamped = Math.max(0, Math.min(ds.shape()[0] - 1, index));
        if (slice4d.getValue() == null || slice4d.getValue() != clamped) {
            slice4d.getValueFactory().setValue((int) clamped); // the listener comes back here
            return;
        }
        setVolume(FirstAxisSlice.at(ds, clamped));
    }

    /** After a 2-D image (XY only), a volume gets the three views back. */
    private void restoreLayout() {
        ortho.setLayoutChoosable(true);
        if (imageOnly) {
            imageOnly = false;
            ortho.setLayout(null);
        }
    }

    private void setVolume(LazyDataset v) {
        setVolume(v, null);
    }

    private void setVolume(LazyDataset v, MultiscaleDataset levels) {
        OrthoSliceView.Crosshair keep = ortho.crosshairProperty().get();
        LazyDataset before = volume.get();
        volume.set(v);
        if (levels != null) {
            ortho.show(levels);
        } else {
            ortho.show(v);
        }
        // Stepping through a 4-D dataset keeps the point looked at.
        if (keep != null && before instanceof FirstAxisSlice b && v instanceof FirstAxisSlice a
                && b.parent() == a.parent() && a.index() >= 0) {
            ortho.setCrosshair(keep.z(), keep.y(), keep.x());
        }
    }

    /** The (isotropic) pixel size and its units, e.g. {@code 0.65, "µm"}; NaN or ≤ 0 when unknown. FX thread. */
    public void setPixelSize(double size, String units) {
        ortho.setPixelSize(size, units);
        lineProfile.setPixelSize(size, units);
        roiStats.setPixelSize(size, units);
    }

    /** Saves the views (with overlays) and the colour bar as a PNG, atomically, off the FX thread. FX thread. */
    public CompletableFuture<Path> saveSnapshot(Path file) {
        return Snapshot.save(snapshotNodes(), file, io);
    }

    private List<Node> snapshotNodes() {
        return List.of(ortho.viewsPane(), colorbar);
    }

    /** The dataset given to {@link #show}. */
    public ReadOnlyObjectProperty<LazyDataset> datasetProperty() {
        return dataset.getReadOnlyProperty();
    }

    /** The 3-D volume in the views (a sub-volume of a 4-D dataset, a one-slice volume of an image). */
    public ReadOnlyObjectProperty<LazyDataset> volumeProperty() {
        return volume.getReadOnlyProperty();
    }

    /** The message shown instead of the views (rank 5 and up), "" when the views are shown. */
    public String message() {
        return message.isVisible() ? message.getText() : "";
    }

    public OrthoSliceView ortho() {
        return ortho;
    }

    public HistogramPanel histogram() {
        return histogram;
    }

    public LineProfileTool lineProfile() {
        return lineProfile;
    }

    public RoiStatsTool roiStats() {
        return roiStats;
    }

    public Colorbar colorbar() {
        return colorbar;
    }

    /** The first-axis chooser of a 4-D dataset (id {@code slice4d}). */
    public Spinner<Integer> slice4d() {
        return slice4d;
    }

    private static void hide(Node n) {
        n.setVisible(false);
        n.setManaged(false);
    }

    private static void show(Node n) {
        n.setVisible(true);
        n.setManaged(true);
    }
}
