package org.beamlinestudio.core.render;

/**
 * How a view stays interactive: while the user moves the camera it renders a coarse level at a
 * fraction of the image size; at rest, the finest level within the memory budget at full size.
 * Shared by the view and {@code studio bench volume}, so the benchmark measures what users see.
 */
public final class InteractiveQuality {

    /** While moving: the level whose longest axis is at most this many voxels. */
    public static final int MOVING_LONGEST_AXIS = 128;
    /** While moving: image side relative to the view (drawn scaled up). */
    public static final double MOVING_IMAGE_SCALE = 0.5;
    /** Sampling step in the level's voxels, moving and at rest. */
    public static final double STEP_VOXELS = 1.0;

    private InteractiveQuality() {
    }

    /** The level rendered while the camera moves. */
    public static int movingLevel(VolumeLevels levels, int restingLevel) {
        return Math.max(restingLevel, levels.levelWithLongestAxisAtMost(MOVING_LONGEST_AXIS));
    }

    /** The level rendered at rest: the finest that fits the budget and the renderer. */
    public static int restingLevel(VolumeLevels levels, long budgetBytes, VolumeRenderer renderer) {
        return levels.finestLevelWithin(Math.min(budgetBytes, renderer.maxVolumeBytes()));
    }

    /** The moving version of an at-rest request: coarse grid, smaller image. */
    public static RenderRequest moving(RenderRequest resting, VolumeGrid coarse) {
        int w = Math.max(1, (int) Math.round(resting.width() * MOVING_IMAGE_SCALE));
        int h = Math.max(1, (int) Math.round(resting.height() * MOVING_IMAGE_SCALE));
        return resting.withGrid(coarse).withSize(w, h);
    }
}
