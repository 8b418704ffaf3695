package org.beamlinestudio.core.render;

/** How samples along a ray become one pixel. */
public enum RenderMode {
    /** Maximum intensity projection: the largest sample along the ray, coloured by the transfer function's colours. */
    MIP,
    /** Direct volume rendering: front-to-back compositing of the transfer function's colour and opacity. */
    DVR
}
