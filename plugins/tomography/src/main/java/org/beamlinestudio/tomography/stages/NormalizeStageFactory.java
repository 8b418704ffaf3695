package org.beamlinestudio.tomography.stages;

import java.util.List;
import java.util.Set;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.core.stage.StageFactory;
import org.beamlinestudio.opencl.FlatFieldCorrection;

/**
 * Flat/dark normalisation, {@code (raw − dark) / (flat − dark)} with the mean of the flats and of the
 * darks, computed on the chosen OpenCL device or in plain Java.
 */
public final class NormalizeStageFactory implements StageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.normalize";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Flat/dark normalisation";
    }

    @Override
    public String description() {
        return "Divides each projection by the mean flat field after subtracting the mean dark: "
                + "(raw − dark) / (flat − dark). Gives transmission, 1 where the beam passes freely.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of();
    }

    @Override
    public Set<DataKind> inputKinds() {
        return Set.of(DataKind.PROJECTIONS);
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) {
        return new Normalize(FlatFieldCorrection.forDevice(environment.compute()));
    }

    /** The configured stage; holds the device implementation for the whole run. */
    private static final class Normalize implements Stage {
        private final FlatFieldCorrection correction;

        Normalize(FlatFieldCorrection correction) {
            this.correction = correction;
        }

        @Override
        public Chunk run(Chunk input, Progress progress, Cancellation cancel)
                throws StageException, Cancellation.CancelledException {
            OpenedSource src = input.source();
            LazyDataset flats = src.array("flats").orElseThrow(() -> new StageException(ID,
                    "no flat fields in " + src.file() + ": normalisation needs flats (Data Exchange "
                            + "/exchange/data_white); disable this stage to reconstruct raw intensities"));
            LazyDataset darks = src.array("darks").orElseThrow(() -> new StageException(ID,
                    "no dark fields in " + src.file() + ": normalisation needs darks (Data Exchange "
                            + "/exchange/data_dark)"));
            FloatBlock b = input.block();
            int[] shape = b.shape();
            long row0 = b.origin()[1];
            int rows = shape[1];
            try {
                float[] flat = FlatDarkAverage.meanOverRows(flats, row0, rows);
                float[] dark = FlatDarkAverage.meanOverRows(darks, row0, rows);
                cancel.check();
                float[] out = correction.apply(b.data(), shape[0], rows * shape[2], flat, dark);
                progress.update(1, "normalised rows " + row0 + "–" + (row0 + rows - 1));
                return input.withData(out);
            } catch (DataFileException e) {
                throw new StageException(ID, e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            correction.close();
        }
    }
}
