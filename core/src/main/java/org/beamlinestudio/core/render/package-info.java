/**
 * Device-neutral ray casting of volumes into images: the request records (camera, clip box,
 * transfer function, mode), the {@link org.beamlinestudio.core.render.VolumeRenderer} interface
 * with its plain-Java twin, and the brick/level volume source that keeps large volumes within a
 * memory budget. No JavaFX and no OpenCL here: the OpenCL renderer lives in the opencl module and
 * is found through {@link org.beamlinestudio.core.render.VolumeRendererProvider}.
 */
package org.beamlinestudio.core.render;
