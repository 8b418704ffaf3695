package org.beamlinestudio.xpcs.qmap;

/**
 * How to cut the detector into bins: {@code dynamicQ} rings between {@code qMin} and {@code qMax} (Å⁻¹), each cut
 * into {@code staticPerDynamic} finer rings, linear or logarithmic in q; optionally {@code phiSectors} azimuthal
 * sectors of equal width starting at {@code phiStartDeg}, each cut into {@code staticPhiPerSector} for the static
 * bins. Static bins therefore always lie inside one dynamic bin.
 */
public record PartitionSpec(double qMin, double qMax, int dynamicQ, int staticPerDynamic, boolean logSpacing,
                            int phiSectors, int staticPhiPerSector, double phiStartDeg) {

    public PartitionSpec {
        if (!(qMin >= 0) || !(qMax > qMin) || (logSpacing && !(qMin > 0))) {
            throw new IllegalArgumentException("q range " + qMin + " … " + qMax + " Å⁻¹"
                    + (logSpacing ? " (log spacing needs qMin > 0)" : ""));
        }
        if (dynamicQ < 1 || staticPerDynamic < 1 || phiSectors < 1 || staticPhiPerSector < 1) {
            throw new IllegalArgumentException("bin counts must be at least 1");
        }
    }

    /** Rings only (no φ sectors), linear in q. */
    public static PartitionSpec rings(double qMin, double qMax, int dynamicQ, int staticPerDynamic) {
        return new PartitionSpec(qMin, qMax, dynamicQ, staticPerDynamic, false, 1, 1, 0);
    }
}
