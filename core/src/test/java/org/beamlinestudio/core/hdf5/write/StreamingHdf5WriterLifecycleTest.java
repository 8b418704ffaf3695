package org.beamlinestudio.core.hdf5.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.jhdf.HdfFile;
import org.beamlinestudio.core.data.ElementType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic output (commit / abort) and clear errors for misuse. */
class StreamingHdf5WriterLifecycleTest {

    @TempDir
    Path dir;

    private String[] listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void dataGoesToAHiddenTemporaryUntilCommit() throws Exception {
        Path target = dir.resolve("out.h5");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(target)) {
            w.createDataset("/d", ElementType.FLOAT32, new long[] {4}, Layout.contiguous())
                    .write(new long[] {0}, new int[] {4}, new float[] {1, 2, 3, 4});
            assertThat(w.temporaryFile()).isEqualTo(dir.resolve(".out.h5.partial")).exists();
            assertThat(target).doesNotExist();
            w.commit();
            assertThat(target).exists();
            assertThat(w.temporaryFile()).doesNotExist();
        }
        assertThat(listing()).containsExactly("out.h5");
        try (HdfFile h = new HdfFile(target)) {
            assertThat((float[]) h.getDatasetByPath("/d").getData()).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void closeWithoutCommitLeavesNothing() throws Exception {
        Path target = dir.resolve("aborted.h5");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(target)) {
            w.createDataset("/d", ElementType.FLOAT32, new long[] {1000}, Layout.contiguous())
                    .write(new long[] {0}, new int[] {3}, new float[] {1, 2, 3});
            w.createDataset("/c", ElementType.FLOAT32, new long[] {100}, Layout.chunked(10).deflate(3))
                    .write(new long[] {0}, new int[] {15}, new float[15]);
        }
        assertThat(listing()).isEmpty();
    }

    @Test
    void exceptionWhileWritingLeavesNothing() throws Exception {
        Path target = dir.resolve("failed.h5");
        assertThatThrownBy(() -> {
            try (StreamingHdf5Writer w = StreamingHdf5Writer.create(target)) {
                StreamingDataset d = w.createDataset("/d", ElementType.FLOAT32, new long[] {10, 10}, Layout.contiguous());
                d.write(new long[] {0, 0}, new int[] {5, 10}, new float[50]);
                throw new IllegalStateException("reconstruction failed");
            }
        }).hasMessage("reconstruction failed");
        assertThat(listing()).isEmpty();
    }

