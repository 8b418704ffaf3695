package org.beamlinestudio.core.compute;

import java.util.List;

/**
 * The outcome of device discovery: what was found, what was chosen, and why, in words a user can
 * read ("no OpenCL library (libOpenCL.so.1 not found): using plain Java").
 *
 * @param available every usable device, best first; the plain-Java device is always last
 * @param chosen    the device stages will use for a given preference
 * @param reason    why this one
 * @param problems  what went wrong during discovery (missing ICD loader, no platform, a device that
 *                  failed to build the test program...), empty when nothing did
 */
public record DeviceChoice(List<ComputeDevice> available, ComputeDevice chosen, String reason, List<String> problems) {

    public DeviceChoice {
        available = List.copyOf(available);
        problems = List.copyOf(problems);
    }
}
