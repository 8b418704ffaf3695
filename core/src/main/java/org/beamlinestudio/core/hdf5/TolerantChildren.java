package org.beamlinestudio.core.hdf5;

import io.jhdf.FractalHeap;
import io.jhdf.GroupSymbolTableNode;
import io.jhdf.LocalHeap;
import io.jhdf.ObjectHeader;
import io.jhdf.SymbolTableEntry;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.btree.BTreeV1;
import io.jhdf.btree.BTreeV1Group;
import io.jhdf.btree.BTreeV2;
import io.jhdf.btree.record.LinkNameForIndexedGroupRecord;
import io.jhdf.dataset.DatasetLoader;
import io.jhdf.links.ExternalLink;
import io.jhdf.links.SoftLink;
import io.jhdf.object.message.DataLayoutMessage;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.LinkInfoMessage;
import io.jhdf.object.message.LinkMessage;
import io.jhdf.object.message.SymbolTableMessage;
import io.jhdf.storage.HdfBackingStorage;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists a group's members one by one when jhdf's own listing fails as a whole (jhdf builds every
 * child eagerly, so one object it cannot parse, e.g. a virtual dataset, makes the whole group
 * unreadable). Members that still cannot be built come back as {@link Unreadable}.
 */
final class TolerantChildren {

    /** A member that could not be turned into a jhdf node, with the reason. */
    record Unreadable(String reason) {
    }

    private TolerantChildren() {
    }

    /** Member name → jhdf {@link Node} or {@link Unreadable}, in the file's order. */
    static Map<String, Object> list(Group g) {
        HdfBackingStorage storage = g.getHdfFile().getHdfBackingStorage();
        ObjectHeader oh = ObjectHeader.readObjectHeader(storage, g.getAddress());
        Map<String, Object> out = new LinkedHashMap<>();
        if (oh.hasMessageOfType(SymbolTableMessage.class)) {
            SymbolTableMessage stm = oh.getMessageOfType(SymbolTableMessage.class);
            LocalHeap heap = new LocalHeap(storage, stm.getLocalHeapAddress());
            ByteBuffer names = heap.getDataBuffer();
            BTreeV1Group tree = BTreeV1.createGroupBTree(storage, stm.getBTreeAddress());
            for (long nodeAddress : tree.getChildAddresses()) {
                GroupSymbolTableNode node = new GroupSymbolTableNode(storage, nodeAddress);
                for (SymbolTableEntry e : node.getSymbolTableEntries()) {
                    String name = readName(names, e.getLinkNameOffset());
                    if (e.getCacheType() == 2) {
                        out.put(name, new SoftLink(readName(names, e.getLinkValueOffset()), name, g));
                    } else {
                        out.put(name, hard(storage, e.getObjectHeaderAddress(), name, g));
                    }
                }
            }
            return out;
        }
        List<LinkMessage> links = new ArrayList<>();
        if (oh.hasMessageOfType(LinkInfoMessage.class)
                && oh.getMessageOfType(LinkInfoMessage.class).getBTreeNameIndexAddress() != -1L) {
            LinkInfoMessage info = oh.getMessageOfType(LinkInfoMessage.class);
            BTreeV2<LinkNameForIndexedGroupRecord> tree = new BTreeV2<>(storage, info.getBTreeNameIndexAddress());
            FractalHeap heap = new FractalHeap(storage, info.getFractalHeapAddress());
            for (LinkNameForIndexedGroupRecord r : tree.getRecords()) {
                links.add(LinkMessage.fromBuffer(heap.getId(r.getId()), storage.getSuperblock()));
            }
        } else {
            links.addAll(oh.getMessagesOfType(LinkMessage.class));
        }
        for (LinkMessage l : links) {
            String name = l.getLinkName();
            switch (l.getLinkType()) {
                case HARD:
                    out.put(name, hard(storage, l.getHardLinkAddress(), name, g));
                    break;
                case SOFT:
                    out.put(name, new SoftLink(l.getSoftLink(), name, g));
                    break;
                case EXTERNAL:
                    out.put(name, new ExternalLink(l.getExternalFile(), l.getExternalPath(), name, g));
                    break;
                default:
                    out.put(name, new Unreadable("a link of unknown type " + l.getLinkType()));
            }
        }
        return out;
    }

    private static Object hard(HdfBackingStorage storage, long address, String name, Group parent) {
        try {
            ObjectHeader oh = ObjectHeader.readObjectHeader(storage, address);
            if (oh.hasMessageOfType(DataLayoutMessage.class) || oh.hasMessageOfType(DataSpaceMessage.class)) {
                return DatasetLoader.createDataset(storage, oh, name, parent);
            }
            return createGroup(storage, address, name, parent);
        } catch (RuntimeException e) {
            return new Unreadable(reason(e));
        }
    }

    private static Node createGroup(HdfBackingStorage storage, long address, String name, Group parent) {
        try {
            Method m = Class.forName("io.jhdf.GroupImpl").getDeclaredMethod("createGroup", HdfBackingStorage.class,
                    long.class, String.class, Group.class);
            m.setAccessible(true);
            return (Node) m.invoke(null, storage, address, name, parent);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jhdf's GroupImpl.createGroup is not reachable: " + e, e);
        }
    }

    /** The deepest cause's message, which is where jhdf says what it does not support. */
    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (m.contains("Virtual storage")) {
            return "a virtual dataset (VDS), which this program cannot read yet (jhdf 0.13: \"" + m + "\")";
        }
        return "cannot be read: " + m;
    }

    private static String readName(ByteBuffer heap, int offset) {
        ByteBuffer b = heap.duplicate();
        b.position(offset);
        int end = offset;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - offset];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
