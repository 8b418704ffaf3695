package org.beamlinestudio.viewer.iso;

import org.beamlinestudio.core.mesh.TriangleMesh;

/**
 * An isosurface as shown: the mesh (source voxel coordinates), the threshold it was cut at, and the block edge of
 * the level it came from (1 = full resolution).
 */
public record Isosurface(TriangleMesh mesh, double threshold, int levelFactor) {
}
