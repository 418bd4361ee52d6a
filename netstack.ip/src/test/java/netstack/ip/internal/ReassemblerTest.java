package netstack.ip.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import netstack.api.link.PacketBuffer;
import netstack.api.net.IpFamily;
import netstack.api.stats.StackCounter;
import netstack.ip.buffer.PacketPool;
import netstack.ip.internal.Reassembler.Limits;
import netstack.ip.internal.Reassembler.Outcome;
import netstack.ip.wire.Checksum;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Reassembler} for IPv4 and IPv6 on a manual clock, with a leak-tracking pool: every test ends with no
 * buffer outstanding, whichever path (completion, duplicate, overlap, timeout, eviction) the fragments took.
 */
class ReassemblerTest {

    private static final long SECOND = 1_000_000_000L;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int ETH0 = 1;
    private static final int ETH1 = 2;

    private final List<String> leaks = new CopyOnWriteArrayList<>();
    private final List<Reassembler> created = new ArrayList<>();
    private final Reassembler.Reassembled out = new Reassembler.Reassembled();
    private PacketPool pool;
    private AtomicCounters<StackCounter> counters;
    private long now = 1_000 * SECOND;

    @BeforeEach
    void setUp() {
        pool = new PacketPool(new PacketPool.Options(false, 128, 64, true, leaks::add));
        counters = new AtomicCounters<>(StackCounter.class);
    }

    @AfterEach
    void tearDown() {
        PacketBuffer left = out.take();
        if (left != null) {
            left.release();
        }
        for (Reassembler r : created) {
            r.clear();
            assertEquals(0, r.heldBytes(), "nothing charged once cleared");
        }
        assertEquals(0, pool.outstanding(), "every buffer released exactly once");
        assertEquals(List.of(), leaks);
        pool.close();
    }

    private Reassembler reassembler(IpFamily family) {
        return reassembler(family, family == IpFamily.IPV4 ? Limits.ipv4Defaults() : Limits.ipv6Defaults());
    }

    private Reassembler reassembler(IpFamily family, Limits limits) {
        Reassembler r = new Reassembler(family, limits, pool, counters, 0x5eed);
        created.add(r);
        return r;
    }

    private long count(StackCounter c) {
        return counters.get(c);
    }

    private static StackCounter reqds(IpFamily f) {
        return f == IpFamily.IPV4 ? StackCounter.IP_REASM_REQDS : StackCounter.IPV6_REASM_REQDS;
    }

    private static StackCounter oks(IpFamily f) {
        return f == IpFamily.IPV4 ? StackCounter.IP_REASM_OKS : StackCounter.IPV6_REASM_OKS;
    }

    private static StackCounter fails(IpFamily f) {
        return f == IpFamily.IPV4 ? StackCounter.IP_REASM_FAILS : StackCounter.IPV6_REASM_FAILS;
    }

    /**
     * Builds fragments of one datagram and checks the reassembled result. IPv4: a 20-byte header plus
     * {@code options} bytes of NOP options. IPv6: the IPv6 header, {@code options} bytes of Hop-by-Hop header (0 or
     * 8), then the Fragment header.
     */
    private final class Sender {
        final IpFamily family;
        final byte[] payload;
        int identification = 0x1234;
        int protocol = 17;
        int interfaceIndex = ETH0;
        int options;
        int trafficClass;
        boolean dontFragment;
        long sourceHigh = 0x2001_0db8_0000_0000L;
        long sourceLow = 1;
        int source = 0xc000_0201; // 192.0.2.1
        /** The Next Header put in Fragment headers other than the first one's (RFC 8200: may differ). */
        int laterNextHeader = -1;

        Sender(IpFamily family, int payloadLength, long seed) {
            this.family = family;
            this.payload = new byte[payloadLength];
            new Random(seed).nextBytes(payload);
        }

        int headerLength() {
            return family == IpFamily.IPV4 ? 20 + options : 40 + options;
        }

        PacketBuffer packet(int offset, int end, boolean more) {
            int length = end - offset;
            boolean v4 = family == IpFamily.IPV4;
            int before = v4 ? headerLength() : headerLength() + 8;
            PacketBuffer b = pool.allocate(before + length);
            b.append(before + length);
            MemorySegment s = b.segment();
            long h = b.start();
            if (v4) {
                s.set(ValueLayout.JAVA_BYTE, h, (byte) (0x40 | headerLength() / 4));
                s.set(ValueLayout.JAVA_BYTE, h + 1, (byte) trafficClass);
                s.set(U16, h + 2, (short) (before + length));
                s.set(U16, h + 4, (short) identification);
                s.set(U16, h + 6, (short) ((dontFragment ? 0x4000 : 0) | (more ? 0x2000 : 0) | offset / 8));
                s.set(ValueLayout.JAVA_BYTE, h + 8, (byte) 64);
                s.set(ValueLayout.JAVA_BYTE, h + 9, (byte) protocol);
                s.set(U16, h + 10, (short) 0);
                s.set(U32, h + 12, source);
                s.set(U32, h + 16, 0xc633_6402);
                for (int i = 20; i < headerLength(); i++) {
                    s.set(ValueLayout.JAVA_BYTE, h + i, (byte) 1);
                }
                s.set(U16, h + 10, (short) Checksum.compute(s, h, headerLength()));
            } else {
                s.set(U32, h, 0x6000_0000 | trafficClass << 20 | 0xabcde);
                s.set(U16, h + 4, (short) (before - 40 + length));
                s.set(ValueLayout.JAVA_BYTE, h + 6, (byte) (options > 0 ? 0 : 44));
                s.set(ValueLayout.JAVA_BYTE, h + 7, (byte) 64);
                s.set(U64, h + 8, sourceHigh);
                s.set(U64, h + 16, sourceLow);
                s.set(U64, h + 24, 0x2001_0db8_0000_0000L);
                s.set(U64, h + 32, 2);
                if (options > 0) {
                    s.set(ValueLayout.JAVA_BYTE, h + 40, (byte) 44);
                    s.set(ValueLayout.JAVA_BYTE, h + 41, (byte) 0);
                    s.set(U16, h + 42, (short) 0x0104); // PadN, 4 bytes
                    s.set(U32, h + 44, 0);
                }
                long f = h + headerLength();
                int nextHeader = offset == 0 || laterNextHeader < 0 ? protocol : laterNextHeader;
                s.set(ValueLayout.JAVA_BYTE, f, (byte) nextHeader);
                s.set(ValueLayout.JAVA_BYTE, f + 1, (byte) 0);
                s.set(U16, f + 2, (short) (offset | (more ? 1 : 0)));
                s.set(U32, f + 4, identification);
            }
            MemorySegment.copy(MemorySegment.ofArray(payload), offset, s, h + before, length);
            return b;
        }

