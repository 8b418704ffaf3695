package org.beamlinestudio.ptychography.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.plugin.ProbeResult;

/**
 * Chooses among the ptychography readers for a file by their probe confidence (the CLI and the perspective's drop
 * target use it): the most confident wins; a tie or no claim is an error that lists what each reader saw.
 */
public final class PtychoOpening {

    private PtychoOpening() {
    }

    /** The three readers, most specific first. */
    public static List<org.beamlinestudio.core.plugin.DatasetReader> readers() {
        return List.of(new CxiReader(), new PtydReader(), new GenericPtychoReader());
    }

    /** One reader's answer for the file. */
    public record Probed(org.beamlinestudio.core.plugin.DatasetReader reader, ProbeResult result) {
    }

    /** Every reader's answer, most confident first. */
    public static List<Probed> probe(Path file) {
        List<Probed> out = new ArrayList<>();
        for (var r : readers()) {
            out.add(new Probed(r, r.probe(file)));
        }
        out.sort(Comparator.comparingDouble((Probed p) -> p.result().confidence()).reversed());
        return out;
    }

    /**
     * Opens with the named reader ({@code cxi}, {@code ptyd}, {@code generic}, a full reader id) or, when
     * {@code readerName} is blank, the most confident one.
     */
    public static PtychoSource open(Path file, String readerName, Map<String, ?> options) throws DataFileException {
        if (readerName != null && !readerName.isBlank()) {
            for (var r : readers()) {
                if (r.id().equals(readerName) || r.id().endsWith("." + readerName)) {
                    return (PtychoSource) r.open(file, options);
                }
            }
            throw new DataFileException(file, null, "no ptychography reader named '" + readerName + "'",
                    "cxi, ptyd or generic");
        }
        List<Probed> p = probe(file);
        Probed best = p.get(0);
        if (!best.result().claims() || (best.reader() instanceof GenericPtychoReader && options.isEmpty())) {
            StringBuilder why = new StringBuilder();
            for (Probed q : p) {
                why.append(why.length() == 0 ? "" : "; ").append(q.reader().id()).append(": ")
                        .append(q.result().reason());
            }
            throw new DataFileException(file, null, "no ptychography layout recognised (" + why + ")",
                    "a CXI file, a ptypy .ptyd, or the generic reader with patternsPath, positionsPath and geometry");
        }
        if (p.size() > 1 && p.get(1).result().confidence() == best.result().confidence()) {
            throw new DataFileException(file, null, "two readers are equally sure: " + best.reader().id() + " and "
                    + p.get(1).reader().id(), "one reader named explicitly");
        }
        return (PtychoSource) best.reader().open(file, options);
    }
}
