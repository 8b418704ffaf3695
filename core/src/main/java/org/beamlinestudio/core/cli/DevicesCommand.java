package org.beamlinestudio.core.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.core.compute.DeviceChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code studio devices}: the compute devices found, the one chosen, and why. */
@Command(name = "devices", description = "List compute devices (OpenCL GPU/CPU, plain Java) and the automatic choice.")
final class DevicesCommand implements Callable<Integer> {

    @Option(names = "--prefer", defaultValue = "auto",
            description = "auto (GPU, else CPU OpenCL, else Java), java, or a device id. Default: ${DEFAULT-VALUE}")
    String preference;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DeviceChoice choice = ComputeDevices.choose(preference);
        out.println("Devices (best first):");
        for (ComputeDevice d : choice.available()) {
            String mark = d.id().equals(choice.chosen().id()) ? "*" : " ";
            out.printf(" %s %-14s %-4s %s%s, %d compute units, %d MiB%s%n", mark, d.id(), d.type(), d.name(),
                    d.platform().isEmpty() ? "" : " [" + d.platform() + "]", d.computeUnits(),
                    d.globalMemoryBytes() >> 20, d.openclVersion().isEmpty() ? "" : ", " + d.openclVersion());
        }
        out.println("Chosen: " + choice.chosen().id() + " — " + choice.reason());
        for (String p : choice.problems()) {
            out.println("Note: " + p);
        }
        return 0;
    }
}
