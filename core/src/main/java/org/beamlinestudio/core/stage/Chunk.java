package org.beamlinestudio.core.stage;

import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.plugin.OpenedSource;

/**
 * One chunk on its way through a pipeline: a block of the current array, what it means, the axis
 * the array is streamed along, and the source it came from (for flats, darks, angles...).
 */
public record Chunk(FloatBlock block, DataKind kind, int streamAxis, OpenedSource source) {

    /** The same chunk carrying other values of the same shape. */
    public Chunk withData(float[] data) {
        return new Chunk(block.withData(data), kind, streamAxis, source);
    }

    /** The same chunk with a new block and kind (stages that change shape or meaning). */
    public Chunk with(FloatBlock newBlock, DataKind newKind) {
        return new Chunk(newBlock, newKind, streamAxis, source);
    }
}
