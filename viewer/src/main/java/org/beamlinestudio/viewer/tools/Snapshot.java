package org.beamlinestudio.viewer.tools;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.FileChooser;

/**
 * Pictures of views as PNG files: the nodes (image views with their overlays, a colour bar) are captured side by
 * side at screen resolution and written atomically, off the FX thread, with the project's own PNG encoder.
 */
public final class Snapshot {
    private Snapshot() {
    }

    /** A picture taken: ARGB pixels, row-major. */
    public record Picture(int[] argb, int width, int height) {
    }

    /** Captures the nodes left to right, top-aligned, on the dark background of the views. FX thread. */
    public static Picture capture(List<? extends Node> leftToRight) {
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(Color.web("#1e1e1e"));
        int width = 0;
        int height = 0;
        WritableImage[] shots = new WritableImage[leftToRight.size()];
        for (int i = 0; i < shots.length; i++) {
            shots[i] = leftToRight.get(i).snapshot(params, null);
            width += (int) shots[i].getWidth();
            height = Math.max(height, (int) shots[i].getHeight());
        }
        int[] argb = new int[Math.max(1, width) * Math.max(1, height)];
        java.util.Arrays.fill(argb, 0xFF1E1E1E);
        int x = 0;
        for (WritableImage shot : shots) {
            int w = (int) shot.getWidth();
            int h = (int) shot.getHeight();
            shot.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, x, width);
            x += w;
        }
        return new Picture(argb, Math.max(1, width), Math.max(1, height));
    }

    /**
     * Captures now (FX thread) and writes the PNG on {@code io}; the future completes (off the FX thread) with the
     * file once it is in place.
     */
    public static CompletableFuture<Path> save(List<? extends Node> leftToRight, Path file, Executor io) {
        Picture p = capture(leftToRight);
        return CompletableFuture.supplyAsync(() -> {
            try {
                PngWriter.write(p.argb(), p.width(), p.height(), file);
                return file;
            } catch (IOException e) {
                throw new CompletionException(new IOException("Cannot write the snapshot " + file + ": "
                        + e.getMessage(), e));
            }
        }, io);
    }

    /**
     * A "Snapshot" button (id {@code snapshot}) that asks for a PNG file and saves the nodes there; {@code report}
     * gets "Saved …" or the error, on the FX thread.
     */
    public static Button button(Supplier<List<? extends Node>> nodes, Executor io, Consumer<String> report) {
        Button b = new Button("Snapshot");
        b.setId("snapshot");
        b.setTooltip(new Tooltip("Save the views with their overlays and colour bar as a PNG"));
        b.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Save a snapshot as PNG");
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
            fc.setInitialFileName("snapshot.png");
            File f = fc.showSaveDialog(b.getScene() == null ? null : b.getScene().getWindow());
            if (f == null) {
                return;
            }
            Path target = f.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? f.toPath()
                    : f.toPath().resolveSibling(f.getName() + ".png");
            save(nodes.get(), target, io).whenComplete((path, ex) -> Platform.runLater(() -> report.accept(
                    ex == null ? "Saved " + path : (ex.getCause() != null ? ex.getCause() : ex).getMessage())));
        });
        return b;
    }
}
