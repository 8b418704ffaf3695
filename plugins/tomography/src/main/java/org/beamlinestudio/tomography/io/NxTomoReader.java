package org.beamlinestudio.tomography.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.H5Attribute;
import org.beamlinestudio.core.hdf5.H5BrokenLink;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.H5Group;
import org.beamlinestudio.core.hdf5.H5Node;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.ProbeResult;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;

/**
 * NeXus NXtomo: the entry (or subentry) whose {@code definition} is "NXtomo", or failing that one
 * with an NXdetector holding {@code image_key}. All frames sit in {@code instrument/detector/data}
 * (or {@code data/data}); {@code image_key} tells them apart (0 projection, 1 flat, 2 dark, 3
 * invalid, skipped) and {@code sample/rotation_angle} gives each frame's angle. Projections, flats
 * and darks are lazy views of the frames they own, nothing copied; flats before and after the
 * projections are also offered apart so normalisation can follow a decaying beam.
 */
public final class NxTomoReader implements DatasetReader {

    /** Reader id recorded in pipelines. */
    public static final String ID = "tomography.nxtomo";

    static final int PROJECTION = 0;
    static final int FLAT = 1;
    static final int DARK = 2;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "NeXus NXtomo";
    }

    @Override
    public List<ParamSpec> options() {
        return ScanAssembly.commonOptions();
    }

    /** Where an NXtomo entry keeps what the reader needs; paths absolute, absent ones null. */
    record Layout(String entry, boolean definitionNxTomo, String data, String imageKey, String rotationAngle,
                  String detector) {
    }

    @Override
    public ProbeResult probe(Path file) {
        try (Hdf5File h5 = Hdf5File.open(file); H5Meta meta = H5Meta.open(file).orElse(null)) {
            Optional<Layout> l = find(h5, meta);
            if (l.isEmpty()) {
                return ProbeResult.no("no NXentry with definition NXtomo nor an NXdetector with image_key");
            }
            Layout layout = l.get();
            if (layout.data() == null) {
                return new ProbeResult(0.5, layout.entry() + " is NXtomo-like but has no detector data");
            }
            Optional<H5Node> data = h5.node(layout.data());
            String why = layout.definitionNxTomo() ? layout.entry() + "/definition = NXtomo"
                    : layout.detector() + " has image_key";
            if (data.isPresent() && data.get() instanceof H5BrokenLink b) {
                why += "; " + layout.data() + " is a broken link (" + b.problem() + ")";
            } else if (data.isPresent() && data.get() instanceof H5DatasetInfo d) {
                why += "; " + layout.data() + " " + d.shapeText();
            }
            return new ProbeResult(layout.definitionNxTomo() ? 1.0 : 0.85, why);
        } catch (DataFileException | RuntimeException e) {
            return ProbeResult.no("not readable as HDF5: " + e.getMessage());
        }
    }

    static Optional<Layout> find(Hdf5File h5, H5Meta meta) {
        List<H5Group> entries = new ArrayList<>();
        collectGroups(h5.root(), 0, entries);
        Layout fallback = null;
        for (H5Group g : entries) {
            String def = meta == null ? "" : meta.text(g.path() + "/definition").orElse("");
            boolean nxtomo = def.equalsIgnoreCase("NXtomo");
            String detector = firstExisting(h5, g.path() + "/instrument/detector");
            if (detector == null) {
                detector = nxChild(h5, g.path() + "/instrument", "NXdetector");
            }
            String imageKey = firstExisting(h5, detector == null ? null : detector + "/image_key",
                    g.path() + "/data/image_key");
            if (!nxtomo && (detector == null || imageKey == null || !imageKey.startsWith(detector))) {
                continue;
            }
            String data = firstExisting(h5, detector == null ? null : detector + "/data", g.path() + "/data/data");
            String angle = firstExisting(h5, g.path() + "/sample/rotation_angle", g.path() + "/data/rotation_angle");
            Layout l = new Layout(g.path(), nxtomo, data, imageKey, angle, detector);
            if (nxtomo) {
                return Optional.of(l);
            }
            if (fallback == null) {
                fallback = l;
            }
        }
        return Optional.ofNullable(fallback);
    }

    /** Groups at depth 1 and 2 (NXentry and NXsubentry, e.g. Diamond's /entry1/tomo_entry). */
    private static void collectGroups(H5Group g, int depth, List<H5Group> out) {
        if (depth >= 2) {
            return;
        }
        for (H5Node c : g.children()) {
            if (c instanceof H5Group cg) {
                out.add(cg);
                collectGroups(cg, depth + 1, out);
            }
        }
    }

    private static String firstExisting(Hdf5File h5, String... paths) {
        for (String p : paths) {
            if (p != null && h5.node(p).isPresent()) {
                return p;
            }
        }
        return null;
    }

    private static String nxChild(Hdf5File h5, String parent, String nxClass) {
        Optional<H5Node> n = h5.node(parent);
        if (n.isPresent() && n.get() instanceof H5Group g) {
            for (H5Node c : g.children()) {
                if (c instanceof H5Group && c.attribute("NX_class").map(H5Attribute::valueText)
                        .filter(nxClass::equals).isPresent()) {
                    return c.path();
                }
            }
        }
        return null;
    }

    @Override
    public OpenedSource open(Path file, Map<String, ?> options) throws DataFileException {
        ParamValues o = ScanAssembly.resolve(file, options(), options);
        Hdf5File h5 = Hdf5File.open(file);
        ScanAssembly scan = null;
        try (H5Meta meta = H5Meta.open(file).orElse(null)) {
            Layout layout = find(h5, meta).orElseThrow(() -> new DataFileException(file, null,
                    "no NXentry with definition \"NXtomo\" and no NXdetector with image_key",
                    "a NeXus NXtomo file (entry/definition = NXtomo, instrument/detector/data, image_key)"));
            double[] keys = layout.imageKey() == null ? null : readVector(h5, layout.imageKey());
            double[] angleRaw = layout.rotationAngle() == null ? null
                    : meta != null && meta.doubles(layout.rotationAngle()).isPresent()
                    ? meta.doubles(layout.rotationAngle()).get() : readVector(h5, layout.rotationAngle());
            if (layout.data() == null) {
                throw new DataFileException(file, layout.entry() + "/instrument/detector/data", "no detector data"
                        + found(keys, angleRaw, layout), "the frames in instrument/detector/data or data/data");
            }
            H5Node dataNode = h5.node(layout.data()).orElseThrow();
            if (dataNode instanceof H5BrokenLink b) {
                String target = b.target().targetFile() == null ? b.target().targetPath()
                        : b.target().targetFile() + ":" + b.target().targetPath();
                throw new DataFileException(file, layout.data(), "the detector frames are unavailable: the link to "
                        + target + " cannot be followed (" + b.problem() + ")" + found(keys, angleRaw, layout),
                        "the file " + (b.target().targetFile() == null ? "" : b.target().targetFile())
                                + " where the link points (a relative link is resolved next to "
                                + file.getFileName() + ")");
            }
            LazyDataset frames = h5.dataset(layout.data());
            if (frames.rank() != 3) {
                throw new DataFileException(file, layout.data(), "rank " + frames.rank(),
                        "3-D frames (frame, row, column)");
            }
            int nFrames = Math.toIntExact(frames.shape()[0]);
            if (keys == null) {
                keys = new double[nFrames];
            } else if (keys.length != nFrames) {
                throw new DataFileException(file, layout.imageKey(), keys.length + " image keys",
                        "one per frame of " + layout.data() + " (" + nFrames + ")");
            }
            Split split = Split.of(keys);
            if (split.projections.length == 0) {
                throw new DataFileException(file, layout.imageKey(), "no frame with image_key 0 (projection) "
                        + "among " + nFrames + " frames", "at least one projection");
            }
            LazyDataset projections = split.projections.length == nFrames ? frames
                    : FrameStacks.subset(frames, split.projections, "[image_key=0]");
            scan = new ScanAssembly(file, ID, projections);
            scan.resources.add(h5);
            if (split.flats.length > 0) {
                scan.arrays.put(ScanRoles.FLATS, FrameStacks.subset(frames, split.flats, "[image_key=1]"));
                int[] before = split.flatsBefore();
                int[] after = split.flatsAfter();
                if (before.length > 0) {
                    scan.arrays.put(ScanRoles.FLATS_BEFORE, FrameStacks.subset(frames, before, "[image_key=1, before]"));
                }
                if (after.length > 0) {
                    scan.arrays.put(ScanRoles.FLATS_AFTER, FrameStacks.subset(frames, after, "[image_key=1, after]"));
                }
                scan.vectors.put(ScanRoles.FLAT_POSITIONS, split.flatPositions());
            }
            if (split.darks.length > 0) {
                scan.arrays.put(ScanRoles.DARKS, FrameStacks.subset(frames, split.darks, "[image_key=2]"));
            }
            scan.anglesLookedFor = layout.rotationAngle() == null ? layout.entry() + "/sample/rotation_angle"
                    : layout.rotationAngle();
            if (angleRaw != null) {
                if (angleRaw.length != nFrames) {
                    throw new DataFileException(file, layout.rotationAngle(), angleRaw.length + " angles",
                            "one per frame (" + nFrames + "); or set evenSpacingDegrees=180 to assume even spacing");
                }
                String units = meta == null ? "" : meta.attribute(layout.rotationAngle(), "units").orElse("");
                double[] rad = Angles.toRadians(angleRaw, units);
                double[] p = new double[split.projections.length];
                for (int i = 0; i < p.length; i++) {
                    p[i] = rad[split.projections[i]];
                }
                scan.vectors.put(ScanRoles.ANGLES, p);
            }
            if (split.invalid > 0) {
                scan.metadata.put("Invalid frames", split.invalid + " (image_key 3, skipped)");
            }
            if (meta != null) {
                keyMetadata(meta, layout, scan.metadata);
            }
        } catch (DataFileException | RuntimeException e) {
            if (scan != null) {
                scan.closeAll();
            } else {
                h5.close();
            }
            throw e;
        }
        return scan.finish(o);
    }

    /** "; found image_key (… frames: … projections, … flats, … darks) and rotation_angle a…b". */
    private static String found(double[] keys, double[] angles, Layout layout) {
        StringBuilder sb = new StringBuilder();
        if (keys != null) {
            Split s = Split.of(keys);
            sb.append("; found ").append(layout.imageKey()).append(" for ").append(keys.length).append(" frames (")
                    .append(s.projections.length).append(" projections, ").append(s.flats.length).append(" flats, ")
                    .append(s.darks.length).append(" darks)");
        }
        if (angles != null && angles.length > 0) {
            sb.append(keys == null ? "; found " : " and ").append(layout.rotationAngle())
                    .append(String.format(Locale.ROOT, " %.3f … %.3f", angles[0], angles[angles.length - 1]));
        }
        return sb.toString();
    }

    private static double[] readVector(Hdf5File h5, String path) throws DataFileException {
        LazyDataset d = h5.dataset(path);
        long[] s = d.shape();
        int n = Math.toIntExact(d.size());
        float[] f = d.readFloats(new long[s.length], Arrays.stream(s).mapToInt(Math::toIntExact).toArray());
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = f[i];
        }
        return out;
    }

    private static void keyMetadata(H5Meta meta, Layout l, Map<String, String> m) {
        String e = l.entry();
        meta.putNumber(m, "Energy", e + "/instrument/monochromator/energy", true);
        meta.putNumber(m, "Energy", e + "/instrument/beam/incident_energy", true);
        meta.putNumber(m, "Source energy", e + "/instrument/source/energy", true);
        if (l.detector() != null) {
            meta.putNumber(m, "Pixel size", l.detector() + "/x_pixel_size", true);
            meta.putNumber(m, "Pixel size (y)", l.detector() + "/y_pixel_size", true);
            meta.putNumber(m, "Detector distance", l.detector() + "/distance", true);
        }
        meta.putText(m, "Sample", e + "/sample/name");
        meta.putText(m, "Title", e + "/title");
        meta.putText(m, "Beamline", e + "/instrument/name");
    }

    /** Frame indices by image_key, in acquisition order. */
    static final class Split {
        int[] projections;
        int[] flats;
        int[] darks;
        int invalid;

        static Split of(double[] keys) {
            List<Integer> p = new ArrayList<>();
            List<Integer> f = new ArrayList<>();
            List<Integer> d = new ArrayList<>();
            Split s = new Split();
            for (int i = 0; i < keys.length; i++) {
                int k = (int) Math.round(keys[i]);
                if (k == PROJECTION) {
                    p.add(i);
                } else if (k == FLAT) {
                    f.add(i);
                } else if (k == DARK) {
                    d.add(i);
                } else {
                    s.invalid++;
                }
            }
            s.projections = p.stream().mapToInt(Integer::intValue).toArray();
            s.flats = f.stream().mapToInt(Integer::intValue).toArray();
            s.darks = d.stream().mapToInt(Integer::intValue).toArray();
            return s;
        }

        int[] flatsBefore() {
            int first = projections[0];
            return Arrays.stream(flats).filter(i -> i < first).toArray();
        }

        int[] flatsAfter() {
            int last = projections[projections.length - 1];
            return Arrays.stream(flats).filter(i -> i > last).toArray();
        }

        /** For each flat: how many projections precede it. */
        double[] flatPositions() {
            double[] out = new double[flats.length];
            for (int k = 0; k < flats.length; k++) {
                int pos = Arrays.binarySearch(projections, flats[k]);
                out[k] = pos >= 0 ? pos : -pos - 1;
            }
            return out;
        }
    }
}
