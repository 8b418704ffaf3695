/**
 * The compute behind the Center step's live previews, free of UI: {@link
 * org.beamlinestudio.tomography.center.preview.CenterPreviewEngine} (single slices binned to a time budget measured on
 * the device, and the candidate gallery) and {@link org.beamlinestudio.tomography.center.preview.OpposedProjections}
 * (the 0° / mirrored 180° overlay). Timed by {@code studio bench center-preview}.
 */
package org.beamlinestudio.tomography.center.preview;
