package org.beamlinestudio.tomography.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.tomography.TomographyPlugin;
import org.beamlinestudio.tomography.preview.PipelineRowPreview;
import org.beamlinestudio.viewer.perspective.Perspective;
import org.beamlinestudio.viewer.perspective.PerspectiveContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tomography journey on one scan: a compact header (file, reader, key metadata), a numbered step bar
 * Data → Preprocess → Center → Reconstruct → Export with a hint of what to do next, and the current step below.
 */
public final class TomographyPerspective implements Perspective {
    private static final Logger LOG = LoggerFactory.getLogger(TomographyPerspective.class);

    /** Ids of the step buttons, in order. */
    public static final List<String> STEP_IDS =
            List.of("step-data", "step-preprocess", "step-center", "step-reconstruct", "step-export");

    private final TomographySession session;
    private final PipelineRowPreview rowPreview;
    private final List<TomographyStep> steps = new ArrayList<>();
    private final List<ToggleButton> buttons = new ArrayList<>();
    private final BorderPane root = new BorderPane();
    private final BorderPane content = new BorderPane();
    private final Label hint = new Label();
    private int current = -1;

    /** The perspective on {@code source}, starting on Data. FX thread. */
    public TomographyPerspective(OpenedSource source, PerspectiveContext context) {
        TomographyPlugin plugin = context.plugins().plugin(TomographyPlugin.ID)
                .filter(TomographyPlugin.class::isInstance).map(TomographyPlugin.class::cast)
                .orElseGet(TomographyPlugin::new);
        session = new TomographySession(source, context, TomographySession.perspectivePipeline(plugin, source));
        // One row preview for Preprocess and Center: they share its cache, and the center previews reconstruct
        // exactly what the preprocessing preview shows entering the reconstruction.
        rowPreview = new PipelineRowPreview(context.plugins(), context.executionSettings().compute());
        ReconstructStep reconstruct = new ReconstructStep(session);
        steps.add(new DataStep(session));
        steps.add(new PreprocessStep(session, rowPreview));
        steps.add(new CenterStep(session, rowPreview));
        steps.add(reconstruct);
        steps.add(new ExportStep(session, reconstruct.viewWindowProperty()));

        ToggleGroup group = new ToggleGroup();
        HBox bar = new HBox(4);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        bar.setId("stepBar");
        for (int i = 0; i < steps.size(); i++) {
            ToggleButton b = new ToggleButton();
            b.setId(STEP_IDS.get(i));
            b.setToggleGroup(group);
            int index = i;
            b.setOnAction(e -> show(index));
            buttons.add(b);
            bar.getChildren().add(b);
        }
        // A step button stays pressed: clicking the shown step again must not leave none selected.
        group.selectedToggleProperty().addListener((obs, o, n) -> {
            if (n == null && o != null) {
                o.setSelected(true);
            }
        });
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        hint.setId("stepHint");
        hint.setStyle("-fx-text-fill: #555;");
        bar.getChildren().addAll(gap, hint);

        VBox top = new VBox(header(source), bar);
        root.setTop(top);
        root.setCenter(content);
        root.getStyleClass().add("tomography-perspective");

        session.centerProperty().addListener((obs, o, n) -> relabel());
        session.resultProperty().addListener((obs, o, n) -> relabel());
        show(0);
    }

    private Node header(OpenedSource source) {
        long[] shape = source.primary().shape();
        StringBuilder facts = new StringBuilder();
        if (shape.length == 3) {
            facts.append(String.format(Locale.ROOT, "%d angles · %d × %d px", shape[0], shape[1], shape[2]));
        }
        for (Map.Entry<String, String> e : source.keyMetadata().entrySet()) {
            if (e.getKey().equals("Energy") || e.getKey().equals("Pixel size") || e.getKey().equals("Sample")) {
                facts.append(" · ").append(e.getKey()).append(' ').append(e.getValue());
            }
        }
        Label file = new Label(source.file().getFileName().toString());
        file.setStyle("-fx-font-weight: bold; -fx-font-size: 13px;");
        Label rest = new Label("read by " + source.readerId() + " · " + facts);
        rest.setStyle("-fx-text-fill: #444;");
        HBox h = new HBox(10, file, rest);
        h.setId("tomoHeader");
        h.setAlignment(Pos.CENTER_LEFT);
        h.setPadding(new Insets(6, 8, 0, 8));
        return h;
    }

    /** Shows step {@code index} (0 = Data) and calls its {@code activated()}. FX thread. */
    public void show(int index) {
        current = index;
        TomographyStep step = steps.get(index);
        buttons.get(index).setSelected(true);
        content.setCenter(step.node());
        try {
            step.activated();
        } catch (RuntimeException e) {
            LOG.warn("step {} failed to activate", step.title(), e);
        }
        relabel();
    }

    private void relabel() {
        for (int i = 0; i < steps.size(); i++) {
            String text = (i + 1) + "  " + steps.get(i).title();
            if (i == 2 && !Double.isNaN(session.centerProperty().get())) {
                text += String.format(Locale.ROOT, " · %.2f px", session.centerProperty().get());
            }
            if (i == 3 && session.resultProperty().get() != null) {
                text += " ✓";
            }
            buttons.get(i).setText(text);
        }
        hint.setText(hintFor(current));
    }

    private String hintFor(int index) {
        boolean centered = !Double.isNaN(session.centerProperty().get());
        boolean reconstructed = session.resultProperty().get() != null;
        switch (index) {
            case 0:
                return "Look at the projections and a sinogram, then go on to Preprocess.";
            case 1:
                return "Choose the corrections, then find the center of rotation.";
            case 2:
                return centered ? "Center set: go on to Reconstruct." : "Find or tune the center of rotation.";
            case 3:
                if (!centered) {
                    return "Set the center of rotation first (step 3).";
                }
                return reconstructed ? "Reconstructed: go on to Export." : "Choose the rows and press Start.";
            default:
                return reconstructed ? "Choose the format and region, then Export." : "Reconstruct first (step 4).";
        }
    }

    /** The shared state of the steps (for the shell and tests). */
    public TomographySession session() {
        return session;
    }

    /** The steps in bar order. */
    public List<TomographyStep> steps() {
        return List.copyOf(steps);
    }

    /** Index of the step shown. */
    public int currentStep() {
        return current;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public String title() {
        return "Tomography";
    }

    @Override
    public void close() {
        for (TomographyStep s : steps) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("closing step {} failed", s.title(), e);
            }
        }
        rowPreview.clear();
    }
}
