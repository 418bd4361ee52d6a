package netstack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** The benchmarked code must compute the right answers, or its timings mean nothing. */
class FieldAccessBenchmarkTest {

    /** RFC 1071 §3's example: the words 0001 f203 f4f5 f6f7 sum to ddf2, so the checksum is 220d. */
    @Test
    void checksumOfRfc1071Example() {
        assertChecksumEverywhere("0001f203f4f5f6f7", 0x220D);
    }

    /** A real IPv4 header with its checksum field zeroed; the sender put b861 there. */
    @Test
    void checksumOfIpv4Header() {
        assertChecksumEverywhere("450000730000400040110000c0a80001c0a800c7", 0xB861);
    }

    /** Odd lengths and lengths that are no multiple of 8 take the tail loops (RFC 1071 §4.1 zero padding). */
    @Test
    void checksumTailsAgreeWithTheByteLoop() {
        byte[] frame = FieldAccessBenchmark.sampleFrame(FieldAccessBenchmark.ETHERNET_HEADER_BYTES);
        for (int length = 0; length <= 40; length++) {
            byte[] prefix = Arrays.copyOf(frame, length);
            assertChecksumEverywhere(HexFormat.of().formatHex(prefix), FieldAccessBenchmark.checksumU16(prefix, length));
        }
    }

    /** Golden bytes of the emitted IPv4 + TCP header, and every representation parses them alike. */
    @Test
    void emitWritesTheSameHeaderEverywhereAndParseReadsIt() {
        String header = "450005ce567840004006" + "0000c0a80001c0a800c7" // IPv4, RFC 791 §3.1
                + "c00001bb123456780badcafe" + "5018faf000000000";     // TCP, RFC 9293 §3.1
        long expectedSum = 0x45 + 0x00 + 1486 + 0x5678 + 0x4000 + 64 + 6 + 0 + 0xC0A8_0001L + 0xC0A8_00C7L
                + 49_152 + 443 + 0x1234_5678L + 0x0BAD_CAFEL + 0x50 + 0x18 + 64_240 + 0 + 0;
        int ip = FieldAccessBenchmark.ETHERNET_HEADER_BYTES;
        int end = ip + header.length() / 2;
        FieldAccessBenchmark bench = new FieldAccessBenchmark();
        bench.offset = ip;
        bench.setUp();
        try {
            int seq = 0x1234_5678;
            bench.sequenceNumber = seq;
            bench.emitByteArray();
            bench.sequenceNumber = seq;
            bench.emitHeapSegment();
            bench.sequenceNumber = seq;
            bench.emitNativeSegment();
            bench.sequenceNumber = seq;
            bench.emitDirectBuffer();
            assertEquals(seq + 1, bench.sequenceNumber, "emit advances the sequence number");

            assertEquals(header, HexFormat.of().formatHex(bench.byteArray, ip, end), "byte[]");
            assertEquals(header, hex(bench.heapSegment, ip, end), "heap segment");
            assertEquals(header, hex(bench.nativeSegment, ip, end), "native segment");
            assertEquals(header, hex(MemorySegment.ofBuffer(bench.directBuffer), ip, end), "direct ByteBuffer");

            assertEquals(expectedSum, bench.parseByteArray(), "byte[]");
            assertEquals(expectedSum, bench.parseHeapSegment(), "heap segment");
            assertEquals(expectedSum, bench.parseNativeSegment(), "native segment");
            assertEquals(expectedSum, bench.parseDirectBuffer(), "direct ByteBuffer");
            assertEquals(2 * expectedSum, bench.parseSegmentMixed(), "heap + native");
        } finally {
            bench.tearDown();
        }
    }

    private static String hex(MemorySegment segment, int from, int to) {
        return HexFormat.of().formatHex(segment.asSlice(from, to - from).toArray(ValueLayout.JAVA_BYTE));
    }

    private static void assertChecksumEverywhere(String hex, int expected) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        int length = bytes.length;
        assertEquals(expected, FieldAccessBenchmark.checksumU16(bytes, length), "byte loop");
        assertEquals(expected, FieldAccessBenchmark.checksum(bytes, length), "byte[] + VarHandle");
        assertEquals(expected, FieldAccessBenchmark.checksum(MemorySegment.ofArray(bytes), length), "heap segment");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment nativeSegment = arena.allocate(Math.max(1, length));
            nativeSegment.copyFrom(MemorySegment.ofArray(bytes));
            assertEquals(expected, FieldAccessBenchmark.checksum(nativeSegment, length), "native segment");
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(length).put(0, bytes);
        assertEquals(expected, FieldAccessBenchmark.checksum(direct, length), "direct ByteBuffer");
    }
}
