package org.beamlinestudio.core.render;

/**
 * Everything a renderer needs for one image.
 *
 * @param grid       the volume level to sample
 * @param camera     view direction, zoom, pan
 * @param clip       the drawn part of the volume
 * @param mode       MIP or DVR
 * @param transfer   window, opacity and colours
 * @param width      image width in pixels
 * @param height     image height in pixels
 * @param stepVoxels distance between samples along a ray, in the grid's own voxels (0.5 … 1 at full
 *                   quality; a coarse grid's voxels are larger, so its rays take fewer samples)
 */
public record RenderRequest(VolumeGrid grid, Camera camera, ClipBox clip, RenderMode mode, TransferFunction transfer,
                            int width, int height, double stepVoxels) {

    public RenderRequest {
        if (grid == null || camera == null || clip == null || mode == null || transfer == null) {
            throw new IllegalArgumentException("render request needs a grid, camera, clip box, mode and transfer function");
        }
        if (width < 1 || height < 1 || (long) width * height > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("image size must be positive, was " + width + " × " + height);
        }
        if (!(stepVoxels >= 0.05 && stepVoxels <= 16)) {
            throw new IllegalArgumentException("sampling step must be 0.05 … 16 voxels, was " + stepVoxels);
        }
    }

    /** The same request for another image size, keeping what is shown (pan scales with the image). */
    public RenderRequest withSize(int newWidth, int newHeight) {
        return new RenderRequest(grid, camera.forImageScale(newWidth / (double) width), clip, mode, transfer,
                newWidth, newHeight, stepVoxels);
    }

    /** The same request on another level of the volume. */
    public RenderRequest withGrid(VolumeGrid newGrid) {
        return new RenderRequest(newGrid, camera, clip, mode, transfer, width, height, stepVoxels);
    }
}
