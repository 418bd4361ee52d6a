package netstack.ip.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Checksum}: RFC 1071 sums, RFC 1624 incremental updates, against golden bytes and a reference. */
class ChecksumTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    // Golden packets sent and answered by the Linux 6.18 kernel over loopback in a fresh network namespace
    // (ICMP ping sockets, captured with AF_PACKET; the kernel computes these checksums in software, not by offload).

    /** IPv4 header (checksum 0xac3b) + ICMP echo request (checksum 0x8fbe), 127.0.0.1 to itself. */
    static final byte[] IPV4_ECHO_REQUEST = HEX.parseHex("4500002c909340004001ac3b7f0000017f000001"
            + "08008fbebe6300016e6574737461636b2072666331303731");
    /** The kernel's reply: IP id +1, DF cleared (checksum 0xec3a); ICMP type 0 (checksum 0x97be). */
    static final byte[] IPV4_ECHO_REPLY = HEX.parseHex("4500002c909400004001ec3a7f0000017f000001"
            + "000097bebe6300016e6574737461636b2072666331303731");
    /** IPv6 header + ICMPv6 echo request of odd length 21 (checksum 0x60cf over a pseudo-header), ::1 to itself. */
    static final byte[] IPV6_ECHO_REQUEST = HEX.parseHex("600b7ae500153a40"
            + "00000000000000000000000000000001" + "00000000000000000000000000000001"
            + "800060cfbe6400016e6574737461636b206f646421");
    /** The kernel's reply: ICMPv6 type 129 (checksum 0x5fcf). */
    static final byte[] IPV6_ECHO_REPLY = HEX.parseHex("6003b15800153a40"
            + "00000000000000000000000000000001" + "00000000000000000000000000000001"
            + "81005fcfbe6400016e6574737461636b206f646421");

    /** RFC 1071 §4.1 in its plainest form: 16-bit big-endian words, odd byte padded, end-around carry per add. */
    static int referenceSum(byte[] data, int offset, int length) {
        int sum = 0;
        int i = 0;
        for (; i + 1 < length; i += 2) {
            sum += ((data[offset + i] & 0xff) << 8) | (data[offset + i + 1] & 0xff);
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        if (i < length) {
            sum += (data[offset + i] & 0xff) << 8;
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return sum;
    }

    static int referenceChecksum(byte[] data, int offset, int length) {
        return ~referenceSum(data, offset, length) & 0xffff;
    }

    private static MemorySegment heap(byte[] data) {
        return MemorySegment.ofArray(data);
    }

    private static int u16(byte[] data, int at) {
        return ((data[at] & 0xff) << 8) | (data[at + 1] & 0xff);
    }

    private static void u16(byte[] data, int at, int value) {
        data[at] = (byte) (value >>> 8);
        data[at + 1] = (byte) value;
    }

    // ---- RFC 1071 ----

    @Test
    void rfc1071NumericalExample() {
        // RFC 1071 §3: the bytes 00 01 f2 03 f4 f5 f6 f7 sum to 0xddf2.
        byte[] normal = HEX.parseHex("0001f203f4f5f6f7");
        assertEquals(0xddf2, Checksum.fold(Checksum.sum(0, heap(normal), 0, 8)));
        assertEquals(~0xddf2 & 0xffff, Checksum.compute(heap(normal), 0, 8));
        // §2(B) byte-order independence: summing the swapped bytes gives the swapped sum, 0xf2dd.
        byte[] swapped = HEX.parseHex("010003f2f5f4f7f6");
        assertEquals(0xf2dd, Checksum.fold(Checksum.sum(0, heap(swapped), 0, 8)));
    }

    @Test
    void kernelIpv4HeaderAndIcmpChecksums() {
        for (byte[] packet : new byte[][] {IPV4_ECHO_REQUEST, IPV4_ECHO_REPLY}) {
            MemorySegment s = heap(packet);
            assertEquals(0, Checksum.compute(s, 0, 20), "a valid IPv4 header sums to 0xffff (RFC 1071 §1)");
            assertEquals(0, Checksum.compute(s, 20, packet.length - 20), "a valid ICMP message sums to 0xffff");
            int headerChecksum = u16(packet, 10);
            int icmpChecksum = u16(packet, 22);
            byte[] zeroed = packet.clone();
            u16(zeroed, 10, 0);
            u16(zeroed, 22, 0);
            assertEquals(headerChecksum, Checksum.compute(heap(zeroed), 0, 20));
            assertEquals(icmpChecksum, Checksum.compute(heap(zeroed), 20, packet.length - 20));
        }
        assertEquals(0xac3b, u16(IPV4_ECHO_REQUEST, 10));
        assertEquals(0x8fbe, u16(IPV4_ECHO_REQUEST, 22));
    }

    @Test
    void kernelIcmpv6ChecksumWithPseudoHeaderAndOddLength() {
        for (byte[] packet : new byte[][] {IPV6_ECHO_REQUEST, IPV6_ECHO_REPLY}) {
            int upperLength = packet.length - 40;
            assertEquals(21, upperLength);
            // RFC 8200 §8.1 pseudo-header: source, destination, 32-bit upper-layer length, 3 zero bytes, next header.
            byte[] pseudo = new byte[40];
            System.arraycopy(packet, 8, pseudo, 0, 32);
            pseudo[34] = (byte) (upperLength >>> 8);
            pseudo[35] = (byte) upperLength;
            pseudo[39] = 58;
            int expected = u16(packet, 42);
            byte[] zeroed = packet.clone();
            u16(zeroed, 42, 0);
            long sum = Checksum.sum(0, heap(pseudo), 0, pseudo.length);
            sum = Checksum.sum(sum, heap(zeroed), 40, upperLength);
            assertEquals(expected, ~Checksum.fold(sum) & 0xffff);
            // Verification including the checksum field folds to 0xffff.
            long verify = Checksum.sum(Checksum.sum(0, heap(pseudo), 0, 40), heap(packet), 40, upperLength);
            assertEquals(0xffff, Checksum.fold(verify));
        }
    }

    @Test
    void allZeroAndAllOnes() {
        for (int length = 0; length <= 64; length++) {
            byte[] zeros = new byte[length];
            assertEquals(0xffff, Checksum.compute(heap(zeros), 0, length), "zeros, length " + length);
            byte[] ones = new byte[length];
            Arrays.fill(ones, (byte) 0xff);
            // Every full word is 0xffff (ones'-complement -0); a trailing odd byte pads to 0xff00.
            int expected = length == 0 ? 0xffff : length == 1 ? 0x00ff : length % 2 == 0 ? 0x0000 : 0x00ff;
            assertEquals(expected, Checksum.compute(heap(ones), 0, length), "0xff bytes, length " + length);
            assertEquals(referenceChecksum(ones, 0, length), Checksum.compute(heap(ones), 0, length));
        }
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {true, false})
    void everyLengthAndOffsetMatchesTheReference(boolean direct) {
        Random random = new Random(1071);
        try (Arena arena = Arena.ofConfined()) {
            for (int length = 0; length <= 200; length++) {
                for (int offset = 0; offset < 8; offset++) {
                    byte[] data = new byte[offset + length + 8];
                    random.nextBytes(data);
                    MemorySegment s = direct ? arena.allocate(data.length, 1) : heap(data);
                    if (direct) {
                        s.copyFrom(heap(data));
                    }
                    assertEquals(referenceChecksum(data, offset, length), Checksum.compute(s, offset, length),
                            "length " + length + " at offset " + offset);
                }
            }
        }
    }

    /** Both loops (scalar below {@link Checksum#WIDE_BYTES}, vectorizable from it) and every tail after each. */
    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {true, false})
    void aroundTheWideThresholdAndCommonSizes(boolean direct) {
        Random random = new Random(256);
        int[] lengths = new int[100];
        for (int k = 0; k < 80; k++) {
            lengths[k] = Checksum.WIDE_BYTES - 40 + k;
        }
        int[] common = {20, 28, 40, 60, 64, 576, 1280, 1499, 1500, 1501, 1514, 9000, 9001};
        System.arraycopy(common, 0, lengths, 80, common.length);
        try (Arena arena = Arena.ofConfined()) {
            for (int length : lengths) {
                for (int offset = 0; offset < 8; offset++) {
                    byte[] data = new byte[offset + length + 8];
                    random.nextBytes(data);
                    if (length % 3 == 0) {
                        Arrays.fill(data, (byte) 0xff); // carries in every word
                    }
                    MemorySegment s = direct ? arena.allocate(data.length, 8).copyFrom(heap(data)) : heap(data);
                    assertEquals(referenceChecksum(data, offset, length), Checksum.compute(s, offset, length),
                            "length " + length + " at offset " + offset);
                    assertEquals(referenceSum(data, offset, length), Checksum.fold(Checksum.sum(0, s, offset, length)));
                }
            }
        }
    }

    /**
     * Enough calls for the JIT to compile (and, from {@link Checksum#WIDE_BYTES} on, vectorize) the loops, every
     * result checked: the compiled code must agree with RFC 1071 as the interpreted code does.
     */
    @Test
    void compiledLoopsAgreeWithTheReference() {
        Random random = new Random(9);
        try (Arena arena = Arena.ofConfined()) {
            int buffers = 16;
            MemorySegment[] segments = new MemorySegment[buffers];
            int[] offsets = new int[buffers];
            int[] lengths = new int[buffers];
            int[] expected = new int[buffers];
            for (int b = 0; b < buffers; b++) {
                offsets[b] = random.nextInt(8);
                lengths[b] = b % 2 == 0 ? 20 + random.nextInt(200) : Checksum.WIDE_BYTES + random.nextInt(1800);
                byte[] data = new byte[offsets[b] + lengths[b]];
                random.nextBytes(data);
                segments[b] = arena.allocate(data.length, 8).copyFrom(heap(data));
                expected[b] = referenceChecksum(data, offsets[b], lengths[b]);
            }
            for (int call = 0; call < 40_000; call++) {
                int b = call % buffers;
                int actual = Checksum.compute(segments[b], offsets[b], lengths[b]);
                if (actual != expected[b]) {
                    assertEquals(expected[b], actual, "call " + call + ", length " + lengths[b]);
                }
            }
        }
    }

    @Test
    void sumAddsAtMostOneFoldedWordToTheInitialSum() {
        Random random = new Random(1624);
        byte[] ones = new byte[1500];
        Arrays.fill(ones, (byte) 0xff);
        for (int length : new int[] {0, 1, 2, 31, 255, 256, 1500}) {
            long initial = random.nextLong() >>> 8;
            long sum = Checksum.sum(initial, heap(ones), 0, length);
            assertTrue(sum - initial >= 0 && sum - initial <= 0xffff, "length " + length + ": " + (sum - initial));
        }
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {true, false})
    void largeBuffersMatchTheReference(boolean direct) {
        Random random = new Random(65536);
        try (Arena arena = Arena.ofConfined()) {
            for (int length : new int[] {65535, 65536, 65536 + 7}) {
                byte[] randomBytes = new byte[length + 3];
                random.nextBytes(randomBytes);
                byte[] ones = new byte[length + 3];
                Arrays.fill(ones, (byte) 0xff); // the most carries possible
                for (byte[] data : new byte[][] {randomBytes, ones}) {
                    MemorySegment s = direct ? arena.allocate(data.length, 8).copyFrom(heap(data)) : heap(data);
                    for (int offset : new int[] {0, 1, 3}) {
                        assertEquals(referenceChecksum(data, offset, length), Checksum.compute(s, offset, length),
                                "length " + length + " at offset " + offset);
                    }
                }
            }
        }
    }

    @Test
    void piecesOfEvenLengthAddUp() {
        Random random = new Random(8200);
        for (int round = 0; round < 500; round++) {
            byte[] data = new byte[1 + random.nextInt(300)];
            random.nextBytes(data);
            int split = 2 * random.nextInt(data.length / 2 + 1);
            long pieces = Checksum.sum(Checksum.sum(0, heap(data), 0, split), heap(data), split, data.length - split);
            assertEquals(Checksum.fold(Checksum.sum(0, heap(data), 0, data.length)), Checksum.fold(pieces),
                    "split at " + split + " of " + data.length);
            assertEquals(referenceSum(data, 0, data.length), Checksum.fold(pieces));
        }
    }

    @Test
    void initialSumIsCarriedIn() {
        byte[] data = HEX.parseHex("4500002c");
        // The unfolded sum's form is the implementation's (it adds 32-bit halves); only folded values compare.
        long alone = Checksum.sum(0, heap(data), 0, 4);
        assertEquals(0x4500 + 0x002c, Checksum.fold(alone));
        assertEquals(Checksum.fold(0x12345L + 0x4500 + 0x002c),
                Checksum.fold(Checksum.sum(0x12345L, heap(data), 0, 4)));
        assertEquals(0x12345L, Checksum.sum(0x12345L, heap(data), 0, 0), "nothing to add");
    }

    @Test
    void foldIsOnesComplementReduction() {
        assertEquals(0, Checksum.fold(0));
        assertEquals(0xffff, Checksum.fold(0xffff));
        assertEquals(1, Checksum.fold(0x10000));
        assertEquals(0xffff, Checksum.fold(0xffff_ffffL));
        assertEquals(0xffff, Checksum.fold(-1L), "all 64 bits set: still -0, never +0");
        assertEquals(0x0001, Checksum.fold(0x1_0000_0000L));
        Random random = new Random(1624);
        for (int i = 0; i < 10_000; i++) {
            long x = random.nextLong() >>> random.nextInt(64);
            // 2^16 = 1 (mod 0xffff), so folding is reduction mod 0xffff, with a non-zero sum never folding to 0.
            long r = Long.remainderUnsigned(x, 0xffff);
            int expected = x == 0 ? 0 : r == 0 ? 0xffff : (int) r;
            assertEquals(expected, Checksum.fold(x), () -> "fold(0x" + Long.toHexString(x) + ")");
        }
    }

    // ---- RFC 1624 ----

    @Test
    void rfc1624Section3Example() {
        // m = 0x5555 becomes m' = 0x3285 in a header whose other words sum to 0xcd7a. Recomputation gives 0x0000;
        // RFC 1141's eqn. 2 would give 0xffff, eqn. 3 gives the right 0x0000.
        int hc = ~Checksum.fold(0xcd7a + 0x5555) & 0xffff;
        assertEquals(0xdd2f, hc);
        assertEquals(0x0000, Checksum.update(0xdd2f, 0x5555, 0x3285));
        byte[] header = HEX.parseHex("cd7a5555");
        assertEquals(0xdd2f, Checksum.compute(heap(header), 0, 4));
        u16(header, 2, 0x3285);
        assertEquals(0x0000, Checksum.compute(heap(header), 0, 4));
    }

    @Test
    void kernelEchoRepliesFollowByIncrementalUpdate() {
        // The kernel turned each request into its reply; the same field rewrites, done incrementally, must match.
        assertEquals(0x97be, Checksum.update(0x8fbe, 0x0800, 0x0000), "ICMP type 8 -> 0");
        assertEquals(u16(IPV4_ECHO_REPLY, 22), Checksum.update(u16(IPV4_ECHO_REQUEST, 22),
                u16(IPV4_ECHO_REQUEST, 20), u16(IPV4_ECHO_REPLY, 20)));
        assertEquals(0x5fcf, Checksum.update(0x60cf, 0x8000, 0x8100), "ICMPv6 type 128 -> 129");
        int headerChecksum = u16(IPV4_ECHO_REQUEST, 10);
        headerChecksum = Checksum.update(headerChecksum, 0x9093, 0x9094); // identification
        headerChecksum = Checksum.update(headerChecksum, 0x4000, 0x0000); // flags: DF cleared
        assertEquals(0xec3a, headerChecksum);
        // The same two words as one 32-bit update (offset 4: identification, flags + fragment offset).
        assertEquals(0xec3a, Checksum.update32(0xac3b, 0x9093_4000, 0x9094_0000));
    }

    @Test
    void update32RewritesAnAddress() {
        byte[] packet = IPV4_ECHO_REQUEST.clone();
        int oldSource = 0x7f00_0001;
        int newSource = 0xc000_0201; // 192.0.2.1
        int updated = Checksum.update32(u16(packet, 10), oldSource, newSource);
        packet[12] = (byte) 192;
        packet[13] = 0;
        packet[14] = 2;
        packet[15] = 1;
        u16(packet, 10, 0);
        assertEquals(Checksum.compute(heap(packet), 0, 20), updated);
        // And back again: 203.0.113.200 -> 198.51.100.7 on a header of documentation addresses.
        int oldValue = 0xcb00_71c8;
        int newValue = 0xc633_6407;
        packet[12] = (byte) 203;
        packet[13] = 0;
        packet[14] = 113;
        packet[15] = (byte) 200;
        int checksum = Checksum.compute(heap(packet), 0, 20);
        packet[12] = (byte) 198;
        packet[13] = 51;
        packet[14] = 100;
        packet[15] = 7;
        assertEquals(Checksum.compute(heap(packet), 0, 20), Checksum.update32(checksum, oldValue, newValue));
    }

    /**
     * A packet of 16-bit words with its checksum in word {@value #CHECKSUM_WORD}; word 0 is never zero, like every
     * real header, so the sum of the other words is never +0 (see RFC 1624 §3 on the all-zero case).
     */
    private static final int CHECKSUM_WORD = 5;

    private static byte[] randomPacket(Random random) {
        byte[] packet = new byte[2 * (8 + random.nextInt(40))];
        random.nextBytes(packet);
        u16(packet, 0, 0x4500 | random.nextInt(0x100));
        u16(packet, 2 * CHECKSUM_WORD, 0);
        u16(packet, 2 * CHECKSUM_WORD, Checksum.compute(heap(packet), 0, packet.length));
        return packet;
    }

    private static int recomputed(byte[] packet) {
        byte[] zeroed = packet.clone();
        u16(zeroed, 2 * CHECKSUM_WORD, 0);
        return Checksum.compute(heap(zeroed), 0, zeroed.length);
    }

    @Test
    void incrementalUpdateMatchesRecomputationOnRandomRewrites() {
        Random random = new Random(0x1624);
        for (int round = 0; round < 5000; round++) {
            byte[] packet = randomPacket(random);
            int word;
            do {
                word = 1 + random.nextInt(packet.length / 2 - 1);
            } while (word == CHECKSUM_WORD);
            int oldWord = u16(packet, 2 * word);
            int newWord = switch (random.nextInt(8)) {
                case 0 -> 0x0000;
                case 1 -> 0xffff;
                case 2 -> oldWord;
                default -> random.nextInt(0x10000);
            };
            int updated = Checksum.update(u16(packet, 2 * CHECKSUM_WORD), oldWord, newWord);
            u16(packet, 2 * word, newWord);
            assertEquals(recomputed(packet), updated, "round " + round + ": word " + word + " "
                    + Integer.toHexString(oldWord) + " -> " + Integer.toHexString(newWord));
            u16(packet, 2 * CHECKSUM_WORD, updated);
            assertEquals(0, Checksum.compute(heap(packet), 0, packet.length), "the updated packet verifies");
        }
    }

    @Test
    void incrementalUpdateIntoAndOutOfAZeroChecksum() {
        // RFC 1624 §3: when the new sum is 0xffff, recomputation yields checksum 0x0000 and eqn. 3 must too
        // (eqn. 2 yielded 0xffff). And starting from a 0x0000 checksum, updates must still be exact.
        Random random = new Random(3);
        for (int round = 0; round < 2000; round++) {
            byte[] packet = randomPacket(random);
            int word = CHECKSUM_WORD + 1 + random.nextInt(packet.length / 2 - CHECKSUM_WORD - 1);
            int oldWord = u16(packet, 2 * word);
            byte[] others = packet.clone();
            u16(others, 2 * word, 0);
            u16(others, 2 * CHECKSUM_WORD, 0);
            int toZero = ~referenceSum(others, 0, others.length) & 0xffff; // makes the data words sum to 0xffff

            int checksum = u16(packet, 2 * CHECKSUM_WORD);
            int zero = Checksum.update(checksum, oldWord, toZero);
            u16(packet, 2 * word, toZero);
            assertEquals(0x0000, recomputed(packet), "constructed to recompute to +0");
            assertEquals(0x0000, zero, "round " + round + ": eqn. 3 gives 0x0000, not 0xffff");
            u16(packet, 2 * CHECKSUM_WORD, zero);
            assertEquals(0, Checksum.compute(heap(packet), 0, packet.length));

            int next = random.nextInt(0x10000);
            int fromZero = Checksum.update(zero, toZero, next);
            u16(packet, 2 * word, next);
            assertEquals(recomputed(packet), fromZero, "round " + round + ": update from a 0x0000 checksum");
        }
    }

    @Test
    void update32MatchesRecomputation() {
        Random random = new Random(32);
        for (int round = 0; round < 2000; round++) {
            byte[] packet = randomPacket(random);
            int at = 2 * (CHECKSUM_WORD + 1 + random.nextInt(packet.length / 2 - CHECKSUM_WORD - 2));
            MemorySegment s = heap(packet);
            int oldValue = s.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), at);
            int newValue = random.nextInt(4) == 0 ? 0 : random.nextInt();
            int updated = Checksum.update32(s.get(U16, 2 * CHECKSUM_WORD) & 0xffff, oldValue, newValue);
            s.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), at, newValue);
            assertEquals(recomputed(packet), updated, "round " + round);
        }
    }
}