        Outcome accept(Reassembler r, PacketBuffer packet, int offset, boolean more) {
            if (family == IpFamily.IPV4) {
                return r.acceptIpv4(interfaceIndex, source, 0xc633_6402, identification, protocol, offset, more,
                        packet, headerLength(), now, out);
            }
            int nextHeader = offset == 0 || laterNextHeader < 0 ? protocol : laterNextHeader;
            return r.acceptIpv6(interfaceIndex, sourceHigh, sourceLow, 0x2001_0db8_0000_0000L, 2, identification,
                    nextHeader, offset, more, packet, headerLength(), options > 0 ? 40 : 6, now, out);
        }

        Outcome send(Reassembler r, int offset, int end, boolean more) {
            return accept(r, packet(offset, end, more), offset, more);
        }

        /** Checks and releases a reassembled datagram. */
        void verify(PacketBuffer datagram) {
            assertNotNull(datagram, "no datagram");
            MemorySegment s = datagram.segment();
            long h = datagram.start();
            int header = headerLength();
            assertEquals(header + payload.length, datagram.length());
            assertEquals(header, out.headerLength());
            assertEquals(0, datagram.flags(), "offload flags cleared");
            if (family == IpFamily.IPV4) {
                assertEquals(0x40 | header / 4, s.get(ValueLayout.JAVA_BYTE, h) & 0xff);
                assertEquals(header + payload.length, s.get(U16, h + 2) & 0xffff, "total length");
                assertEquals(identification, s.get(U16, h + 4) & 0xffff);
                assertEquals(dontFragment ? 0x4000 : 0, s.get(U16, h + 6) & 0xffff, "MF and offset cleared");
                assertEquals(protocol, s.get(ValueLayout.JAVA_BYTE, h + 9) & 0xff);
                assertEquals(0, Checksum.compute(s, h, header), "header checksum valid");
                for (int i = 20; i < header; i++) {
                    assertEquals(1, s.get(ValueLayout.JAVA_BYTE, h + i), "options kept");
                }
            } else {
                assertEquals(0x6000_0000 | 0xabcde, s.get(U32, h) & 0xf00f_ffff, "version and flow label kept");
                assertEquals(header - 40 + payload.length, s.get(U16, h + 4) & 0xffff, "payload length");
                int nextHeaderField = options > 0 ? 40 : 6;
                assertEquals(protocol, s.get(ValueLayout.JAVA_BYTE, h + nextHeaderField) & 0xff,
                        "the first fragment's Next Header replaces the Fragment header's number");
                assertEquals(sourceLow, s.get(U64, h + 16));
                if (options > 0) {
                    assertEquals(0x0104, s.get(U16, h + 42), "the Hop-by-Hop header is kept");
                }
            }
            byte[] body = new byte[payload.length];
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, h + header, body, 0, body.length);
            assertArrayEquals(payload, body, "payload");
            datagram.release();
        }
    }

    /** Fragment boundaries: fragment i is [cuts[i], cuts[i + 1]). */
    private static int[] cuts(int total, int fragmentBytes) {
        List<Integer> c = new ArrayList<>();
        for (int o = 0; o < total; o += fragmentBytes) {
            c.add(o);
        }
        c.add(total);
        return c.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void permutations(int[] items, int k, List<int[]> into) {
        if (k == items.length) {
            into.add(items.clone());
            return;
        }
        for (int i = k; i < items.length; i++) {
            int t = items[k];
            items[k] = items[i];
            items[i] = t;
            permutations(items, k + 1, into);
            items[i] = items[k];
            items[k] = t;
        }
    }

    // ---- complete datagrams ----

    @ParameterizedTest
    @EnumSource(IpFamily.class)
    void twoFragmentsInOrder(IpFamily family) {
        Reassembler r = reassembler(family);
        Sender s = new Sender(family, 1500, 1);
        s.dontFragment = false;
        assertEquals(Outcome.HELD, s.send(r, 0, 1000, true));
        assertEquals(1, r.datagrams());
        assertTrue(r.heldBytes() > 0);
        assertEquals(Outcome.COMPLETE, s.send(r, 1000, 1500, false));
        s.verify(out.take());
        assertEquals(0, r.datagrams());
        assertEquals(0, r.heldBytes());
        assertEquals(2, count(reqds(family)));
        assertEquals(1, count(oks(family)));
        assertEquals(0, count(fails(family)));
    }

    /** Every order of five fragments, small (reassembled in the first buffer) and large (into a pool buffer). */
    @ParameterizedTest
    @EnumSource(IpFamily.class)
    void everyOrderOfFiveFragments(IpFamily family) {
        for (int fragmentBytes : new int[] {64, 600}) {
            Reassembler r = reassembler(family);
            List<int[]> orders = new ArrayList<>();
            permutations(new int[] {0, 1, 2, 3, 4}, 0, orders);
            assertEquals(120, orders.size());
            for (int[] order : orders) {
                Sender s = new Sender(family, fragmentBytes * 4 + 24, order[0] * 31L + order[1]);
                s.options = 8;
                s.identification = 77;
                int[] cut = cuts(s.payload.length, fragmentBytes);
                for (int i = 0; i < order.length; i++) {
                    int f = order[i];
                    Outcome o = s.send(r, cut[f], cut[f + 1], f < order.length - 1);
                    assertEquals(i < order.length - 1 ? Outcome.HELD : Outcome.COMPLETE, o);
                }
                s.verify(out.take());
            }
            assertEquals(0, r.datagrams());
            assertEquals(0, r.heldBytes());
        }
        assertEquals(240, count(oks(family)));
        assertEquals(0, count(fails(family)));
    }

    /** Every order of four fragments plus a duplicate of one of them, which is dropped alone. */
    @ParameterizedTest
    @EnumSource(IpFamily.class)
    void everyOrderWithADuplicate(IpFamily family) {
        Reassembler r = reassembler(family);
        int completes = 0;
        int duplicates = 0;
        int lateDuplicates = 0;
        for (int duplicated = 0; duplicated < 4; duplicated++) {
            List<int[]> orders = new ArrayList<>();
            permutations(new int[] {0, 1, 2, 3, duplicated}, 0, orders);
            for (int[] order : orders) {
                Sender s = new Sender(family, 4 * 96 - 16, duplicated);
                s.identification = 1000 + completes;
                int[] cut = cuts(s.payload.length, 96);
                boolean done = false;
                for (int f : order) {
                    Outcome o = s.send(r, cut[f], cut[f + 1], f < 3);
                    if (o == Outcome.COMPLETE) {
                        assertFalse(done);
                        done = true;
                        completes++;
                        s.verify(out.take());
                    } else if (o == Outcome.DUPLICATE) {
                        duplicates++;
                    } else if (done) {
                        // The duplicate came after completion: it starts a new datagram, which will time out.
                        assertEquals(Outcome.HELD, o);
                        lateDuplicates++;
                    } else {
                        assertEquals(Outcome.HELD, o);
                    }
                }
                assertTrue(done, "completed");
            }
        }
        assertEquals(480, completes);
        assertEquals(480, duplicates + lateDuplicates);
        assertEquals(duplicates, r.duplicates());
        assertEquals(lateDuplicates, r.datagrams());
        List<PacketBuffer> firsts = new ArrayList<>();
        assertEquals(lateDuplicates, r.expire(now + 60 * SECOND, (index, first) -> {
            if (first != null) {
                firsts.add(first);
                first.release();
            }
        }));
        assertEquals(0, r.datagrams());
        assertTrue(firsts.size() > 0 && firsts.size() < lateDuplicates, "late first fragments are reported");
    }

    /** Random sizes, fragment sizes and orders, several datagrams interleaved, with duplicates: all complete. */
    @ParameterizedTest
    @EnumSource(IpFamily.class)
    void randomPermutationsInterleaved(IpFamily family) {
        Random random = new Random(20240601);
        Reassembler r = reassembler(family);
        int completed = 0;
        for (int round = 0; round < 40; round++) {
            int concurrent = 1 + random.nextInt(6);
            List<Sender> senders = new ArrayList<>();
            List<int[]> pieces = new ArrayList<>(); // {sender, offset, end, more}
            for (int d = 0; d < concurrent; d++) {
                int max = family == IpFamily.IPV4 ? 65535 - 20 : 65535;
                // At least two fragments: a single one would not be a fragment at all (or an atomic one).
                int total = 9 + random.nextInt(random.nextBoolean() ? 3000 : max - 8);
                Sender s = new Sender(family, total, random.nextLong());
                s.identification = round * 10 + d;
                int minimum = (total / 64 + 8) & ~7;
                int fragmentBytes = Math.min(Math.max(minimum, 8 * (1 + random.nextInt(185))), (total - 1) & ~7);
                int[] cut = cuts(total, fragmentBytes);
                for (int i = 0; i + 1 < cut.length; i++) {
                    pieces.add(new int[] {d, cut[i], cut[i + 1], i + 2 < cut.length ? 1 : 0});
                    if (random.nextInt(10) == 0) {
                        pieces.add(new int[] {d, cut[i], cut[i + 1], i + 2 < cut.length ? 1 : 0});
                    }
                }
                senders.add(s);
            }
            Collections.shuffle(pieces, random);
            boolean[] done = new boolean[concurrent];
            for (int[] p : pieces) {
                Sender s = senders.get(p[0]);
                Outcome o = s.send(r, p[1], p[2], p[3] == 1);
                if (o == Outcome.COMPLETE) {
                    assertFalse(done[p[0]]);
                    done[p[0]] = true;
                    s.verify(out.take());
                    completed++;
                } else {
                    assertTrue(o == Outcome.HELD || o == Outcome.DUPLICATE, o.toString());
                }
            }
            for (boolean d : done) {
                assertTrue(d);
            }
            // Duplicates arriving after their datagram completed start new ones; let them time out.
            now += 61 * SECOND;
            r.expire(now, null);
            assertEquals(0, r.datagrams());
        }
        assertEquals(completed, count(oks(family)));
        assertEquals(0, count(fails(family)) - r.timeouts(), "no failure but the late duplicates' timeouts");
        assertEquals(0, r.overlaps());
    }

    @Test
    void theFirstBufferIsReusedWhenTheDatagramFitsAndAPoolBufferOtherwise() {
        Reassembler r = reassembler(IpFamily.IPV4);
        Sender small = new Sender(IpFamily.IPV4, 400, 3);
        PacketBuffer first = small.packet(0, 200, true);
        assertEquals(Outcome.HELD, small.accept(r, first, 0, true));
        assertEquals(Outcome.COMPLETE, small.send(r, 200, 400, false));
        PacketBuffer datagram = out.take();
        assertSame(first, datagram, "no copy of the first fragment, no allocation");
        small.verify(datagram);

        Sender v6 = new Sender(IpFamily.IPV6, 400, 4);
        v6.options = 8;
        Reassembler r6 = reassembler(IpFamily.IPV6);
        PacketBuffer first6 = v6.packet(0, 200, true);
        assertEquals(Outcome.HELD, v6.accept(r6, first6, 0, true));
        assertEquals(Outcome.COMPLETE, v6.send(r6, 200, 400, false));
        PacketBuffer datagram6 = out.take();
        assertSame(first6, datagram6, "the unfragmentable part moved over the Fragment header, in place");
        v6.verify(datagram6);

        Sender big = new Sender(IpFamily.IPV4, 4000, 5);
        PacketBuffer bigFirst = big.packet(0, 1480, true);
        assertEquals(Outcome.HELD, big.accept(r, bigFirst, 0, true));
        assertEquals(Outcome.HELD, big.send(r, 1480, 2960, true));
        long outstanding = pool.outstanding();
        assertEquals(Outcome.COMPLETE, big.send(r, 2960, 4000, false));
        assertEquals(outstanding + 1 - 2, pool.outstanding(), "one new buffer, both held fragments released");
        PacketBuffer bigDatagram = out.take();
        assertFalse(bigDatagram == bigFirst);
        big.verify(bigDatagram);
    }

    // ---- RFC 5722: overlaps ----

    /**
     * Stored: [0,16) and [32,48) of a 56-byte datagram. Each case adds one fragment that overlaps, which discards
     * the datagram; its remaining fragments are then dropped too, and no ICMP is due on its timeout.
     */
    @ParameterizedTest
    @EnumSource(IpFamily.class)
    void everyKindOfOverlapDiscardsTheDatagramAndItsLaterFragments(IpFamily family) {
        int[][] overlapping = {
            {8, 24, 1}, // the tail of [0,16)
            {24, 40, 1}, // the head of [32,48)
            {8, 40, 1}, // both
            {0, 8, 1}, // inside [0,16), same start
            {8, 16, 1}, // inside [0,16), same end
            {32, 40, 1}, // same start as [32,48), shorter
            {40, 48, 1}, // same end as [32,48), later start
            {0, 48, 1}, // contains both
            {16, 40, 1}, // fills the gap and runs on
            {40, 56, 0}, // a last fragment overlapping
        };
        int expectedFails = 0;
        for (int[] c : overlapping) {
            Reassembler r = reassembler(family);
            Sender s = new Sender(family, 56, c[0] * 100L + c[1]);
            assertEquals(Outcome.HELD, s.send(r, 0, 16, true));
            assertEquals(Outcome.HELD, s.send(r, 32, 48, true));
            assertEquals(Outcome.OVERLAP, s.send(r, c[0], c[1], c[2] == 1), "overlap " + c[0] + ".." + c[1]);
            expectedFails++;
            assertEquals(1, r.overlaps());
            assertEquals(0, r.datagrams());
            assertEquals(1, r.tombstones());
            assertEquals(r.entryOverheadBytes(), r.heldBytes(), "the tombstone holds no buffer");
            // The fragments that would have completed the datagram are dropped silently.
            assertEquals(Outcome.DISCARDED, s.send(r, 16, 32, true));
            assertEquals(Outcome.DISCARDED, s.send(r, 48, 56, false));
            assertEquals(Outcome.DISCARDED, s.send(r, 0, 16, true));
            assertEquals(3, r.discarded());
            List<Object> told = new ArrayList<>();
            assertEquals(0, r.expire(now + 120 * SECOND, (index, first) -> told.add(first)),
                    "a discarded datagram does not time out again");
            assertEquals(List.of(), told);
            assertEquals(0, r.tombstones());
            assertEquals(0, r.heldBytes());
            // After the timeout the key is free again.
            assertEquals(Outcome.HELD, s.send(r, 0, 16, true));
        }
        assertEquals(expectedFails, count(fails(family)));
        assertEquals(0, count(oks(family)));
    }

    @ParameterizedTest
    @EnumSource(IpFamily.class)
    void fragmentsFillingTheGapExactlyDoNotOverlap(IpFamily family) {
        Reassembler r = reassembler(family);
        Sender s = new Sender(family, 56, 9);
        assertEquals(Outcome.HELD, s.send(r, 0, 16, true));
        assertEquals(Outcome.HELD, s.send(r, 32, 48, true));
        assertEquals(Outcome.HELD, s.send(r, 16, 32, true));
        assertEquals(Outcome.COMPLETE, s.send(r, 48, 56, false));
        s.verify(out.take());
    }

    @ParameterizedTest
    @EnumSource(IpFamily.class)
    void duplicatesOfFirstAndLastFragmentsAreDroppedAlone(IpFamily family) {
        Reassembler r = reassembler(family);
        Sender s = new Sender(family, 40, 10);
        assertEquals(Outcome.HELD, s.send(r, 0, 16, true));
        // A duplicate with other bytes must not replace the fragment already stored.
        PacketBuffer impostor = s.packet(0, 16, true);
        impostor.segment().set(ValueLayout.JAVA_BYTE, impostor.end() - 1L, (byte) ~s.payload[15]);
        assertEquals(Outcome.DUPLICATE, s.accept(r, impostor, 0, true));
        assertEquals(Outcome.HELD, s.send(r, 32, 40, false));
        assertEquals(Outcome.DUPLICATE, s.send(r, 32, 40, false));
        assertEquals(Outcome.COMPLETE, s.send(r, 16, 32, true));
        s.verify(out.take());
        assertEquals(2, r.duplicates());
        assertEquals(0, count(fails(family)));
    }

    // ---- the length of the datagram ----

    @ParameterizedTest
    @EnumSource(IpFamily.class)
    void aLastFragmentContradictingAnotherDiscardsTheDatagram(IpFamily family) {
        Reassembler r = reassembler(family);
        Sender s = new Sender(family, 64, 11);
        assertEquals(Outcome.HELD, s.send(r, 32, 48, false));
        assertEquals(Outcome.BAD_LENGTH, s.send(r, 48, 64, false), "a second last fragment with another end");
        assertEquals(Outcome.DISCARDED, s.send(r, 0, 32, true));

        s.identification++;
        assertEquals(Outcome.HELD, s.send(r, 32, 48, true));
        assertEquals(Outcome.BAD_LENGTH, s.send(r, 16, 24, false), "a last fragment ending before data seen");

        s.identification++;
        assertEquals(Outcome.HELD, s.send(r, 16, 32, false));
        assertEquals(Outcome.BAD_LENGTH, s.send(r, 32, 48, true), "data beyond the known end");
        assertEquals(3, r.badLengths());
        assertEquals(3, count(fails(family)));
        assertEquals(3, r.tombstones());
    }

    @Test
    void ipv4DatagramsBeyond65535BytesAreDiscarded() {
        Reassembler r = reassembler(IpFamily.IPV4);
        Sender s = new Sender(IpFamily.IPV4, 65535 - 20 + 8, 12);
        assertEquals(Outcome.TOO_BIG, s.send(r, 65512, 65523, false), "ping of death: 20 + 65523 > 65535");
        assertEquals(Outcome.DISCARDED, s.send(r, 0, 1480, true));

        // Fits with a 20-byte header, but the first fragment brings 40 bytes of options.
        s.identification++;
        assertEquals(Outcome.HELD, s.send(r, 65000, 65515, false));
        s.options = 40;
        assertEquals(Outcome.TOO_BIG, s.send(r, 0, 1480, true));
        assertEquals(2, r.tooBig());

        // The largest legal datagram completes.
        Reassembler fresh = reassembler(IpFamily.IPV4);
        Sender max = new Sender(IpFamily.IPV4, 65535 - 20, 13);
        int[] cut = cuts(max.payload.length, 1480);
        for (int i = 0; i + 1 < cut.length; i++) {
            Outcome o = max.send(fresh, cut[i], cut[i + 1], i + 2 < cut.length);
            assertEquals(i + 2 < cut.length ? Outcome.HELD : Outcome.COMPLETE, o);
        }
        max.verify(out.take());
    }

    @Test
    void ipv6ParameterProblemsLeaveThePacketWithTheCaller() {
        Reassembler r = reassembler(IpFamily.IPV6);
        Sender s = new Sender(IpFamily.IPV6, 65535, 14);
        PacketBuffer odd = s.packet(0, 100, true);
        Outcome o = s.accept(r, odd, 0, true);
        assertEquals(Outcome.PARAMETER_PROBLEM_LENGTH, o, "RFC 8200: M set and length not a multiple of 8");
        assertTrue(o.callerKeepsPacket());
        assertEquals(148, odd.length(), "untouched, to be quoted in the ICMPv6 error");
        odd.release();

        PacketBuffer tooFar = s.packet(65528, 65535, false);
        assertEquals(Outcome.HELD, s.accept(r, tooFar, 65528, false), "65528 + 7 = 65535 is the limit");
        s.options = 8;
        PacketBuffer over = s.packet(65528, 65535, false);
        assertEquals(Outcome.PARAMETER_PROBLEM_OFFSET, s.accept(r, over, 65528, false),
                "with 8 bytes of extension headers the Payload Length would be 65543");
        over.release();
        assertEquals(2, r.parameterProblems());
        assertEquals(0, count(StackCounter.IPV6_REASM_FAILS), "counted by the caller as header errors");
        assertEquals(3, count(StackCounter.IPV6_REASM_REQDS));
        r.expire(now + 60 * SECOND, null);
    }

    @ParameterizedTest
    @EnumSource(IpFamily.class)
    void malformedFragmentsAreDroppedAlone(IpFamily family) {
        Reassembler r = reassembler(family);
        Sender s = new Sender(family, 64, 15);
        assertEquals(Outcome.HELD, s.send(r, 0, 16, true));
        assertEquals(Outcome.MALFORMED, s.send(r, 16, 16, true), "zero length");
        assertEquals(Outcome.MALFORMED, s.send(r, 64, 64, false), "zero-length last fragment");
        PacketBuffer misaligned = s.packet(20, 28, true);
        assertEquals(Outcome.MALFORMED, s.accept(r, misaligned, 20, true), "offset not a multiple of 8");
        PacketBuffer negative = s.packet(16, 24, true);
        assertEquals(Outcome.MALFORMED, s.accept(r, negative, -8, true));
        int expected = 4;
        if (family == IpFamily.IPV4) {
            assertEquals(Outcome.MALFORMED, s.send(r, 16, 20, true), "RFC 791: MF with a length not a multiple of 8");
            PacketBuffer shortHeader = s.packet(16, 24, true);
            assertEquals(Outcome.MALFORMED, r.acceptIpv4(ETH0, s.source, 0, s.identification, 17, 16, true,
                    shortHeader, 16, now, out), "header length below 20");
            expected += 2;
        } else {
            PacketBuffer badField = s.packet(16, 24, true);
            assertEquals(Outcome.MALFORMED, r.acceptIpv6(ETH0, 0, 1, 0, 2, s.identification, 17, 16, true,
                    badField, 40, 40, now, out), "Next Header field offset outside the unfragmentable part");
            expected++;
        }
        assertEquals(expected, r.malformed());
        assertEquals(expected, count(fails(family)));
        assertEquals(1, r.datagrams(), "the datagram is unharmed");
        assertEquals(Outcome.HELD, s.send(r, 16, 48, true));
        assertEquals(Outcome.COMPLETE, s.send(r, 48, 64, false));
        s.verify(out.take());
    }

    @ParameterizedTest
    @EnumSource(IpFamily.class)
    void moreFragmentsThanTheLimitDiscardTheDatagram(IpFamily family) {
        Reassembler r = reassembler(family, new Limits(1 << 20, 1 << 19, 4, 30 * SECOND));
        Sender s = new Sender(family, 80, 16);
        for (int o = 0; o < 32; o += 8) {
            assertEquals(Outcome.HELD, s.send(r, o, o + 8, true));
        }
        assertEquals(Outcome.TOO_MANY_FRAGMENTS, s.send(r, 32, 40, true));
        assertEquals(1, r.tooManyFragments());
        assertEquals(Outcome.DISCARDED, s.send(r, 40, 80, false));

        Sender four = new Sender(family, 32, 17);
        four.identification = 9;
        for (int o = 0; o < 24; o += 8) {
            assertEquals(Outcome.HELD, four.send(r, o, o + 8, true));
        }
        assertEquals(Outcome.COMPLETE, four.send(r, 24, 32, false), "exactly the limit is fine");
        four.verify(out.take());
    }

    // ---- ECN, RFC 3168 §5.3 ----

    @ParameterizedTest
    @EnumSource(IpFamily.class)
    void congestionExperiencedOnAnyFragmentMarksTheDatagram(IpFamily family) {
        Reassembler r = reassembler(family);
        Sender s = new Sender(family, 48, 18);
        s.trafficClass = 2; // ECT(0)
        assertEquals(Outcome.HELD, s.send(r, 0, 16, true));
        s.trafficClass = 3; // CE
        assertEquals(Outcome.HELD, s.send(r, 16, 32, true));
        s.trafficClass = 1; // ECT(1)
        assertEquals(Outcome.COMPLETE, s.send(r, 32, 48, false));
        PacketBuffer datagram = out.take();
        int ecn = family == IpFamily.IPV4
                ? datagram.segment().get(ValueLayout.JAVA_BYTE, datagram.start() + 1L) & 3
                : (datagram.segment().get(ValueLayout.JAVA_BYTE, datagram.start() + 1L) >> 4) & 3;
        assertEquals(3, ecn);
        s.trafficClass = 3;
        s.verify(datagram);
    }

    @ParameterizedTest
    @EnumSource(IpFamily.class)
    void notEctMixedWithEctDiscardsTheDatagram(IpFamily family) {
        Reassembler r = reassembler(family);
        Sender s = new Sender(family, 32, 19);
        s.trafficClass = 0;
        assertEquals(Outcome.HELD, s.send(r, 0, 16, true));
        s.trafficClass = 2;
        assertEquals(Outcome.ECN_MISMATCH, s.send(r, 16, 32, false));
        assertEquals(1, r.ecnMismatches());
        assertEquals(1, count(fails(family)));
        assertEquals(0, count(oks(family)));
    }

    // ---- timeouts ----

    private record Timeout(int interfaceIndex, int firstLength) {
    }

    @ParameterizedTest
    @EnumSource(IpFamily.class)
    void timeoutReportsWhetherTheFirstFragmentArrived(IpFamily family) {
        Reassembler r = reassembler(family);
        long timeout = family == IpFamily.IPV4 ? 30 * SECOND : 60 * SECOND;
        assertEquals(Long.MAX_VALUE, r.nextDeadlineNanos());
        long start = now;
        Sender withFirst = new Sender(family, 64, 20);
        PacketBuffer first = withFirst.packet(0, 16, true);
        int firstLength = first.length();
        assertEquals(Outcome.HELD, withFirst.accept(r, first, 0, true));
        now += SECOND;
        Sender withoutFirst = new Sender(family, 64, 21);
        withoutFirst.identification = 99;
        withoutFirst.interfaceIndex = ETH1;
        assertEquals(Outcome.HELD, withoutFirst.send(r, 16, 32, true));
        assertEquals(start + timeout, r.nextDeadlineNanos());
        // A later fragment does not extend the timer (RFC 8200: from the first-arriving fragment).
        now = start + timeout - 1;
        assertEquals(Outcome.HELD, withFirst.send(r, 32, 48, true));
        List<Timeout> told = new ArrayList<>();
        Reassembler.TimeoutListener listener = (index, firstFragment) -> {
            told.add(new Timeout(index, firstFragment == null ? -1 : firstFragment.length()));
            if (firstFragment != null) {
                // The first fragment comes back as received, to be quoted in ICMP Time Exceeded code 1.
                assertEquals(withFirst.identification, family == IpFamily.IPV4
                        ? firstFragment.segment().get(U16, firstFragment.start() + 4L) & 0xffff
                        : firstFragment.segment().get(U32, firstFragment.start() + 44L));
                firstFragment.release();
            }
        };
        assertEquals(0, r.expire(start + timeout - 1, listener));
        assertEquals(1, r.expire(start + timeout, listener));
        assertEquals(List.of(new Timeout(ETH0, firstLength)), told);
        assertEquals(start + SECOND + timeout, r.nextDeadlineNanos());
        assertEquals(1, r.expire(start + 10 * timeout, listener));
        assertEquals(List.of(new Timeout(ETH0, firstLength), new Timeout(ETH1, -1)), told);
        assertEquals(2, r.timeouts());
        assertEquals(2, count(fails(family)), "Linux counts a timeout as a failure too");
        if (family == IpFamily.IPV4) {
            assertEquals(2, count(StackCounter.IP_REASM_TIMEOUT));
        }
        assertEquals(0, r.heldBytes());
        assertEquals(Long.MAX_VALUE, r.nextDeadlineNanos());
    }

    @ParameterizedTest
    @EnumSource(IpFamily.class)
    void aFragmentAfterTheDeadlineButBeforeExpiryIsDiscarded(IpFamily family) {
        Reassembler r = reassembler(family);
        Sender s = new Sender(family, 32, 22);
        assertEquals(Outcome.HELD, s.send(r, 0, 16, true));
        now += r.limits().timeoutNanos();
        assertEquals(Outcome.DISCARDED, s.send(r, 16, 32, false), "too late to complete");
        assertEquals(1, r.expire(now, null), "the timeout is still reported");
    }

    // ---- memory ----

    @Test
    void overTheHighThresholdTheOldestDatagramsAreEvictedDownToTheLowThreshold() {
        Reassembler probe = new Reassembler(IpFamily.IPV4, Limits.ipv4Defaults(), pool, counters, 1);
        long perDatagram = probe.entryOverheadBytes() + PacketPool.MIN_CLASS_BYTES;
        Reassembler r = reassembler(IpFamily.IPV4, new Limits(10 * perDatagram, 6 * perDatagram, 64, 30 * SECOND));
        Sender[] senders = new Sender[14];
        for (int i = 0; i < senders.length; i++) {
            senders[i] = new Sender(IpFamily.IPV4, 64, i);
            senders[i].identification = i;
            assertEquals(Outcome.HELD, senders[i].send(r, 0, 16, true));
            now += 1000;
            assertTrue(r.heldBytes() <= 10 * perDatagram);
        }
        // Datagrams 0..9 filled the space; the 11th evicted 0..4 (down to 6 held); 11..13 then fit.
        assertEquals(9, r.datagrams());
        assertEquals(5, r.evictions());
        assertEquals(5, count(StackCounter.IP_REASM_FAILS));
        // The survivors are the newest: 5..13 complete, 0..4 start over.
        for (int i = 5; i < senders.length; i++) {
            assertEquals(Outcome.COMPLETE, senders[i].send(r, 16, 64, false), "datagram " + i);
            senders[i].verify(out.take());
        }
        assertEquals(Outcome.HELD, senders[0].send(r, 16, 64, false), "evicted: its first fragment is gone");
        assertEquals(1, r.expire(now + 31 * SECOND, null));
    }

    @Test
    void aDatagramLargerThanTheBoundIsDroppedWithoutEvictingItself() {
        Reassembler probe = new Reassembler(IpFamily.IPV4, Limits.ipv4Defaults(), pool, counters, 1);
        long high = probe.entryOverheadBytes() + 3L * PacketPool.MIN_CLASS_BYTES;
        Reassembler r = reassembler(IpFamily.IPV4, new Limits(high, high, 64, 30 * SECOND));
        Sender s = new Sender(IpFamily.IPV4, 8000, 23);
        assertEquals(Outcome.HELD, s.send(r, 0, 1000, true));
        assertEquals(Outcome.HELD, s.send(r, 1000, 2000, true));
        assertEquals(Outcome.HELD, s.send(r, 2000, 3000, true));
        assertEquals(Outcome.NO_MEMORY, s.send(r, 3000, 4000, true));
        assertEquals(0, r.datagrams());
        assertEquals(0, r.heldBytes());
        assertEquals(1, r.noMemory());
        assertEquals(1, count(StackCounter.IP_REASM_FAILS));
    }

    /**
     * Fragments that never complete, under ever new identifications and sources: memory stays within the bound
     * throughout, the oldest go first, and a legitimate datagram sent in between still completes.
     */
    @ParameterizedTest
    @EnumSource(IpFamily.class)
    void endlessFragmentsStayWithinBounds(IpFamily family) {
        // Leak tracking records a stack per lease, too slow for 100k fragments; outstanding() still counts them.
        pool.close();
        pool = new PacketPool(new PacketPool.Options(false, 128, 64, false, null));
        Reassembler r = reassembler(family);
        long high = r.limits().highThresholdBytes();
        Random random = new Random(666);
        Sender attacker = new Sender(family, 2048, 24);
        Sender honest = new Sender(family, 3000, 25);
        honest.identification = 42424;
        honest.source = 0x0a00_0001;
        honest.sourceLow = 0xfeed;
        long maxHeld = 0;
        long maxOutstanding = 0;
        int fragments = 100_000;
        for (int i = 0; i < fragments; i++) {
            attacker.identification = random.nextInt(family == IpFamily.IPV4 ? 65536 : Integer.MAX_VALUE);
            attacker.source = random.nextInt();
            attacker.sourceLow = random.nextLong();
            int offset = 8 * (1 + random.nextInt(100));
            Outcome o = attacker.send(r, offset, offset + 8 * (1 + random.nextInt(60)), true);
            assertTrue(o == Outcome.HELD || o == Outcome.OVERLAP || o == Outcome.DUPLICATE
                    || o == Outcome.DISCARDED, o.toString());
            maxHeld = Math.max(maxHeld, r.heldBytes());
            maxOutstanding = Math.max(maxOutstanding, pool.outstanding());
            if (i == 50_000) {
                assertEquals(Outcome.HELD, honest.send(r, 0, 1480, true));
            } else if (i == 50_010) {
                assertEquals(Outcome.HELD, honest.send(r, 1480, 2960, true));
            } else if (i == 50_020) {
                assertEquals(Outcome.COMPLETE, honest.send(r, 2960, 3000, false));
                honest.verify(out.take());
            }
            now += 10_000; // 100k fragments per second: far quicker than any timeout
        }
        assertTrue(maxHeld <= high, "held " + maxHeld + " > " + high);
        assertTrue(maxOutstanding <= high / PacketPool.MIN_CLASS_BYTES, "buffers held " + maxOutstanding);
        assertTrue(r.evictions() > 90_000, "evictions " + r.evictions());
        assertEquals(1, count(oks(family)));
        now += r.limits().timeoutNanos();
        int expired = r.expire(now, null);
        assertTrue(expired > 100, "expired " + expired);
        assertEquals(0, r.datagrams());
        assertEquals(0, r.heldBytes());
        assertEquals(0, pool.outstanding());
    }

    // ---- keys and special cases ----

    @Test
    void ipv4KeysIncludeProtocolSourceAndInterface() {
        Reassembler r = reassembler(IpFamily.IPV4);
        Sender udp = new Sender(IpFamily.IPV4, 32, 26);
        Sender tcp = new Sender(IpFamily.IPV4, 32, 27);
        tcp.protocol = 6;
        Sender otherSource = new Sender(IpFamily.IPV4, 32, 28);
        otherSource.source = 0xc000_0202;
        Sender otherInterface = new Sender(IpFamily.IPV4, 32, 29);
        otherInterface.interfaceIndex = ETH1;
        for (Sender s : List.of(udp, tcp, otherSource, otherInterface)) {
            assertEquals(Outcome.HELD, s.send(r, 0, 16, true));
        }
        assertEquals(4, r.datagrams());
        for (Sender s : List.of(udp, tcp, otherSource, otherInterface)) {
            assertEquals(Outcome.COMPLETE, s.send(r, 16, 32, false));
            s.verify(out.take());
        }
    }

    @Test
    void ipv6FragmentsMayCarryDifferentNextHeadersAndTheFirstOneCounts() {
        Reassembler r = reassembler(IpFamily.IPV6);
        Sender s = new Sender(IpFamily.IPV6, 48, 30);
        s.laterNextHeader = 59;
        assertEquals(Outcome.HELD, s.send(r, 16, 32, true));
        assertEquals(Outcome.HELD, s.send(r, 0, 16, true));
        assertEquals(Outcome.COMPLETE, s.send(r, 32, 48, false));
        s.verify(out.take());
    }

    @Test
    void anIpv6AtomicFragmentIsProcessedAloneWithoutItsFragmentHeader() {
        Reassembler r = reassembler(IpFamily.IPV6);
        Sender s = new Sender(IpFamily.IPV6, 100, 31);
        s.options = 8;
        assertEquals(Outcome.HELD, s.send(r, 0, 16, true), "a datagram in progress with the same identification");
        Sender atomic = new Sender(IpFamily.IPV6, 100, 32);
        atomic.options = 8;
        atomic.identification = s.identification;
        assertEquals(Outcome.COMPLETE, atomic.send(r, 0, 100, false));
        atomic.verify(out.take());
        assertEquals(1, r.datagrams(), "RFC 6946: the other datagram is untouched");
        assertEquals(Outcome.COMPLETE, s.send(r, 16, 100, false));
        s.verify(out.take());
        assertEquals(3, count(StackCounter.IPV6_REASM_REQDS));
        assertEquals(2, count(StackCounter.IPV6_REASM_OKS));
    }

    @Test
    void anIpv4PacketThatIsNotAFragmentComesBackUnchanged() {
        Reassembler r = reassembler(IpFamily.IPV4);
        Sender s = new Sender(IpFamily.IPV4, 100, 33);
        PacketBuffer whole = s.packet(0, 100, false);
        assertEquals(Outcome.COMPLETE, s.accept(r, whole, 0, false));
        PacketBuffer back = out.take();
        assertSame(whole, back);
        assertEquals(20, out.headerLength());
        assertEquals(0, count(StackCounter.IP_REASM_REQDS), "not a fragment, not counted");
        back.release();
    }

    @Test
    void misuseIsRefusedBeforeOwnershipMoves() {
        Reassembler v4 = reassembler(IpFamily.IPV4);
        Reassembler v6 = reassembler(IpFamily.IPV6);
        Sender s6 = new Sender(IpFamily.IPV6, 32, 34);
        PacketBuffer p6 = s6.packet(0, 16, true);
        assertThrows(IllegalStateException.class,
                () -> v4.acceptIpv6(ETH0, 0, 0, 0, 0, 1, 17, 0, true, p6, 40, 6, now, out));
        p6.release();
        Sender s4 = new Sender(IpFamily.IPV4, 32, 35);
        assertEquals(Outcome.HELD, s4.send(v4, 0, 16, true));
        assertEquals(Outcome.COMPLETE, s4.send(v4, 16, 32, false));
        PacketBuffer next = s4.packet(0, 16, true);
        assertThrows(IllegalStateException.class, () -> s4.accept(v4, next, 0, true),
                "the completed datagram was not taken");
        next.release();
        s4.verify(out.take());
        assertThrows(IllegalStateException.class,
                () -> v6.acceptIpv4(ETH0, 1, 2, 3, 17, 0, true, null, 20, now, out));
        assertThrows(IllegalArgumentException.class, () -> new Limits(0, 0, 64, SECOND));
        assertThrows(IllegalArgumentException.class, () -> new Limits(10, 11, 64, SECOND));
        assertThrows(IllegalArgumentException.class, () -> new Limits(10, 10, 0, SECOND));
        assertThrows(IllegalArgumentException.class, () -> new Limits(10, 10, 8193, SECOND));
        assertThrows(IllegalArgumentException.class, () -> new Limits(10, 10, 64, 0));
        assertTrue(v4.toString().contains("IPV4"));
        assertSame(IpFamily.IPV6, v6.family());
    }

    @Test
    void clearReleasesEverything() {
        Reassembler r = reassembler(IpFamily.IPV6);
        for (int i = 0; i < 10; i++) {
            Sender s = new Sender(IpFamily.IPV6, 64, i);
            s.identification = i;
            s.send(r, 0, 16, true);
            s.send(r, 32, 48, true);
        }
        Sender dead = new Sender(IpFamily.IPV6, 64, 99);
        dead.send(r, 0, 16, true);
        dead.send(r, 8, 24, true);
        assertEquals(10, r.datagrams());
        assertEquals(1, r.tombstones());
        assertTrue(pool.outstanding() >= 20);
        r.clear();
        assertEquals(0, r.datagrams());
        assertEquals(0, r.tombstones());
        assertEquals(0, pool.outstanding());
    }

    @Test
    void twoReceiveThreadsShareOneReassembler() throws InterruptedException {
        Reassembler r = reassembler(IpFamily.IPV4);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            int thread = t;
            threads[t] = new Thread(() -> {
                try {
                    Reassembler.Reassembled mine = new Reassembler.Reassembled();
                    for (int i = 0; i < 500; i++) {
                        Sender s = new Sender(IpFamily.IPV4, 3000, i);
                        s.identification = thread * 1000 + i;
                        int[] cut = cuts(3000, 1000);
                        for (int f = 2; f >= 0; f--) {
                            PacketBuffer p = s.packet(cut[f], cut[f + 1], f < 2);
                            Outcome o = r.acceptIpv4(ETH0, s.source, 0xc633_6402, s.identification, 17, cut[f],
                                    f < 2, p, 20, 0, mine);
                            if (f > 0 && o != Outcome.HELD || f == 0 && o != Outcome.COMPLETE) {
                                throw new AssertionError("thread " + thread + " datagram " + i + ": " + o);
                            }
                        }
                        PacketBuffer datagram = mine.take();
                        if (datagram.length() != 3020) {
                            throw new AssertionError("length " + datagram.length());
                        }
                        datagram.release();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(1000, count(StackCounter.IP_REASM_OKS));
        assertEquals(0, r.datagrams());
    }

    @Test
    void steadyStateAllocatesNothing() {
        PacketPool quiet = new PacketPool(new PacketPool.Options(false, 128, 64, false, null));
        try {
            Reassembler r = new Reassembler(IpFamily.IPV4, Limits.ipv4Defaults(), quiet, counters, 3);
            Reassembler.Reassembled holder = new Reassembler.Reassembled();
            MemorySegment data = MemorySegment.ofArray(new byte[4000]);
            long[] clock = {0};
            Runnable work = () -> {
                for (int i = 0; i < 2000; i++) {
                    // Three fragments in reverse order: a pool buffer for the datagram. Then two small ones:
                    // reassembled in the first fragment's buffer.
                    int size = (i & 1) == 0 ? 4000 : 400;
                    int piece = size == 4000 ? 1480 : 200;
                    for (int offset = (size - 1) / piece * piece; offset >= 0; offset -= piece) {
                        int end = Math.min(size, offset + piece);
                        PacketBuffer p = quiet.allocate(20 + end - offset);
                        p.append(20 + end - offset);
                        p.segment().set(ValueLayout.JAVA_BYTE, p.start() + 1L, (byte) 0); // ECN: Not-ECT
                        MemorySegment.copy(data, offset, p.segment(), p.start() + 20L, end - offset);
                        r.acceptIpv4(ETH0, 1, 2, i & 0xffff, 17, offset, end < size, p, 20, clock[0] += 1000,
                                holder);
                    }
                    holder.take().release();
                }
            };
            work.run();
            assertEquals(0, AllocationProbe.steadyStateBytes(work, 10), "bytes allocated in steady state");
            assertEquals(0, quiet.outstanding());
        } finally {
            quiet.close();
        }
    }

    @Test
    void nothingIsHeldWhenIdle() {
        Reassembler r = reassembler(IpFamily.IPV4);
        assertEquals(0, r.heldBytes());
        assertNull(out.take());
        assertEquals(0, r.expire(Long.MAX_VALUE, null));
    }
}
