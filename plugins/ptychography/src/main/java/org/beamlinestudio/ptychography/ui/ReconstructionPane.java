package org.beamlinestudio.ptychography.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.beamlinestudio.ptychography.recon.PtychoState;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.plot.PlotView;

/**
 * Shows one reconstruction estimate: object phase (unwrapping and ramp removal toggles) and amplitude, the probe
 * (mode chooser with each mode's power share) and the Fourier error curve (log y). Images are computed on the given
 * executor; the latest state wins. Ids: {@code ptychoObjectPhase}, {@code ptychoObjectAmplitude},
 * {@code ptychoProbe}, {@code ptychoProbeMode}, {@code ptychoErrorPlot}, {@code ptychoUnwrap},
 * {@code ptychoRemoveRamp}.
 */
public final class ReconstructionPane extends VBox {

    private final Executor background;
    private final FloatImageView objectPhase = new FloatImageView();
    private final FloatImageView objectAmplitude = new FloatImageView();
    private final FloatImageView probe = new FloatImageView();
    private final ComboBox<Integer> probeMode = new ComboBox<>();
    private final PlotView errorPlot = new PlotView();
    private final CheckBox unwrap = new CheckBox("Unwrap phase");
    private final CheckBox removeRamp = new CheckBox("Remove phase ramp");
    private final ReadOnlyObjectWrapper<ReconstructionImages> shown = new ReadOnlyObjectWrapper<>();
    private final AtomicLong request = new AtomicLong();
    private PtychoState state;

    /** Computes images on {@code background}. */
    public ReconstructionPane(Executor background) {
        super(6);
        this.background = background;
        objectPhase.setId("ptychoObjectPhase");
        objectPhase.colormapProperty().set("gray");
        objectPhase.showMessage("Object phase: press Run");
        objectAmplitude.setId("ptychoObjectAmplitude");
        objectAmplitude.colormapProperty().set("gray");
        objectAmplitude.showMessage("Object amplitude");
        probe.setId("ptychoProbe");
        probe.colormapProperty().set("magma");
        probe.showMessage("Probe");
        probeMode.setId("ptychoProbeMode");
        probeMode.valueProperty().addListener((o, a, b) -> redrawProbe());
        errorPlot.setId("ptychoErrorPlot");
        errorPlot.setTitle("Fourier error");
        errorPlot.setXLabel("iteration");
        errorPlot.setYLabel("Σ(|Ψ|−√I)² / ΣI");
        errorPlot.setYScale(PlotView.Scale.LOG);
        unwrap.setId("ptychoUnwrap");
        removeRamp.setId("ptychoRemoveRamp");
        removeRamp.setSelected(true);
        unwrap.selectedProperty().addListener((o, a, b) -> recompute());
        removeRamp.selectedProperty().addListener((o, a, b) -> recompute());
        GridPane grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(6);
        grid.add(objectPhase, 0, 0);
        grid.add(objectAmplitude, 1, 0);
        VBox probeBox = new VBox(4, new HBox(6, new Label("Probe mode"), probeMode), probe);
        VBox.setVgrow(probe, Priority.ALWAYS);
        grid.add(probeBox, 0, 1);
        grid.add(errorPlot, 1, 1);
        for (Node n : List.of(objectPhase, objectAmplitude, probeBox, errorPlot)) {
            GridPane.setHgrow(n, Priority.ALWAYS);
            GridPane.setVgrow(n, Priority.ALWAYS);
        }
        getChildren().addAll(new HBox(12, unwrap, removeRamp), grid);
        VBox.setVgrow(grid, Priority.ALWAYS);
    }

    /** Shows this estimate (FX thread); its images are computed off it. */
    public void showState(PtychoState s) {
        state = s;
        recompute();
    }

    /** The estimate shown (or being computed). */
    public PtychoState state() {
        return state;
    }

    private void recompute() {
        PtychoState s = state;
        if (s == null) {
            return;
        }
        boolean uw = unwrap.isSelected();
        boolean rr = removeRamp.isSelected();
        long req = request.incrementAndGet();
        CompletableFuture.supplyAsync(() -> ReconstructionImages.of(s, uw, rr), background)
                .whenComplete((img, err) -> Platform.runLater(() -> {
                    if (req != request.get()) {
                        return;
                    }
                    if (err != null) {
                        objectPhase.showMessage("Cannot display: " + err.getMessage());
                    } else {
                        show(img, uw, rr);
                    }
                }));
    }

    private void show(ReconstructionImages img, boolean uw, boolean rr) {
        objectPhase.setImage(img.phase(), img.width(), img.height(), String.format(Locale.ROOT,
                "object phase (rad)%s%s, iteration %d", uw ? ", unwrapped" : "", rr ? ", ramp removed" : "",
                img.iteration()));
        objectAmplitude.setImage(img.amplitude(), img.width(), img.height(), "object amplitude");
        int modes = img.probeAmplitudes().size();
        if (probeMode.getItems().size() != modes) {
            List<Integer> idx = new ArrayList<>();
            for (int m = 0; m < modes; m++) {
                idx.add(m + 1);
            }
            probeMode.setItems(FXCollections.observableArrayList(idx));
        }
        shown.set(img);
        if (probeMode.getValue() == null && modes > 0) {
            probeMode.setValue(1);
        } else {
            redrawProbe();
        }
        if (img.fourierErrors().length > 0) {
            errorPlot.setSeries(List.of(PlotView.Series.line("Fourier error", img.errorIterations(),
                    img.fourierErrors())));
        }
    }

    private void redrawProbe() {
        ReconstructionImages img = shown.get();
        Integer m = probeMode.getValue();
        if (img == null || m == null || m < 1 || m > img.probeAmplitudes().size()) {
            return;
        }
        probe.setImage(img.probeAmplitudes().get(m - 1), img.probeWidth(), img.probeHeight(), String.format(
                Locale.ROOT, "probe mode %d amplitude (%.1f %% of the power)", m, 100 * img.probePower()[m - 1]));
    }

    /** The images shown now. */
    public ReadOnlyObjectProperty<ReconstructionImages> shownProperty() {
        return shown.getReadOnlyProperty();
    }
}
