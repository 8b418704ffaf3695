package org.beamlinestudio.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.hdf5.H5Attribute;
import org.beamlinestudio.core.hdf5.H5BrokenLink;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.H5Group;
import org.beamlinestudio.core.hdf5.H5Node;
import org.beamlinestudio.core.hdf5.Hdf5File;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code studio info FILE}: the HDF5 tree with shapes, types, storage, attributes and links. */
@Command(name = "info", description = "Print an HDF5/NeXus file's tree: groups, datasets (shape, type, chunks, filters), attributes, links.")
final class InfoCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "HDF5 or NeXus file")
    Path file;

    @Option(names = "--no-attributes", description = "Leave attributes out.")
    boolean noAttributes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Hdf5File h5 = Hdf5File.open(file)) {
            out.println(h5.path());
            print(out, h5.root(), "");
            return 0;
        } catch (DataFileException e) {
            spec.commandLine().getErr().println("studio info: " + e.getMessage());
            return StudioCli.EXIT_BAD_INPUT;
        }
    }

    private void print(PrintWriter out, H5Node node, String indent) {
        String link = node.link().map(l -> "  " + l.describe()).orElse("");
        if (node instanceof H5Group g) {
            out.println(indent + (g.path().equals("/") ? "/" : g.name() + "/") + link);
            attributes(out, g, indent + "    ");
            for (H5Node child : g.children()) {
                print(out, child, indent + "  ");
            }
        } else if (node instanceof H5DatasetInfo d) {
            StringBuilder sb = new StringBuilder(indent).append(d.name()).append("  ").append(d.shapeText())
                    .append(' ').append(d.typeDescription()).append("  ").append(d.layout());
            if (d.chunkShape() != null) {
                sb.append(" chunks=").append(java.util.Arrays.toString(d.chunkShape()));
            }
            if (!d.filters().isEmpty()) {
                sb.append(" filters=").append(String.join(",", d.filters()));
            }
            d.problem().ifPresent(p -> sb.append("  [unreadable: ").append(p).append(']'));
            out.println(sb.append(link));
            attributes(out, d, indent + "    ");
        } else if (node instanceof H5BrokenLink b) {
            out.println(indent + b.name() + "  " + b.target().describe() + "  [BROKEN: " + b.problem() + "]");
        }
    }

    private void attributes(PrintWriter out, H5Node node, String indent) {
        if (noAttributes) {
            return;
        }
        for (H5Attribute a : node.attributes()) {
            out.println(indent + "@" + a.name() + " = " + a.valueText());
        }
    }
}
