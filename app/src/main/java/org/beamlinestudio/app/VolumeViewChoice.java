package org.beamlinestudio.app;

import java.util.concurrent.Executor;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.viewer.volume.VolumeView;

/**
 * The "Slices / Volume" choice of a file tab: for a 3-D dataset a bar (buttons {@code viewSlices},
 * {@code viewVolume}) switches between the slice view and a ray-cast {@link VolumeView}; for
 * anything else the bar is hidden and the slice view shows. The volume view is made on first use
 * and shown the current dataset only while it is chosen, so browsing a file never reads volumes
 * nobody looks at.
 */
final class VolumeViewChoice {

    private final Node slices;
    private final Executor io;
    private final StackPane views = new StackPane();
    private final HBox bar = new HBox(4);
    private final ToggleButton slicesButton = new ToggleButton("Slices");
    private final ToggleButton volumeButton = new ToggleButton("Volume");
    private final BorderPane node = new BorderPane(views);
    private VolumeView volume;
    private LazyDataset dataset;
    private LazyDataset shownInVolume;

    VolumeViewChoice(Node slices, Executor io) {
        this.slices = slices;
        this.io = io;
        views.getChildren().add(slices);
        ToggleGroup group = new ToggleGroup();
        slicesButton.setId("viewSlices");
        volumeButton.setId("viewVolume");
        slicesButton.setToggleGroup(group);
        volumeButton.setToggleGroup(group);
        slicesButton.setSelected(true);
        // A toggle group lets the selected button be unselected; keep one chosen.
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true);
            } else {
                update();
            }
        });
        bar.getChildren().addAll(slicesButton, volumeButton);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 6, 3, 6));
        bar.setId("viewChoice");
        node.setTop(bar);
        showBar(false);
    }

    /** What the file tab shows in place of the slice view. */
    Node node() {
        return node;
    }

    /** A dataset is shown: offer the volume for 3-D ones. FX thread. */
    void datasetShown(LazyDataset ds) {
        dataset = ds;
        boolean volumeLike = isVolume(ds);
        showBar(volumeLike);
        if (!volumeLike) {
            slicesButton.setSelected(true);
        }
        update();
    }

    /** Whether the view can show {@code ds} as a volume: three axes of more than one voxel each. */
    static boolean isVolume(LazyDataset ds) {
        long[] s = ds.shape();
        return s.length == 3 && s[0] > 1 && s[1] > 1 && s[2] > 1;
    }

    /** The volume view, or null before "Volume" was first chosen. */
    VolumeView volumeView() {
        return volume;
    }

    private void update() {
        boolean showVolume = volumeButton.isSelected() && dataset != null && isVolume(dataset);
        if (showVolume) {
            if (volume == null) {
                volume = new VolumeView(io);
                views.getChildren().add(volume);
            }
            if (shownInVolume != dataset) {
                shownInVolume = dataset;
                volume.show(dataset);
            }
        }
        slices.setVisible(!showVolume);
        if (volume != null) {
            volume.setVisible(showVolume);
        }
    }

    private void showBar(boolean show) {
        bar.setVisible(show);
        bar.setManaged(show);
    }

    /** Stops the volume view's work and frees its device. */
    void close() {
        if (volume != null) {
            volume.close();
        }
    }
}
