package netstack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** The benchmark's own reference and baseline must be right, or its comparison means nothing. */
class ChecksumBenchmarkTest {

    /** RFC 1071 §3's example: the words 0001 f203 f4f5 f6f7 sum to ddf2, so the checksum is 220d. */
    @Test
    void referenceAndBaselineOnRfc1071Example() {
        byte[] bytes = HexFormat.of().parseHex("0001f203f4f5f6f7");
        assertEquals(0x220d, ChecksumBenchmark.reference(bytes, 0, bytes.length));
        assertEquals(0x220d, ChecksumBenchmark.bigEndianLongs(MemorySegment.ofArray(bytes), 0, bytes.length));
    }

    /**
     * An odd length pads the last byte (RFC 1071 §4.1): a real IPv4 header (checksum field zero, its checksum 0xb861,
     * so its sum 0x479e) and one more byte 0x01, the word 0x0100: sum 0x489e, checksum 0xb761.
     */
    @Test
    void oddLength() {
        byte[] bytes = HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7" + "01");
        assertEquals(0xb761, ChecksumBenchmark.reference(bytes, 0, bytes.length));
        assertEquals(0xb761, ChecksumBenchmark.bigEndianLongs(MemorySegment.ofArray(bytes), 0, bytes.length));
    }

    @Test
    void setUpAndTearDownAgreeForEveryParameter() {
        for (int length : new int[] {64, 1500, 65536}) {
            for (int offset : new int[] {0, 14}) {
                ChecksumBenchmark bench = new ChecksumBenchmark();
                bench.length = length;
                bench.offset = offset;
                bench.setUp();
                int first = bench.compute();
                assertEquals(first, bench.bigEndianLongs());
                bench.tearDown();
            }
        }
    }
}