    @Test
    void abortKeepsAnExistingFileUntouched() throws Exception {
        Path target = dir.resolve("keep.h5");
        Files.writeString(target, "previous result");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.createOrReplace(target)) {
            w.createGroup("/g");
        }
        assertThat(target).hasContent("previous result");
        assertThat(listing()).containsExactly("keep.h5");
    }

    @Test
    void createRefusesAnExistingFileAndCreateOrReplaceReplacesItAtCommit() throws Exception {
        Path target = dir.resolve("replace.h5");
        Files.writeString(target, "old");
        assertThatThrownBy(() -> StreamingHdf5Writer.create(target)).isInstanceOf(FileAlreadyExistsException.class);
        try (StreamingHdf5Writer w = StreamingHdf5Writer.createOrReplace(target)) {
            w.setAttribute("/", "answer", 42);
            assertThat(target).hasContent("old");
            w.commit();
        }
        try (HdfFile h = new HdfFile(target)) {
            assertThat(h.getAttribute("answer").getData()).isEqualTo(42);
        }
        assertThat(listing()).containsExactly("replace.h5");
    }

    @Test
    void secondWriterForTheSameTargetIsRefused() throws Exception {
        Path target = dir.resolve("busy.h5");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(target)) {
            assertThatThrownBy(() -> StreamingHdf5Writer.create(target))
                    .isInstanceOf(IOException.class).hasMessageContaining("another writer");
        }
        assertThat(listing()).isEmpty();
    }

    @Test
    void staleTemporaryFromACrashIsReplaced() throws Exception {
        Path target = dir.resolve("crashed.h5");
        Files.writeString(dir.resolve(".crashed.h5.partial"), "garbage from a killed run");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(target)) {
            w.createDataset("/d", ElementType.INT32, new long[] {2}, Layout.contiguous())
                    .write(new long[] {0}, new int[] {2}, new int[] {5, 6});
            w.commit();
        }
        try (HdfFile h = new HdfFile(target)) {
            assertThat((int[]) h.getDatasetByPath("/d").getData()).containsExactly(5, 6);
        }
        assertThat(listing()).containsExactly("crashed.h5");
    }

    @Test
    void writesAfterCommitOrCloseAreRejected() throws Exception {
        Path target = dir.resolve("done.h5");
        StreamingDataset d;
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(target)) {
            d = w.createDataset("/d", ElementType.FLOAT32, new long[] {2}, Layout.contiguous());
            w.commit();
            assertThatThrownBy(() -> d.write(new long[] {0}, new int[] {1}, new float[1]))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("committed");
            assertThatThrownBy(w::commit).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> w.createGroup("/late")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void hyperslabOutsideTheShapeIsRejected() throws Exception {
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(dir.resolve("x.h5"))) {
            StreamingDataset d = w.createDataset("/entry/d", ElementType.FLOAT32, new long[] {4, 5}, Layout.contiguous());
            assertThatThrownBy(() -> d.write(new long[] {3, 0}, new int[] {2, 5}, new float[10]))
                    .isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("/entry/d").hasMessageContaining("[4, 5]").hasMessageContaining("dimension 0");
            assertThatThrownBy(() -> d.write(new long[] {0, -1}, new int[] {1, 2}, new float[2]))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> d.write(new long[] {0}, new int[] {1}, new float[1]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank 2");
            StreamingDataset c = w.createDataset("/c", ElementType.FLOAT32, new long[] {4, 5}, Layout.chunked(2, 2));
            assertThatThrownBy(() -> c.write(new long[] {0, 4}, new int[] {1, 2}, new float[2]))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void dataOfTheWrongLengthIsRejected() throws Exception {
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(dir.resolve("x.h5"))) {
            StreamingDataset d = w.createDataset("/d", ElementType.FLOAT32, new long[] {4, 5}, Layout.contiguous());
            assertThatThrownBy(() -> d.write(new long[] {0, 0}, new int[] {2, 5}, new float[9]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("10 elements").hasMessageContaining("has 9");
        }
    }

    @Test
    void pathCollisionsAreRejected() throws Exception {
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(dir.resolve("x.h5"))) {
            w.createDataset("/a/b", ElementType.FLOAT32, new long[] {1}, Layout.contiguous());
            assertThatThrownBy(() -> w.createDataset("/a/b", ElementType.FLOAT32, new long[] {1}, Layout.contiguous()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/a/b")
                    .hasMessageContaining("already exists");
            assertThatThrownBy(() -> w.createDataset("/a", ElementType.FLOAT32, new long[] {1}, Layout.contiguous()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group");
            assertThatThrownBy(() -> w.createGroup("/a/b/c"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a dataset");
            assertThatThrownBy(() -> w.createDataset("/a/b/c", ElementType.FLOAT32, new long[] {1}, Layout.contiguous()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a dataset");
            assertThatThrownBy(() -> w.createGroup("relative/path")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.setAttribute("/nowhere", "x", 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/nowhere");
            w.createGroup("/a");   // existing groups are fine
        }
    }

    @Test
    void invalidShapesLayoutsAndValuesAreRejected() throws Exception {
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(dir.resolve("x.h5"))) {
            assertThatThrownBy(() -> w.createDataset("/z", ElementType.FLOAT32, new long[] {3, 0}, Layout.contiguous()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.createDataset("/o", ElementType.OTHER, new long[] {3}, Layout.contiguous()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.createDataset("/r", ElementType.FLOAT32, new long[] {3, 3}, Layout.chunked(3)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank");
            assertThatThrownBy(() -> w.createDataset("/big", ElementType.FLOAT32, new long[] {3, 3}, Layout.chunked(4, 3)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
            assertThatThrownBy(() -> w.createDataset("/g/h", ElementType.FLOAT32, new long[] {1L << 62, 4},
                    Layout.contiguous())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
            assertThatThrownBy(() -> w.dataset("/g")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Layout.contiguous().deflate(4)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> Layout.chunked(4).deflate(10)).isInstanceOf(IllegalArgumentException.class);
            StreamingDataset u16 = w.createDataset("/u16", ElementType.UINT16, new long[] {3}, Layout.contiguous());
            assertThatThrownBy(() -> u16.write(new long[] {0}, new int[] {3}, new int[] {1, 70000, 2}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uint16");
            assertThatThrownBy(() -> u16.write(new long[] {0}, new int[] {1}, new float[] {-1}))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> u16.write(new long[] {0}, new int[] {1}, new byte[] {1}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("byte[]");
            assertThatThrownBy(() -> AttributeValue.fixedString("Å", StringEncoding.ASCII))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-ASCII");
        }
    }

    @Test
    void tooLongFixedStringAttributeIsRejectedUpFront() {
        assertThatThrownBy(() -> AttributeValue.fixedString("x".repeat(70_000), StringEncoding.ASCII))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("variable-length");
        assertThatThrownBy(() -> AttributeValue.int64Array(new long[9000]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("as a dataset");
    }

    @Test
    void headerOverflowAtCommitLeavesNothing() throws Exception {
        Path target = dir.resolve("long.h5");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(target)) {
            // value and name each fit, together they exceed one header message
            w.setAttribute("/", "huge" + "n".repeat(8_000),
                    AttributeValue.fixedString("x".repeat(59_000), StringEncoding.ASCII));
            assertThatThrownBy(w::commit).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("huge").hasMessageContaining("64 KiB");
        }
        assertThat(listing()).isEmpty();
    }

    @Test
    void longVariableLengthStringAttributeWorks() throws Exception {
        Path target = dir.resolve("vlen.h5");
        String big = SampleFile.provenanceJson(300_000);
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(target)) {
            w.createGroup("/process");
            w.setAttribute("/process", "pipeline", big);
            w.setAttribute("/process", "many", AttributeValue.stringArray(StringEncoding.UTF8,
                    Stream.iterate(0, i -> i + 1).limit(500).map(i -> "s" + i).toArray(String[]::new)));
            w.commit();
        }
        try (HdfFile h = new HdfFile(target)) {
            assertThat(h.getByPath("/process").getAttribute("pipeline").getData()).isEqualTo(big);
            assertThat(((String[]) h.getByPath("/process").getAttribute("many").getData())[499]).isEqualTo("s499");
        }
    }
}
