package org.beamlinestudio.ptychography.ui;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import org.beamlinestudio.ptychography.results.PtychoResultSource;
import org.beamlinestudio.viewer.perspective.Perspective;
import org.beamlinestudio.viewer.perspective.PerspectiveContext;

/**
 * A saved ptychography result shown again: what made it (plan, iterations, device, error) beside its object phase
 * and amplitude, probe modes and error curve (the same {@link ReconstructionPane} as a live run). Ids as
 * {@link ReconstructionPane}, plus {@code ptychoResultInfo}.
 */
public final class PtychoResultPerspective implements Perspective {

    private final BorderPane root = new BorderPane();
    private final ReconstructionPane pane;

    PtychoResultPerspective(PtychoResultSource source, PerspectiveContext context) {
        pane = new ReconstructionPane(context.background());
        StringBuilder sb = new StringBuilder(source.file().getFileName().toString());
        source.keyMetadata().forEach((k, v) -> sb.append('\n').append(k).append(": ").append(v));
        Label info = new Label(sb.toString());
        info.setId("ptychoResultInfo");
        info.setWrapText(true);
        info.setPrefWidth(300);
        info.setPadding(new Insets(8));
        root.setLeft(info);
        root.setCenter(pane);
        pane.showState(source.stored().state());
    }

    /** The images shown now. */
    public ReadOnlyObjectProperty<ReconstructionImages> shownProperty() {
        return pane.shownProperty();
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public String title() {
        return "Ptychography result";
    }

    @Override
    public void close() {
        // nothing runs here: the images are computed once per toggle and dropped with the pane
    }
}
