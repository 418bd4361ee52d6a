package netstack.ip.wire;

import static netstack.ip.wire.Ipv6TestPackets.HEX;
import static netstack.ip.wire.Ipv6TestPackets.bytes;
import static netstack.ip.wire.Ipv6TestPackets.ip;
import static netstack.ip.wire.Ipv6TestPackets.refillChecksum;
import static netstack.ip.wire.Ipv6TestPackets.stale;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import netstack.api.net.Ipv6Address;
import netstack.ip.wire.MldPacket.Check;
import netstack.ip.wire.MldRepr.AddressRecord;
import netstack.ip.wire.MldRepr.Mldv1Done;
import netstack.ip.wire.MldRepr.Mldv1Query;
import netstack.ip.wire.MldRepr.Mldv1Report;
import netstack.ip.wire.MldRepr.Mldv2Query;
import netstack.ip.wire.MldRepr.Mldv2Report;
import org.junit.jupiter.api.Test;

/** {@link MldPacket} and {@link MldRepr}: the kernel's MLDv1 and MLDv2 traffic, rebuilt byte for byte. */
class MldTest {

    private static final List<byte[]> GOLDEN_MLD = List.of(Ipv6Golden.MLDV2_REPORT_FIVE_RECORDS,
            Ipv6Golden.MLDV2_REPORT_FROM_UNSPECIFIED, Ipv6Golden.MLDV2_GENERAL_QUERY,
            Ipv6Golden.MLDV2_REPORT_MODE_IS_EXCLUDE, Ipv6Golden.MLDV2_REPORT_ALLOW, Ipv6Golden.MLDV2_REPORT_BLOCK,
            Ipv6Golden.MLDV2_SOURCE_QUERY, Ipv6Golden.MLDV1_QUERY, Ipv6Golden.MLDV1_REPORT, Ipv6Golden.MLDV1_DONE);

    private final Ipv6ExtensionHeaders walker = new Ipv6ExtensionHeaders();

    /** A packet as the stack receives it: checked, walked, the MLD message wrapped. */
    private record Received(Ipv6Packet ip, MldPacket mld, int routerAlert) {
        Check check() {
            return mld.check(ip, routerAlert);
        }
    }

    private Received receive(byte[] packet) {
        Ipv6Packet ip = ip(packet);
        assertEquals(Ipv6ExtensionHeaders.Verdict.UPPER_LAYER, walker.walk(ip));
        assertEquals(Ipv6Packet.ICMPV6, walker.upperLayerProtocol());
        int at = walker.upperLayerOffset();
        return new Received(ip, new MldPacket().wrap(ip.segment(), ip.offset() + at, ip.length() - at),
                walker.routerAlert());
    }

    private static byte[] mutate(byte[] golden, Consumer<byte[]> change) {
        byte[] b = golden.clone();
        change.accept(b);
        return refillChecksum(b);
    }

    private static Ipv6Address a(String text) {
        return Ipv6Address.parse(text);
    }

    @Test
    void everyGoldenMessageIsValid() {
        for (byte[] g : GOLDEN_MLD) {
            Received r = receive(g);
            assertEquals(0, r.routerAlert(), "every MLD message carries Router Alert 0 (RFC 3810 §5)");
            assertEquals(MldPacket.HOP_LIMIT, r.ip().hopLimit());
            assertTrue(Ipv6TestPackets.icmp(r.ip()).checksumValid(r.ip()));
            assertEquals(Check.OK, r.check(), HEX.formatHex(g));
        }
    }

    @Test
    void kernelsGeneralQuery() {
        Received r = receive(Ipv6Golden.MLDV2_GENERAL_QUERY);
        MldPacket q = r.mld();
        assertEquals(Check.OK, r.check());
        assertTrue(q.isVersion2Query());
        assertEquals(1000, q.maximumResponseCode());
        assertEquals(1000, q.maximumResponseDelayMillis());
        assertEquals(Ipv6Address.ANY, q.multicastAddress());
        assertFalse(q.suppressRouterSideProcessing());
        assertEquals(2, q.querierRobustness());
        assertEquals(125, q.queryIntervalCode());
        assertEquals(125, q.queryIntervalSeconds());
        assertEquals(0, q.sourceCount());
        assertEquals(new Mldv2Query(1000, Ipv6Address.ANY, false, 2, 125, List.of()), MldRepr.parse(q));
    }

