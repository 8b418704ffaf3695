package org.beamlinestudio.ptychography.recon;

/** The reconstruction engines, as scientists name them. */
public enum EngineKind {
    /** Extended ptychographic iterative engine (sequential, object step α, probe step β). */
    EPIE("ePIE"),
    /** Regularised PIE (Maiden et al. 2017), parameter α mixing local and global probe intensity. */
    RPIE("rPIE"),
    /** Difference map (Thibault et al. 2008), relaxation β; parallel over positions. */
    DM("DM"),
    /** Maximum-likelihood refinement with a Poisson noise model (conjugate gradients). */
    ML("ML");

    private final String label;

    EngineKind(String label) {
        this.label = label;
    }

    /** The name shown to users and written in results. */
    public String label() {
        return label;
    }

    /** Parses "ePIE", "epie", "DM", ... */
    public static EngineKind parse(String s) {
        for (EngineKind k : values()) {
            if (k.label.equalsIgnoreCase(s.trim()) || k.name().equalsIgnoreCase(s.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("Unknown ptychography engine '" + s + "'; expected ePIE, rPIE, DM or ML");
    }
}
