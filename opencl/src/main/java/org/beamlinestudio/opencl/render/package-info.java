/**
 * Volume ray casting on OpenCL ({@code volume_render.cl}), the twin of core's
 * {@link org.beamlinestudio.core.render.JavaVolumeRenderer}, found by core through
 * {@link org.beamlinestudio.core.render.VolumeRendererProvider}; and the {@code studio bench volume} command.
 */
package org.beamlinestudio.opencl.render;