    @Test
    void kernelsSourceSpecificQuery() {
        Received r = receive(Ipv6Golden.MLDV2_SOURCE_QUERY);
        MldPacket q = r.mld();
        assertEquals(2, q.sourceCount());
        assertEquals(a("2001:db8:2::b"), q.source(0));
        assertEquals(a("2001:db8:1::a"), q.source(1));
        assertEquals(new Mldv2Query(1000, a("ff3e::1234"), false, 2, 125,
                List.of(a("2001:db8:2::b"), a("2001:db8:1::a"))), MldRepr.parse(q));
    }

    @Test
    void kernelsReports() {
        assertEquals(new Mldv2Report(List.of(
                new AddressRecord(MldPacket.CHANGE_TO_EXCLUDE_MODE, a("ff02::1:ff00:0"), List.of()),
                new AddressRecord(MldPacket.CHANGE_TO_EXCLUDE_MODE, a("ff02::1:ff00:101"), List.of()),
                new AddressRecord(MldPacket.CHANGE_TO_EXCLUDE_MODE, a("ff02::1:ff00:1"), List.of()),
                new AddressRecord(MldPacket.CHANGE_TO_EXCLUDE_MODE, a("ff05::2"), List.of()),
                new AddressRecord(MldPacket.CHANGE_TO_EXCLUDE_MODE, a("ff02::2"), List.of()))),
                MldRepr.parse(receive(Ipv6Golden.MLDV2_REPORT_FIVE_RECORDS).mld()));
        assertEquals(new Mldv2Report(List.of(new AddressRecord(MldPacket.CHANGE_TO_EXCLUDE_MODE,
                a("ff02::1:ff00:30f"), List.of()))),
                MldRepr.parse(receive(Ipv6Golden.MLDV2_REPORT_FROM_UNSPECIFIED).mld()));
        assertEquals(new Mldv2Report(List.of(new AddressRecord(MldPacket.MODE_IS_EXCLUDE, a("ff02::1:ff00:30f"),
                List.of()))), MldRepr.parse(receive(Ipv6Golden.MLDV2_REPORT_MODE_IS_EXCLUDE).mld()));
        assertEquals(new Mldv2Report(List.of(new AddressRecord(MldPacket.ALLOW_NEW_SOURCES, a("ff3e::1234"),
                List.of(a("2001:db8:1::a"))))), MldRepr.parse(receive(Ipv6Golden.MLDV2_REPORT_ALLOW).mld()));
        assertEquals(new Mldv2Report(List.of(new AddressRecord(MldPacket.BLOCK_OLD_SOURCES, a("ff3e::1234"),
                List.of(a("2001:db8:1::a"))))), MldRepr.parse(receive(Ipv6Golden.MLDV2_REPORT_BLOCK).mld()));
        // The cursor, without the repr.
        MldPacket m = receive(Ipv6Golden.MLDV2_REPORT_FIVE_RECORDS).mld();
        int n = 0;
        for (int at = m.firstRecord(); at >= 0; at = m.nextRecord(at)) {
            assertEquals(MldPacket.CHANGE_TO_EXCLUDE_MODE, m.recordType(at));
            assertEquals(0, m.recordSourceCount(at));
            assertEquals(0, m.recordAuxDataWords(at));
            assertEquals(20, m.recordLength(at));
            assertEquals(0xff00_0000_0000_0000L, m.recordMulticastAddressHigh(at) & 0xff00_0000_0000_0000L);
            n++;
        }
        assertEquals(5, n);
        assertEquals(5, m.recordCount());
        MldPacket allow = receive(Ipv6Golden.MLDV2_REPORT_ALLOW).mld();
        assertEquals(a("2001:db8:1::a"), allow.recordSource(allow.firstRecord(), 0));
        assertEquals(0xff3e_0000_0000_0000L, allow.recordMulticastAddressHigh(allow.firstRecord()));
        assertEquals(0x1234L, allow.recordMulticastAddressLow(allow.firstRecord()));
    }

