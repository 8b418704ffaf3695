package org.beamlinestudio.tomography;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.pipeline.InputFingerprint;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.TechniquePlugin;
import org.beamlinestudio.core.stage.StageFactory;
import org.beamlinestudio.tomography.demo.DemoScan;
import org.beamlinestudio.tomography.io.Als832Reader;
import org.beamlinestudio.tomography.io.DataExchangeReader;
import org.beamlinestudio.tomography.io.Hdf5StackReader;
import org.beamlinestudio.tomography.io.NxTomoReader;
import org.beamlinestudio.tomography.io.ScanRoles;
import org.beamlinestudio.tomography.io.TiffSeriesReader;
import org.beamlinestudio.tomography.stages.CglsStageFactory;
import org.beamlinestudio.tomography.stages.FbpStageFactory;
import org.beamlinestudio.tomography.stages.FourierReconstructionStageFactory;
import org.beamlinestudio.tomography.stages.SirtStageFactory;
import org.beamlinestudio.tomography.stages.FilteringStripeStageFactory;
import org.beamlinestudio.tomography.stages.FourierWaveletStripeStageFactory;
import org.beamlinestudio.tomography.stages.MinusLogStageFactory;
import org.beamlinestudio.tomography.stages.OutlierStageFactory;
import org.beamlinestudio.tomography.stages.PaganinStageFactory;
import org.beamlinestudio.tomography.stages.geometry.BinStageFactory;
import org.beamlinestudio.tomography.stages.geometry.CircularMaskStageFactory;
import org.beamlinestudio.tomography.stages.geometry.CropStageFactory;
import org.beamlinestudio.tomography.stages.geometry.PadStageFactory;
import org.beamlinestudio.tomography.stages.geometry.RowRangeStageFactory;
import org.beamlinestudio.tomography.stages.geometry.Stitch360StageFactory;
import org.beamlinestudio.tomography.stages.SortingStripeStageFactory;
import org.beamlinestudio.tomography.stages.NormalizeStageFactory;

/**
 * Tomography: readers for the common layouts, the preprocessing chain, reconstruction (FBP, Fourier
 * gridding, SIRT, CGLS), and the demo phantom scan. Centre finding lives in {@code …center}; the CLI
 * commands come through {@code TomographyCommands}.
 */
public final class TomographyPlugin implements TechniquePlugin {

    /** Plugin id in pipelines. */
    public static final String ID = "tomography";

    private final List<DatasetReader> readers = List.of(new DataExchangeReader(), new NxTomoReader(),
            new Als832Reader(), new Hdf5StackReader(), new TiffSeriesReader());
    private final List<StageFactory> stages = List.of(new NormalizeStageFactory(), new MinusLogStageFactory(),
            new OutlierStageFactory(), new SortingStripeStageFactory(), new FilteringStripeStageFactory(),
            new FourierWaveletStripeStageFactory(), new PaganinStageFactory(), new PadStageFactory(),
            new Stitch360StageFactory(), new RowRangeStageFactory(), new BinStageFactory(), new CircularMaskStageFactory(),
            new CropStageFactory(), new FbpStageFactory(), new FourierReconstructionStageFactory(),
            new SirtStageFactory(), new CglsStageFactory());

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Tomography";
    }

    @Override
    public String version() {
        String v = TomographyPlugin.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    @Override
    public List<DatasetReader> readers() {
        return readers;
    }

    @Override
    public List<StageFactory> stageFactories() {
        return stages;
    }

    /** Normalise with flats and darks, then −log: sinograms of line integrals, ready to reconstruct. */
    @Override
    public Optional<Pipeline> defaultPipeline(OpenedSource source) {
        Pipeline.PipelineInput input;
        try {
            input = InputFingerprint.of(source.file(), source.readerId(), source.primary().path());
        } catch (IOException e) {
            input = new Pipeline.PipelineInput(source.file().toAbsolutePath().toString(), source.readerId(),
                    source.primary().path(), -1, "");
        }
        // Flats taken before and after the scan follow a drifting beam better than their mean.
        Map<String, Object> normalize = source.array(ScanRoles.FLATS_BEFORE).isPresent()
                && source.array(ScanRoles.FLATS_AFTER).isPresent()
                ? Map.of(NormalizeStageFactory.FLAT_INTERPOLATION, NormalizeStageFactory.BEFORE_AFTER) : Map.of();
        List<Pipeline.StageSpec> stageSpecs = List.of(
                new Pipeline.StageSpec(NormalizeStageFactory.ID, source.array(ScanRoles.FLATS).isPresent(), normalize),
                new Pipeline.StageSpec(MinusLogStageFactory.ID, true, Map.of()));
        return Optional.of(new Pipeline(PipelineJson.FORMAT_VERSION, ID, input, stageSpecs, null, null));
    }

    @Override
    public Optional<String> demoDatasetFileName() {
        return Optional.of("tomography-demo.h5");
    }

    @Override
    public void writeDemoDataset(Path file) throws IOException {
        DemoScan.write(file);
    }
}
