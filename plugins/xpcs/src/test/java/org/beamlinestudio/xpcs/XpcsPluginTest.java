package org.beamlinestudio.xpcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ServiceLoader;
import org.beamlinestudio.core.plugin.ProbeResult;
import org.beamlinestudio.core.plugin.TechniquePlugin;
import org.beamlinestudio.core.testing.SharedData;
import org.junit.jupiter.api.Test;

class XpcsPluginTest {

    @Test
    void isFoundThroughServiceLoaderAndClaimsAnApsRawFileButNotItsQMap() {
        TechniquePlugin xpcs = ServiceLoader.load(TechniquePlugin.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("xpcs")).findFirst().orElseThrow();
        assertEquals("XPCS", xpcs.displayName());
        assertFalse(xpcs.version().isBlank());
        assertEquals(2, xpcs.readers().size());

        Path raw = SharedData.require("xpcs/sim_ou_128/raw/SIM_OU_02000f_128x128.h5");
        ProbeResult yes = xpcs.readers().get(0).probe(raw);
        assertEquals(0.9, yes.confidence(), 1e-12, yes.reason());
        assertTrue(yes.reason().contains("2000×128×128"), yes.reason());

        ProbeResult no = xpcs.readers().get(0).probe(SharedData.require("xpcs/sim_ou_128/qmap.h5"));
        assertFalse(no.claims(), no.reason());
    }
}
