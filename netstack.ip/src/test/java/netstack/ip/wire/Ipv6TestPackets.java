package netstack.ip.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HexFormat;
import netstack.api.net.Ipv6Address;

/** Helpers shared by the IPv6 wire tests: wrapping golden bytes, finding the ICMPv6 message, fixing checksums. */
final class Ipv6TestPackets {

    static final HexFormat HEX = HexFormat.of();

    private Ipv6TestPackets() {
    }

    /** @return a checked view over a copy of {@code packet} (so tests may scribble on it) */
    static Ipv6Packet ip(byte[] packet) {
        Ipv6Packet ip = new Ipv6Packet().wrap(MemorySegment.ofArray(packet.clone()), 0, packet.length);
        assertEquals(Ipv6Packet.Check.OK, ip.check(), "golden packet passes the gate");
        return ip;
    }

    /** @return the offset of the upper-layer header, found by walking the chain (it must end in one) */
    static int upperLayerOffset(Ipv6Packet ip) {
        Ipv6ExtensionHeaders walker = new Ipv6ExtensionHeaders();
        Ipv6ExtensionHeaders.Verdict v = walker.walk(ip);
        if (v != Ipv6ExtensionHeaders.Verdict.UPPER_LAYER && v != Ipv6ExtensionHeaders.Verdict.FRAGMENT) {
            throw new AssertionError("no upper layer: " + v);
        }
        return walker.upperLayerOffset();
    }

    /** @return a view of the ICMPv6 message of a checked packet */
    static Icmpv6Packet icmp(Ipv6Packet ip) {
        int at = upperLayerOffset(ip);
        return new Icmpv6Packet().wrap(ip.segment(), ip.offset() + at, ip.length() - at);
    }

    /** Recomputes the ICMPv6 checksum of a packet held in {@code bytes} after a test changed it. */
    static byte[] refillChecksum(byte[] bytes) {
        Ipv6Packet ip = new Ipv6Packet().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        ip.check();
        icmp(ip).fillChecksum(ip);
        return bytes;
    }

    /** @return the bytes of a view's window */
    static byte[] bytes(Flyweight view) {
        return view.segment().asSlice(view.offset(), view.length()).toArray(ValueLayout.JAVA_BYTE);
    }

    /** @return {@code length} bytes of 0xa5, standing for a reused buffer's stale contents */
    static byte[] stale(int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) 0xa5);
        return b;
    }

    static void u16(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    /** @return {@code a} followed by {@code b} */
    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /**
     * Builds an IPv6 packet from documentation addresses 2001:db8:1::a to {@code destination} with the given first
     * next header and payload (payload length set to match).
     */
    static byte[] packet(String destination, int nextHeader, byte[] payload) {
        byte[] header = concat(HEX.parseHex("6000000000000040"), HEX.parseHex("20010db800010000000000000000000a"),
                Ipv6Address.parse(destination).toBytes());
        u16(header, 4, payload.length);
        header[6] = (byte) nextHeader;
        return concat(header, payload);
    }
}