    @Test
    void kernelsMldv1() {
        Received q = receive(Ipv6Golden.MLDV1_QUERY);
        assertFalse(q.mld().isVersion2Query());
        assertEquals(1000, q.mld().maximumResponseDelayMillis(), "MLDv1: the field is milliseconds");
        assertEquals(new Mldv1Query(1000, Ipv6Address.ANY), MldRepr.parse(q.mld()));
        Received report = receive(Ipv6Golden.MLDV1_REPORT);
        assertEquals(new Mldv1Report(a("ff02::1:ff00:f")), MldRepr.parse(report.mld()));
        assertEquals(report.ip().destinationAddress(), report.mld().multicastAddress(), "sent to the group");
        Received done = receive(Ipv6Golden.MLDV1_DONE);
        assertEquals(new Mldv1Done(a("ff02::1:ff01:f")), MldRepr.parse(done.mld()));
        assertEquals(Ipv6Address.ALL_ROUTERS, done.ip().destinationAddress());
    }

    /**
     * Every golden MLD packet rebuilt over stale memory: the IPv6 header from its repr, the Hop-by-Hop header (from
     * {@link Ipv6OptionsHeader#emitRouterAlert} where the kernel's host code sent it; the bridge querier pads with
     * two Pad1 instead of a PadN, so its header is copied), the message from its repr, then the checksum.
     */
    @Test
    void rebuildsTheKernelsPacketsByteForByte() {
        for (byte[] g : GOLDEN_MLD) {
            Received r = receive(g);
            byte[] out = stale(g.length);
            Ipv6Packet ip = new Ipv6Packet().wrap(MemorySegment.ofArray(out), 0, out.length);
            Ipv6Repr.parse(r.ip()).emit(ip);
            Ipv6OptionsHeader hbh = new Ipv6OptionsHeader().wrap(ip.segment(), 40, 8);
            boolean querier = r.mld().type() == Icmpv6Packet.MLD_QUERY;
            if (querier) {
                System.arraycopy(g, 40, out, 40, 8);
            } else {
                hbh.emitRouterAlert(Ipv6Packet.ICMPV6, Ipv6OptionsHeader.ROUTER_ALERT_MLD);
            }
            MldRepr repr = MldRepr.parse(r.mld());
            assertEquals(g.length - 48, repr.length());
            MldPacket mld = new MldPacket().wrap(ip.segment(), 48, out.length - 48);
            repr.emit(mld);
            new Icmpv6Packet().wrap(ip.segment(), 48, repr.length()).fillChecksum(ip);
            assertArrayEquals(g, out, repr.toString());
        }
    }

    @Test
    void reprsRoundTripOverStaleMemory() {
        List<MldRepr> all = List.of(new Mldv1Query(65535, a("ff02::1:3")), new Mldv1Report(a("ff0e::1")),
                new Mldv1Done(a("ff0e::1")),
                new Mldv2Query(MldPacket.encodeMaximumResponseCode(10_000), a("ff3e::1"), true, 7,
                        MldPacket.encodeQueryIntervalCode(3600), List.of(a("2001:db8::1"))),
                new Mldv2Report(List.of()),
                new Mldv2Report(List.of(new AddressRecord(MldPacket.MODE_IS_INCLUDE, a("ff3e::2"),
                        List.of(a("2001:db8::1"), a("2001:db8::2"), a("2001:db8::3"))),
                        new AddressRecord(MldPacket.CHANGE_TO_INCLUDE_MODE, a("ff02::fb"), List.of()))));
        for (MldRepr r : all) {
            byte[] out = stale(r.length() + 3);
            MldPacket p = new MldPacket().wrap(MemorySegment.ofArray(out), 0, out.length);
            r.emit(p);
            assertEquals(r.length(), p.length());
            assertEquals((byte) 0xa5, out[r.length()]);
            assertEquals(0, MemorySegment.ofArray(out).get(Flyweight.U16, 2), "checksum left zero");
            assertEquals(r, MldRepr.parse(p), r.toString());
        }
        Mldv2Query q = (Mldv2Query) all.get(3);
        assertEquals(10_000, q.maximumResponseDelayMillis());
        assertEquals(3584, q.queryIntervalSeconds(), "3600 s rounds down to what the code can hold");
    }

