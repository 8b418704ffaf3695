package org.beamlinestudio.ptychography.recon;

import java.util.List;
import java.util.ServiceLoader;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.ptychography.data.PtychoScan;

/**
 * Chooses the implementation behind {@link PtychoReconstructor#create}: the engines are one device-neutral
 * {@link KernelReconstructor}; the device picks the {@link PtychoKernels}. A Java device gets
 * {@link JavaPtychoKernels}; any other asks the {@link PtychoKernels.Factory} services (the OpenCL twin registers
 * one in {@code META-INF/services}), and says so when none supports it.
 */
final class PtychoEngines {

    private PtychoEngines() {
    }

    static PtychoReconstructor create(PtychoScan scan, List<EngineStep> plan, ReconstructionOptions options,
            ComputeDevice device) {
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("No engine steps given for " + KernelReconstructor.describe(scan));
        }
        if (device.type() == ComputeDevice.Type.JAVA
                && (Integer.bitCount(scan.height()) != 1 || Integer.bitCount(scan.width()) != 1)) {
            throw new IllegalArgumentException("The Java ptychography engines need power-of-two patterns; "
                    + KernelReconstructor.describe(scan) + " has " + scan.height() + " x " + scan.width()
                    + ": crop or bin them in the preprocessing");
        }
        return new KernelReconstructor(scan, plan, options, factoryFor(device), device);
    }

    /** The kernel factory for a device. */
    static PtychoKernels.Factory factoryFor(ComputeDevice device) {
        if (device.type() == ComputeDevice.Type.JAVA) {
            return JAVA;
        }
        for (PtychoKernels.Factory f : ServiceLoader.load(PtychoKernels.Factory.class,
                PtychoEngines.class.getClassLoader())) {
            if (f.supports(device)) {
                return f;
            }
        }
        throw new IllegalArgumentException("No ptychography kernels for " + device.name() + " (" + device.id()
                + "): the OpenCL engines are not installed; choose the Java device");
    }

    /** The plain-Java kernels on all cores. */
    static final PtychoKernels.Factory JAVA = new PtychoKernels.Factory() {
        @Override
        public boolean supports(ComputeDevice device) {
            return device.type() == ComputeDevice.Type.JAVA;
        }

        @Override
        public PtychoKernels create(ComputeDevice device, PtychoKernels.Problem problem) {
            return new JavaPtychoKernels(problem);
        }
    };
}
