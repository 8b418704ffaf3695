package org.beamlinestudio.catalog.tiled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.beamlinestudio.core.data.ElementType;
import org.junit.jupiter.api.Test;

/** Tiled's {@code data_type} and {@code structure} as the server writes them, and raw bytes decoded to float32. */
class TiledDataTypeTest {

    private static TiledDataType type(String json) throws Exception {
        return TiledDataType.parse(TiledHttp.JSON.readTree(json));
    }

    private static ByteBuffer buffer(int bytes, ByteOrder order) {
        return ByteBuffer.allocate(bytes).order(order);
    }

    @Test
    void readsTheDataTypeAndIgnoresUnknownFields() throws Exception {
        TiledDataType t = type("{\"endianness\": \"big\", \"kind\": \"u\", \"itemsize\": 2, \"dt_units\": null,"
                + " \"something_new\": 1}");
        assertThat(t.numpy()).isEqualTo(">u2");
        assertThat(t.elementType()).isEqualTo(ElementType.UINT16);
        assertThat(t.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(t.describe()).isEqualTo("uint16, big-endian");
        assertThat(type("{\"endianness\": \"not_applicable\", \"kind\": \"u\", \"itemsize\": 1}").numpy())
                .isEqualTo("|u1");
    }

    @Test
    void unsignedAndSignedIntegersInBothByteOrders() throws Exception {
        ByteBuffer b = buffer(4, ByteOrder.BIG_ENDIAN).putShort((short) 65534).putShort((short) 7);
        assertThat(type("{\"endianness\": \"big\", \"kind\": \"u\", \"itemsize\": 2}").decode(b.array(), 2))
                .containsExactly(65534f, 7f);
        assertThat(type("{\"endianness\": \"big\", \"kind\": \"i\", \"itemsize\": 2}").decode(b.array(), 2))
                .containsExactly(-2f, 7f);
        // The same bytes read little-endian are different numbers: byte order is honoured, not assumed.
        assertThat(type("{\"endianness\": \"little\", \"kind\": \"u\", \"itemsize\": 2}").decode(b.array(), 2))
                .containsExactly(65279f, 1792f);
        ByteBuffer u4 = buffer(8, ByteOrder.LITTLE_ENDIAN).putInt((int) 4_000_000_000L).putInt(-5);
        assertThat(type("{\"endianness\": \"little\", \"kind\": \"u\", \"itemsize\": 4}").decode(u4.array(), 2))
                .containsExactly(4.0e9f, 4_294_967_291f);
        assertThat(type("{\"endianness\": \"little\", \"kind\": \"i\", \"itemsize\": 4}").decode(u4.array(), 2))
                .containsExactly(-294_967_296f, -5f);
        ByteBuffer i8 = buffer(16, ByteOrder.BIG_ENDIAN).putLong(-123456789L).putLong(1L << 40);
        assertThat(type("{\"endianness\": \"big\", \"kind\": \"i\", \"itemsize\": 8}").decode(i8.array(), 2))
                .containsExactly(-123456789f, (float) (1L << 40));
        byte[] u1 = {(byte) 200, 3};
        assertThat(type("{\"endianness\": \"not_applicable\", \"kind\": \"u\", \"itemsize\": 1}").decode(u1, 2))
                .containsExactly(200f, 3f);
        assertThat(type("{\"endianness\": \"not_applicable\", \"kind\": \"i\", \"itemsize\": 1}").decode(u1, 2))
                .containsExactly(-56f, 3f);
    }

    @Test
    void floatsInBothByteOrders() throws Exception {
        ByteBuffer f4 = buffer(8, ByteOrder.BIG_ENDIAN).putFloat(1.5f).putFloat(-2.25e-3f);
        assertThat(type("{\"endianness\": \"big\", \"kind\": \"f\", \"itemsize\": 4}").decode(f4.array(), 2))
                .containsExactly(1.5f, -2.25e-3f);
        ByteBuffer f8 = buffer(16, ByteOrder.LITTLE_ENDIAN).putDouble(Math.PI).putDouble(-1e300);
        assertThat(type("{\"endianness\": \"little\", \"kind\": \"f\", \"itemsize\": 8}").decode(f8.array(), 2))
                .containsExactly((float) Math.PI, Float.NEGATIVE_INFINITY);
    }

    @Test
    void aWrongByteCountOrANonNumericTypeIsRefused() throws Exception {
        TiledDataType u2 = type("{\"endianness\": \"little\", \"kind\": \"u\", \"itemsize\": 2}");
        assertThatThrownBy(() -> u2.decode(new byte[5], 3)).hasMessageContaining("5 bytes for 3 elements of <u2")
                .hasMessageContaining("expected 6");
        TiledDataType text = type("{\"endianness\": \"not_applicable\", \"kind\": \"U\", \"itemsize\": 40}");
        assertThat(text.elementType()).isEqualTo(ElementType.OTHER);
        assertThatThrownBy(() -> text.decode(new byte[40], 1)).hasMessageContaining("cannot read");
    }

    @Test
    void regularChunksGiveABlockShapeAndIrregularOnesDoNot() throws Exception {
        TiledArrayStructure regular = TiledArrayStructure.parse(TiledHttp.JSON.readTree(
                "{\"data_type\": {\"endianness\": \"little\", \"kind\": \"f\", \"itemsize\": 4},"
                        + " \"chunks\": [[2, 2, 1], [4, 3], [6]], \"shape\": [5, 7, 6], \"dims\": null,"
                        + " \"resizable\": false}"));
        assertThat(regular.regularChunkShape()).hasValueSatisfying(c -> assertThat(c).containsExactly(2, 4, 6));
        assertThat(regular.size()).isEqualTo(210);
        assertThat(regular.sizeBytes()).isEqualTo(840);
        TiledArrayStructure growing = TiledArrayStructure.parse(TiledHttp.JSON.readTree(
                "{\"data_type\": {\"endianness\": \"little\", \"kind\": \"f\", \"itemsize\": 4},"
                        + " \"chunks\": [[4, 2], [2, 3]], \"shape\": [6, 5]}"));
        assertThat(growing.regularChunkShape()).isEmpty();
        TiledArrayStructure uneven = TiledArrayStructure.parse(TiledHttp.JSON.readTree(
                "{\"data_type\": {\"endianness\": \"little\", \"kind\": \"f\", \"itemsize\": 4},"
                        + " \"chunks\": [[3, 2, 3], [5]], \"shape\": [8, 5]}"));
        assertThat(uneven.regularChunkShape()).isEmpty();
        TiledArrayStructure unchunked = TiledArrayStructure.parse(TiledHttp.JSON.readTree(
                "{\"data_type\": {\"endianness\": \"little\", \"kind\": \"f\", \"itemsize\": 4}, \"shape\": [8, 5]}"));
        assertThat(unchunked.regularChunkShape()).hasValueSatisfying(c -> assertThat(c).containsExactly(8, 5));
    }

    @Test
    void hugeOrIrregularChunksAreCutIntoBoundedBlocks() {
        int[] grid = TiledArrayDataset.gridFor(new long[] {2000, 2048, 2048}, null);
        long bytes = 4L * grid[0] * grid[1] * grid[2];
        assertThat(bytes).isLessThanOrEqualTo(TiledArrayDataset.MAX_BLOCK_BYTES);
        assertThat(grid[2]).as("whole rows stay whole").isEqualTo(2048);
        assertThat(TiledArrayDataset.gridFor(new long[] {6, 5}, new long[] {4, 2})).containsExactly(4, 2);
    }
}
