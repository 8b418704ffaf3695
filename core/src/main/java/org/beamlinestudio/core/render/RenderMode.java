package org.beamlinestudio.core.render;

/** How samples along a ray become one pixel. */
public enum RenderMode {
    /** Maximum intensity projection: the largest sample along the ray, coloured by the transfer function's colours. */
    MIP,
    /** Direct volume rendering: front-to-back compositing of the transfer function's colour and opacity. */
    DVR,
    /**
     * DVR lit by a headlight: each sample's colour is scaled by 0.3 + 0.7·|cos| of the angle between
     * the ray and the local gradient (central differences at the nearest voxel), so surfaces show
     * their shape. Opacity is the same as DVR's.
     */
    SHADED;

    /** Whether samples are composited (DVR, SHADED) rather than maximised (MIP). */
    public boolean composites() {
        return this != MIP;
    }
}
