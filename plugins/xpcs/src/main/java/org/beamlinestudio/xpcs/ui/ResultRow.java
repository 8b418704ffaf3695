package org.beamlinestudio.xpcs.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.beamlinestudio.core.pipeline.AtomicFiles;
import org.beamlinestudio.xpcs.analysis.XpcsAnalysis;
import org.beamlinestudio.xpcs.fit.G2FitResult;

/** One q-bin's fit in the results table: q (Å⁻¹), τc ± err (s), β, baseline, χ²ᵣ, and whether the fit holds. */
record ResultRow(int bin, double q, double tau, double tauErr, double beta, double baseline, double chi2,
                 boolean success, String message) {

    static final String CSV_HEADER = "bin,q_invA,tau_c_s,tau_c_err_s,beta,baseline,chi2_reduced,success,message";

    /** Rows for every bin of a fit. */
    static List<ResultRow> of(double[] q, XpcsAnalysis.Fits fits) {
        List<ResultRow> rows = new ArrayList<>();
        for (int i = 0; i < fits.perBin().size(); i++) {
            G2FitResult f = fits.perBin().get(i);
            rows.add(new ResultRow(i + 1, q[i], f.tau(), f.tauError(), f.beta(), f.baseline(),
                    f.reducedChiSquare(), f.success(), f.message()));
        }
        return rows;
    }

    String csv() {
        return String.format(Locale.ROOT, "%d,%.8g,%.8g,%.4g,%.6g,%.6g,%.4g,%b,\"%s\"", bin, q, tau, tauErr, beta,
                baseline, chi2, success, message.replace("\"", "\"\""));
    }

    /** Writes the table as CSV (header + one line per bin), atomically. */
    static void writeCsv(Path file, List<ResultRow> rows) throws IOException {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (ResultRow r : rows) {
            sb.append(r.csv()).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
