/**
 * OpenCL runtime for Beamline Studio: device discovery and choice ({@link org.beamlinestudio.opencl.OpenClDevices},
 * the {@code ComputeDeviceProvider} core finds through {@code ServiceLoader}), contexts with a program
 * build cache, buffers and kernel profiling ({@link org.beamlinestudio.opencl.OpenClContext}), and
 * shared kernels, each with a plain-Java twin that is both the fallback and the test oracle
 * ({@link org.beamlinestudio.opencl.FlatFieldCorrection}).
 *
 * <p>Nothing here may crash a machine without OpenCL: missing libraries and drivers become a
 * plain-Java choice with a reason. {@code -Dstudio.opencl.disable=true} switches OpenCL off.
 */
package org.beamlinestudio.opencl;
