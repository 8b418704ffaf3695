package org.beamlinestudio.tomography.ui;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/**
 * Stand-in for a step whose implementation is not wired in yet (the integrator replaces it with the real
 * {@code PreprocessStep} / {@code CenterStep}); says so instead of showing an empty pane.
 */
public final class PendingStep implements TomographyStep {
    private final String title;
    private final StackPane root;

    /** A placeholder titled {@code title} explaining {@code why}. */
    public PendingStep(String title, String why) {
        this.title = title;
        Label l = new Label(why);
        l.setWrapText(true);
        l.setStyle("-fx-font-size: 14px; -fx-text-fill: #666;");
        root = new StackPane(l);
        root.setAlignment(Pos.CENTER);
        root.setId("pending-" + title.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public Node node() {
        return root;
    }
}
