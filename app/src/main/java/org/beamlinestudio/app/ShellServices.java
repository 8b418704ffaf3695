package org.beamlinestudio.app;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.beamlinestudio.core.exec.ExecutorProvider;
import org.beamlinestudio.viewer.perspective.PerspectiveProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The shell's own service lookups; a provider that fails to load is logged and skipped, never fatal. */
final class ShellServices {
    private static final Logger LOG = LoggerFactory.getLogger(ShellServices.class);

    private ShellServices() {
    }

    /** Every {@link PerspectiveProvider} on the classpath. */
    static List<PerspectiveProvider> perspectives() {
        return load(PerspectiveProvider.class);
    }

    /** Every {@link ExecutorProvider} on the classpath (e.g. Slurm). */
    static List<ExecutorProvider> executorProviders() {
        return load(ExecutorProvider.class);
    }

    private static <T> List<T> load(Class<T> type) {
        List<T> found = new ArrayList<>();
        Iterator<T> it = ServiceLoader.load(type, Thread.currentThread().getContextClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.warn("skipping a {}: {}", type.getSimpleName(), e.getMessage());
            }
        }
        return List.copyOf(found);
    }
}
