package org.beamlinestudio.viewer.iso;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.AmbientLight;
import javafx.scene.Group;
import javafx.scene.PerspectiveCamera;
import javafx.scene.PointLight;
import javafx.scene.SceneAntialiasing;
import javafx.scene.SubScene;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.PhongMaterial;
import javafx.scene.shape.CullFace;
import javafx.scene.shape.MeshView;
import javafx.scene.shape.VertexFormat;
import javafx.scene.transform.Rotate;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.mesh.FloatVolume;
import org.beamlinestudio.core.mesh.IsosurfaceExtractor;
import org.beamlinestudio.core.mesh.TriangleMesh;
import org.beamlinestudio.core.mesh.VolumeDownsampler;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.viewer.tools.Histogram;

/**
 * The isosurface of a 3-D dataset in a lit JavaFX 3-D scene: a threshold slider (id {@code isoThreshold}) over the
 * level's histogram ({@code isoHistogram}); drag to rotate, scroll to zoom. The volume is read as a block-mean level
 * within a voxel budget and meshed by marching cubes on the executor, never on the FX thread; a new threshold
 * cancels the mesh in progress (latest wins), with progress ({@code isoProgress}), a cancel button
 * ({@code isoCancel}), the triangle count ({@code isoTriangles}) and a status line ({@code isoStatus}).
 */
public final class IsosurfaceView extends BorderPane {
    /** The camera's vertical field of view, degrees. */
    public static final double FIELD_OF_VIEW = 30;
    /** The model's largest extent in scene units: the volume's longest side is scaled to this. */
    public static final double MODEL_SIZE = 100;
    /** Default voxel budget of the level that is meshed: 192^3 (28 MB). */
    public static final long DEFAULT_MAX_VOXELS = 192L * 192 * 192;

    /** What the view is doing. */
    public enum State { EMPTY, READING, MESHING, SHOWN, FAILED }

    private static final Color BACKGROUND = Color.rgb(24, 26, 32);
    private static final double HISTOGRAM_HEIGHT = 56;