    @Test
    void reprValidation() {
        assertThrows(IllegalArgumentException.class, () -> new AddressRecord(0, a("ff02::1"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new AddressRecord(7, a("ff02::1"), List.of()));
        assertThrows(NullPointerException.class, () -> new AddressRecord(1, null, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Mldv1Query(65536, Ipv6Address.ANY));
        assertThrows(IllegalArgumentException.class,
                () -> new Mldv2Query(0, Ipv6Address.ANY, false, 8, 0, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new Mldv2Query(0, Ipv6Address.ANY, false, 0, 256, List.of()));
        assertThrows(IndexOutOfBoundsException.class, () -> new Mldv1Report(a("ff02::1"))
                .emit(new MldPacket().wrap(MemorySegment.ofArray(new byte[23]), 0, 23)));
        assertThrows(IllegalArgumentException.class, () -> MldRepr.parse(
                new MldPacket().wrap(MemorySegment.ofArray(Ipv6Golden.ECHO_REQUEST), 40, 64)));
    }

    // ---- validity ----

    @Test
    void queriesMustComeFromLinkLocalWithHopLimit1AndRouterAlert() {
        for (byte[] query : new byte[][] {Ipv6Golden.MLDV2_GENERAL_QUERY, Ipv6Golden.MLDV1_QUERY,
                Ipv6Golden.MLDV2_SOURCE_QUERY}) {
            assertEquals(Check.BAD_HOP_LIMIT, receive(mutate(query, b -> b[7] = 2)).check());
            assertEquals(Check.BAD_HOP_LIMIT, receive(mutate(query, b -> b[7] = (byte) 255)).check());
            assertEquals(Check.BAD_SOURCE, receive(mutate(query, b -> System.arraycopy(
                    a("2001:db8:3::1").toBytes(), 0, b, 8, 16))).check());
            assertEquals(Check.BAD_SOURCE, receive(mutate(query, b -> Arrays.fill(b, 8, 24, (byte) 0))).check());
            assertEquals(Check.NO_ROUTER_ALERT, receive(mutate(query, b -> b[45] = 1)).check(), "Router Alert 1");
            // No Router Alert at all: the option turned into an unknown one of action 00.
            Received none = receive(mutate(query, b -> b[42] = 0x1e));
            assertEquals(-1, none.routerAlert());
            assertEquals(Check.NO_ROUTER_ALERT, none.check());
        }
    }

    @Test
    void reportsMustComeFromLinkLocalOrUnspecified() {
        for (byte[] report : new byte[][] {Ipv6Golden.MLDV2_REPORT_ALLOW, Ipv6Golden.MLDV1_REPORT,
                Ipv6Golden.MLDV1_DONE}) {
            assertEquals(Check.BAD_SOURCE, receive(mutate(report, b -> System.arraycopy(
                    a("2001:db8:3::f").toBytes(), 0, b, 8, 16))).check());
            assertEquals(Check.OK, receive(mutate(report, b -> Arrays.fill(b, 8, 24, (byte) 0))).check());
            assertEquals(Check.OK, receive(mutate(report, b -> b[7] = 64)).check(), "hop limit is a query rule");
        }
        assertEquals(Check.OK, receive(Ipv6Golden.MLDV2_REPORT_FROM_UNSPECIFIED).check());
    }

    @Test
    void queryLengths() {
        Received r = receive(Ipv6Golden.MLDV2_SOURCE_QUERY);
        for (int n = 0; n < r.mld().length(); n++) {
            MldPacket cut = new MldPacket().wrap(r.mld().segment(), r.mld().offset(), n);
            Check expected = n < 24 ? Check.TRUNCATED : n == 24 ? Check.OK : n < 28 ? Check.BAD_QUERY_LENGTH
                    : Check.TRUNCATED;
            assertEquals(expected, cut.check(r.ip(), 0), "length " + n);
        }
        MldPacket v1 = new MldPacket().wrap(r.mld().segment(), r.mld().offset(), 24);
        assertFalse(v1.isVersion2Query(), "a 24-byte query is MLDv1 (RFC 3810 §8.1)");
        // A source count that lies.
        Received lying = receive(mutate(Ipv6Golden.MLDV2_SOURCE_QUERY, b -> b[48 + 27] = 3));
        assertEquals(Check.TRUNCATED, lying.check());
        Received fewer = receive(mutate(Ipv6Golden.MLDV2_SOURCE_QUERY, b -> b[48 + 27] = 1));
        assertEquals(Check.OK, fewer.check(), "trailing bytes after the sources are ignored");
        assertEquals(1, MldRepr.parse(fewer.mld()) instanceof Mldv2Query q ? q.sources().size() : -1);
    }

    @Test
    void reportsTruncatedAtEveryLengthAndLyingCounts() {
        for (byte[] g : List.of(Ipv6Golden.MLDV2_REPORT_FIVE_RECORDS, Ipv6Golden.MLDV2_REPORT_ALLOW)) {
            Received r = receive(g);
            for (int n = 0; n < r.mld().length(); n++) {
                MldPacket cut = new MldPacket().wrap(r.mld().segment(), r.mld().offset(), n);
                assertEquals(Check.TRUNCATED, cut.check(r.ip(), 0), "length " + n);
            }
        }
        Received six = receive(mutate(Ipv6Golden.MLDV2_REPORT_FIVE_RECORDS, b -> b[48 + 7] = 6));
        assertEquals(Check.TRUNCATED, six.check(), "six records claimed, five sent");
        int walked = 0;
        for (int at = six.mld().firstRecord(); at >= 0; at = six.mld().nextRecord(at)) {
            walked++;
        }
        assertEquals(5, walked, "the cursor never leaves the window");
        assertEquals(Check.TRUNCATED, receive(mutate(Ipv6Golden.MLDV2_REPORT_ALLOW,
                b -> b[48 + 8 + 3] = 2)).check(), "two sources claimed, one sent");
        assertEquals(Check.TRUNCATED, receive(mutate(Ipv6Golden.MLDV2_REPORT_ALLOW,
                b -> b[48 + 8 + 1] = 1)).check(), "aux data claimed, none sent");
        Received fewer = receive(mutate(Ipv6Golden.MLDV2_REPORT_FIVE_RECORDS, b -> b[48 + 7] = 2));
        assertEquals(Check.OK, fewer.check());
        assertEquals(2, ((Mldv2Report) MldRepr.parse(fewer.mld())).records().size(), "only the records counted");
        for (byte[] g : List.of(Ipv6Golden.MLDV1_REPORT, Ipv6Golden.MLDV1_DONE)) {
            Received r = receive(g);
            for (int n = 0; n < 24; n++) {
                assertEquals(Check.TRUNCATED, new MldPacket().wrap(r.mld().segment(), r.mld().offset(), n)
                        .check(r.ip(), 0), "length " + n);
            }
        }
    }

    @Test
    void auxiliaryDataIsSkipped() {
        // Two records, the first with one word of auxiliary data (RFC 3810 §5.2.6: receivers skip it).
        byte[] report = HEX.parseHex("8f000000" + "00000002"
                + "05010001" + "ff3e0000000000000000000000000001" + "20010db8000000000000000000000001" + "deadbeef"
                + "01000000" + "ff3e0000000000000000000000000002");
        byte[] packet = Ipv6TestPackets.packet("ff02::16", 0, Ipv6TestPackets.concat(HEX.parseHex("3a00050200000100"),
                report));
        packet[7] = 1;
        System.arraycopy(a("fe80::1").toBytes(), 0, packet, 8, 16);
        Received r = receive(refillChecksum(packet));
        assertEquals(Check.OK, r.check());
        int first = r.mld().firstRecord();
        assertEquals(1, r.mld().recordAuxDataWords(first));
        assertEquals(20 + 16 + 4, r.mld().recordLength(first));
        assertEquals(new Mldv2Report(List.of(
                new AddressRecord(MldPacket.ALLOW_NEW_SOURCES, a("ff3e::1"), List.of(a("2001:db8::1"))),
                new AddressRecord(MldPacket.MODE_IS_INCLUDE, a("ff3e::2"), List.of()))), MldRepr.parse(r.mld()));
    }

    @Test
    void notMld() {
        Received r = receive(Ipv6Golden.MLDV2_REPORT_ALLOW);
        byte[] echo = Ipv6Golden.ECHO_REQUEST;
        MldPacket p = new MldPacket().wrap(MemorySegment.ofArray(echo), 40, 64);
        assertEquals(Check.NOT_MLD, p.check(r.ip(), 0));
        assertEquals(Check.TRUNCATED, new MldPacket().wrap(MemorySegment.ofArray(echo), 40, 3).check(r.ip(), 0));
    }

    // ---- RFC 3810 §5.1.3 and §5.1.9 floating-point codes ----

    @Test
    void maximumResponseCodeDecodesAndEncodesExhaustively() {
        assertEquals(0x7fff, MldPacket.decodeMaximumResponseCode(0x7fff));
        assertEquals(0x1000 << 3, MldPacket.decodeMaximumResponseCode(0x8000), "exp 0, mant 0: 32768 ms");
        assertEquals(0x1fffL << 10, MldPacket.decodeMaximumResponseCode(0xffff), "the largest: 8387584 ms");
        TreeMap<Long, Integer> byValue = new TreeMap<>();
        for (int code = 0; code <= 0xffff; code++) {
            long ms = MldPacket.decodeMaximumResponseCode(code);
            assertEquals(code, MldPacket.encodeMaximumResponseCode(ms), "code 0x" + Integer.toHexString(code));
            byValue.put(ms, code);
        }
        assertEquals(65536, byValue.size(), "every code means a different delay");
        Random random = new Random(3810);
        for (int i = 0; i < 20_000; i++) {
            long ms = random.nextInt(9_000_000);
            // The encoder rounds down to the largest delay a code can hold.
            assertEquals(byValue.floorEntry(ms).getValue(), MldPacket.encodeMaximumResponseCode(ms), "ms " + ms);
        }
        assertEquals(0, MldPacket.encodeMaximumResponseCode(-5));
    }

    @Test
    void queryIntervalCodeDecodesAndEncodesExhaustively() {
        assertEquals(125, MldPacket.decodeQueryIntervalCode(125));
        assertEquals(128, MldPacket.decodeQueryIntervalCode(0x80));
        assertEquals(31744, MldPacket.decodeQueryIntervalCode(0xff));
        TreeMap<Integer, Integer> byValue = new TreeMap<>();
        for (int code = 0; code <= 0xff; code++) {
            int s = MldPacket.decodeQueryIntervalCode(code);
            assertEquals(code, MldPacket.encodeQueryIntervalCode(s));
            byValue.put(s, code);
        }
        assertEquals(256, byValue.size());
        for (int s = 0; s < 40_000; s += 7) {
            assertEquals(byValue.floorEntry(s).getValue(), MldPacket.encodeQueryIntervalCode(s), "s " + s);
        }
    }

    @Test
    void windowsAreBytesOfTheMessage() {
        Received r = receive(Ipv6Golden.MLDV1_DONE);
        assertEquals(24, bytes(r.mld()).length);
        assertEquals(Icmpv6Packet.MLDV1_DONE, r.mld().type());
        assertEquals(0, r.mld().code());
        assertEquals(MldPacket.ALL_MLDV2_ROUTERS, receive(Ipv6Golden.MLDV2_REPORT_ALLOW).ip().destinationAddress());
    }
}
