package org.beamlinestudio.ptychography.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.beamlinestudio.ptychography.io.CxiReader;
import org.beamlinestudio.ptychography.io.PtydReader;
import picocli.CommandLine.Option;

/** How to read the file: which reader, the translation sign, and the generic layout's paths and geometry. */
final class SourceOptions {

    @Option(names = "--reader", paramLabel = "cxi|ptyd|generic", description = "reader (default: the most confident)")
    String reader;

    @Option(names = "--translation-sign", defaultValue = "1", paramLabel = "1|-1",
            description = "+1: positions as stored; -1: the writer used the opposite sign. Default: ${DEFAULT-VALUE}")
    int translationSign;

    @Option(names = "--patterns", paramLabel = "PATH", description = "generic: the N×H×W patterns dataset")
    String patterns;

    @Option(names = "--positions", paramLabel = "PATH", description = "generic: the N×2 positions dataset (y, x)")
    String positions;

    @Option(names = "--position-unit", defaultValue = "1", paramLabel = "M",
            description = "generic: metres per stored position unit. Default: ${DEFAULT-VALUE}")
    double positionUnit;

    @Option(names = "--energy-ev", paramLabel = "EV", description = "generic: photon energy in eV")
    Double energyEv;

    @Option(names = "--distance", paramLabel = "M", description = "generic: sample–detector distance in metres")
    Double distance;

    @Option(names = "--pixel-size", paramLabel = "M", description = "generic: detector pixel size in metres")
    Double pixelSize;

    Map<String, Object> readerOptions() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put(CxiReader.TRANSLATION_SIGN, translationSign);
        o.put(PtydReader.POSITION_SIGN, translationSign);
        if (patterns != null) {
            o.put("patternsPath", patterns);
        }
        if (positions != null) {
            o.put("positionsPath", positions);
        }
        o.put("positionUnit", positionUnit);
        if (energyEv != null) {
            o.put("energyEv", energyEv);
        }
        if (distance != null) {
            o.put("distance", distance);
        }
        if (pixelSize != null) {
            o.put("pixelSize", pixelSize);
        }
        return o;
    }

    /** Options that are only for the generic reader are noise to the others. */
    String readerName() {
        if (reader == null && patterns != null) {
            return "generic";
        }
        return reader;
    }
}