    private final Executor executor;
    private final Group model = new Group();
    private final Rotate rotateX = new Rotate(-20, Rotate.X_AXIS);
    private final Rotate rotateY = new Rotate(30, Rotate.Y_AXIS);
    private final MeshView meshView = new MeshView();
    private final PerspectiveCamera camera = new PerspectiveCamera(true);
    private final PointLight light = new PointLight(Color.gray(0.85));
    private final SubScene subScene;
    private final Slider slider = new Slider(0, 1, 0.5);
    private final Canvas histogramCanvas = new Canvas(300, HISTOGRAM_HEIGHT);
    private final Label thresholdText = new Label();
    private final Label triangles = new Label("no surface");
    private final Label status = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final Button cancelButton = new Button("Cancel");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.EMPTY);
    private final ReadOnlyObjectWrapper<Isosurface> isosurface = new ReadOnlyObjectWrapper<>(this, "isosurface");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyDoubleWrapper cameraDistance = new ReadOnlyDoubleWrapper(this, "cameraDistance");
    private long maxVoxels = DEFAULT_MAX_VOXELS;
    private FloatVolume level;
    private Histogram histogram;
    private LazyDataset dataset;
    private double modelScale = 1;
    private long request;
    private Cancellation running = new Cancellation();
    private boolean settingRange;
    private double dragX;
    private double dragY;

    public IsosurfaceView(Executor executor) {
        this.executor = executor;
        setId("isosurfaceView");
        meshView.setId("isoMesh");
        PhongMaterial material = new PhongMaterial(Color.rgb(205, 215, 230));
        material.setSpecularColor(Color.gray(0.35));
        material.setSpecularPower(24);
        meshView.setMaterial(material);
        // Both sides lit: looking into a cut or an open border shows the inside, not a hole.
        meshView.setCullFace(CullFace.NONE);
        model.getChildren().add(meshView);
        model.getTransforms().addAll(rotateX, rotateY);

        camera.setFieldOfView(FIELD_OF_VIEW);
        camera.setVerticalFieldOfView(true);
        camera.setNearClip(0.5);
        camera.setFarClip(10_000);
        // Fits a sphere round the model's bounding box whatever the rotation, with a small margin.
        setCameraDistance(1.05 * (MODEL_SIZE / 2 * Math.sqrt(3)) / Math.sin(Math.toRadians(FIELD_OF_VIEW / 2)));
        // The light sits up and left of the camera and stays there while the model turns: shading shows shape.
        light.setTranslateX(-0.4 * cameraDistance.get());
        light.setTranslateY(-0.5 * cameraDistance.get());
        light.setTranslateZ(-cameraDistance.get());
        AmbientLight ambient = new AmbientLight(Color.gray(0.28));
        Group root3d = new Group(model, light, ambient, camera);
        subScene = new SubScene(root3d, 400, 300, true, SceneAntialiasing.BALANCED);
        subScene.setId("isoSubScene");
        subScene.setFill(BACKGROUND);
        subScene.setCamera(camera);
        Pane holder = new Pane(subScene);
        holder.setMinSize(100, 100);
        subScene.widthProperty().bind(holder.widthProperty());
        subScene.heightProperty().bind(holder.heightProperty());
        installMouse(holder);
        setCenter(holder);

        slider.setId("isoThreshold");
        slider.setMaxWidth(Double.MAX_VALUE);
        slider.setDisable(true);
        slider.valueProperty().addListener((obs, o, n) -> {
            thresholdText.setText(String.format("%.4g", n.doubleValue()));
            drawHistogram();
            if (!settingRange) {
                remesh();
            }
        });
        histogramCanvas.setId("isoHistogram");
        histogramCanvas.widthProperty().bind(javafx.beans.binding.Bindings.max(0, widthProperty().subtract(16)));
        histogramCanvas.widthProperty().addListener((obs, o, n) -> drawHistogram());
        thresholdText.setId("isoThresholdValue");
        thresholdText.setMinWidth(70);
        triangles.setId("isoTriangles");
        status.setId("isoStatus");
        status.setStyle("-fx-text-fill: #555;");
        progress.setId("isoProgress");
        progress.setVisible(false);
        cancelButton.setId("isoCancel");
        cancelButton.setDisable(true);
        cancelButton.setOnAction(e -> cancel());
        HBox row = new HBox(8, new Label("Threshold"), thresholdText, triangles, progress, cancelButton, status);
        row.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(status, Priority.ALWAYS);
        VBox controls = new VBox(2, histogramCanvas, slider, row);
        controls.setPadding(new Insets(4, 8, 6, 8));
        setBottom(controls);
    }

    /** Shows the isosurface of a 3-D dataset (the first volume of a higher-rank one). FX thread. */
    public void show(LazyDataset ds) {
        long req = ++request;
        running.cancel();
        Cancellation cancel = new Cancellation();
        running = cancel;
        dataset = ds;
        level = null;
        histogram = null;
        error.set(null);
        isosurface.set(null);
        meshView.setMesh(null);
        slider.setDisable(true);
        triangles.setText("no surface");
        long[] shape = ds.shape();
        int rank = shape.length;
        if (rank >= 3) {
            double longest = Math.max(shape[rank - 3], Math.max(shape[rank - 2], shape[rank - 1]));
            modelScale = MODEL_SIZE / longest;
        }
        busy(State.READING, "Reading " + ds.path() + " …");
        CompletableFuture.supplyAsync(() -> {
            try {
                FloatVolume v = VolumeDownsampler.read(ds, maxVoxels, cancel, (f, m) -> progressLater(req, f, m));
                return new Loaded(v, Histogram.of(List.of(v.data()), Histogram.BINS, false));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, executor).whenComplete((loaded, ex) -> Platform.runLater(() -> {
            if (req != request) {
                return;
            }
            if (ex != null) {
                failed(ex);
                return;
            }
            level = loaded.volume();
            histogram = loaded.histogram();
            settingRange = true;
            slider.setMin(histogram.lo());
            slider.setMax(histogram.hi());
            slider.setValue(OtsuThreshold.of(histogram));
            settingRange = false;
            slider.setDisable(false);
            drawHistogram();
            remesh();
        }));
    }

    private record Loaded(FloatVolume volume, Histogram histogram) {
    }

    /** Meshes the level at the slider's threshold; a newer request cancels this one. */
    private void remesh() {
        FloatVolume v = level;
        if (v == null) {
            return;
        }
        long req = ++request;
        running.cancel();
        Cancellation cancel = new Cancellation();
        running = cancel;
        float threshold = (float) slider.getValue();
        double scale = modelScale;
        long[] shape = dataset.shape();
        int rank = shape.length;
        double[] centre = {(shape[rank - 1] - 1) / 2.0, (shape[rank - 2] - 1) / 2.0, (shape[rank - 3] - 1) / 2.0};
        busy(State.MESHING, "Meshing at " + String.format("%.4g", threshold)
                + (v.factor() > 1 ? " on a 1/" + v.factor() + " level (" + v.nx() + " x " + v.ny() + " x " + v.nz() + ")" : "")
                + " …");
        CompletableFuture.supplyAsync(() -> {
            try {
                TriangleMesh mesh = new IsosurfaceExtractor().extract(v, threshold, cancel,
                        (f, m) -> progressLater(req, f, m));
                cancel.check();
                return new Built(new Isosurface(mesh, threshold, v.factor()), toFx(mesh, centre, scale));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, executor).whenComplete((built, ex) -> Platform.runLater(() -> {
            if (req != request) {
                return;
            }
            if (ex != null) {
                failed(ex);
                return;
            }
            meshView.setMesh(built.fx());
            isosurface.set(built.surface());
            triangles.setText(String.format("%,d triangles", built.surface().mesh().triangleCount()));
            done(State.SHOWN, built.surface().mesh().triangleCount() == 0
                    ? "no surface at this threshold: every value is on one side"
                    : (v.factor() > 1 ? "from a 1/" + v.factor() + " level" : "full resolution"));
        }));
    }

    private record Built(Isosurface surface, javafx.scene.shape.TriangleMesh fx) {
    }

    /** The JavaFX mesh, centred on the volume's centre and scaled; built off the FX thread (not yet in a scene). */
    private static javafx.scene.shape.TriangleMesh toFx(TriangleMesh mesh, double[] centre, double scale) {
        float[] p = mesh.positions();
        float[] points = new float[p.length];
        for (int i = 0; i < p.length; i += 3) {
            for (int k = 0; k < 3; k++) {
                points[i + k] = (float) ((p[i + k] - centre[k]) * scale);
            }
        }
        int[] t = mesh.triangles();
        int[] faces = new int[t.length * 3];
        for (int i = 0; i < t.length; i++) {
            faces[3 * i] = t[i];
            faces[3 * i + 1] = t[i];
            faces[3 * i + 2] = 0;
        }
        javafx.scene.shape.TriangleMesh fx = new javafx.scene.shape.TriangleMesh(VertexFormat.POINT_NORMAL_TEXCOORD);
        fx.getPoints().setAll(points);
        fx.getNormals().setAll(mesh.normals());
        fx.getTexCoords().setAll(0, 0);
        fx.getFaces().setAll(faces);
        return fx;
    }

    /** Stops the read or mesh in progress; the surface shown (if any) stays. FX thread. */
    public void cancel() {
        request++;
        running.cancel();
        done(isosurface.get() != null ? State.SHOWN : State.EMPTY, "cancelled");
    }

    private void failed(Throwable ex) {
        Throwable c = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
        if (c instanceof Cancellation.CancelledException) {
            done(isosurface.get() != null ? State.SHOWN : State.EMPTY, "cancelled");
            return;
        }
        String text = c.getMessage() == null ? c.toString() : c.getMessage();
        if (dataset != null && !text.contains(dataset.path())) {
            text = text + " (" + dataset.file() + " " + dataset.path() + ")";
        }
        error.set(text);
        status.setStyle("-fx-text-fill: #b71c1c;");
        done(State.FAILED, text);
    }

    private void busy(State s, String text) {
        state.set(s);
        status.setStyle("-fx-text-fill: #555;");
        status.setText(text);
        progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        progress.setVisible(true);
        cancelButton.setDisable(false);
    }

    private void done(State s, String text) {
        state.set(s);
        status.setText(text);
        progress.setVisible(false);
        cancelButton.setDisable(true);
    }

    private void progressLater(long req, double fraction, String message) {
        Platform.runLater(() -> {
            if (req == request && progress.isVisible()) {
                progress.setProgress(fraction < 0 ? ProgressBar.INDETERMINATE_PROGRESS : fraction);
            }
        });
    }

    private void drawHistogram() {
        GraphicsContext g = histogramCanvas.getGraphicsContext2D();
        double w = histogramCanvas.getWidth();
        double h = histogramCanvas.getHeight();
        g.setFill(Color.rgb(245, 246, 248));
        g.fillRect(0, 0, w, h);
        Histogram hist = histogram;
        if (hist == null || w <= 0) {
            return;
        }
        long[] c = hist.counts();
        double top = 0;
        for (long n : c) {
            top = Math.max(top, Math.log1p(n));
        }
        // Log counts: the background peak would flatten the sample's peak otherwise.
        g.setFill(Color.rgb(120, 130, 150));
        double bw = w / c.length;
        for (int i = 0; i < c.length; i++) {
            double bar = top > 0 ? Math.log1p(c[i]) / top * (h - 2) : 0;
            g.fillRect(i * bw, h - bar, Math.max(1, bw), bar);
        }
        double x = hist.fraction(slider.getValue()) * w;
        g.setStroke(Color.rgb(211, 47, 47));
        g.setLineWidth(2);
        g.strokeLine(x, 0, x, h);
    }

    private void installMouse(Pane area) {
        area.setOnMousePressed(e -> {
            dragX = e.getX();
            dragY = e.getY();
        });
        area.setOnMouseDragged(e -> {
            rotateY.setAngle(rotateY.getAngle() + (e.getX() - dragX) * 0.4);
            rotateX.setAngle(rotateX.getAngle() - (e.getY() - dragY) * 0.4);
            dragX = e.getX();
            dragY = e.getY();
        });
        area.setOnScroll(e -> setCameraDistance(cameraDistance.get() * Math.pow(0.998, e.getDeltaY())));
    }

    private void setCameraDistance(double d) {
        double clamped = Math.max(MODEL_SIZE * 0.6, Math.min(MODEL_SIZE * 20, d));
        cameraDistance.set(clamped);
        camera.setTranslateZ(-clamped);
    }

    /** The threshold (the slider's value, in the data's units). */
    public DoubleProperty thresholdProperty() {
        return slider.valueProperty();
    }

    /** The surface shown, or null while there is none. */
    public ReadOnlyObjectProperty<Isosurface> isosurfaceProperty() {
        return isosurface.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The last failure (naming the file and dataset), or null. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The camera's distance from the model's centre, scene units (scroll changes it). */
    public ReadOnlyDoubleProperty cameraDistanceProperty() {
        return cameraDistance.getReadOnlyProperty();
    }

    /** Scene units per source voxel: the volume's longest side is {@link #MODEL_SIZE}. */
    public double modelScale() {
        return modelScale;
    }

    /** The rotation about the horizontal (x) and vertical (y) axes, degrees; FX thread. */
    public void setRotation(double aboutX, double aboutY) {
        rotateX.setAngle(aboutX);
        rotateY.setAngle(aboutY);
    }

    /** The largest level meshed, in voxels; a bigger volume is meshed from block means. Applies from the next show. */
    public void setMaxVoxels(long voxels) {
        this.maxVoxels = voxels;
    }

    /** The 3-D scene (for snapshots). */
    public SubScene subScene() {
        return subScene;
    }

    /** The background colour of the 3-D scene. */
    public static Color background() {
        return BACKGROUND;
    }
}
