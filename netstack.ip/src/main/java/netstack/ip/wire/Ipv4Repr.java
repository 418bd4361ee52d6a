package netstack.ip.wire;

import java.util.Objects;
import netstack.api.net.Ipv4Address;

/**
 * A validated IPv4 header (RFC 791 §3.1) as values, for control paths and tests: parse a checked
 * {@link Ipv4Packet}, or build one and {@link #emit} it.
 *
 * <p>Options are not represented: {@link #parse} skips them (a datagram with options parses to the same values as
 * without) and {@link #emit} writes a 20-byte header. The header checksum is not a component: it is verified by
 * {@link Ipv4Packet#check()} and computed by {@link #emit}. The reserved flag is not represented either: emit clears
 * it. Within those limits {@code parse(emit(r)) == r} for every valid {@code r}. Creating one allocates; hot paths
 * use {@link Ipv4Packet#emit(int, int, boolean, int, int, int, int, int)} directly.
 *
 * @param dscp Differentiated Services codepoint (RFC 2474), 0..63
 * @param ecn ECN field (RFC 3168), 0..3
 * @param identification Identification, 0..65535
 * @param dontFragment DF
 * @param moreFragments MF
 * @param fragmentOffsetBytes the fragment offset in bytes, a multiple of 8 in 0..65528
 * @param timeToLive Time to Live, 0..255
 * @param protocol Protocol, 0..255
 * @param source Source Address
 * @param destination Destination Address
 * @param payloadLength data bytes after the header, 0..65515 (Total Length minus the header)
 */
public record Ipv4Repr(int dscp, int ecn, int identification, boolean dontFragment, boolean moreFragments,
        int fragmentOffsetBytes, int timeToLive, int protocol, Ipv4Address source, Ipv4Address destination,
        int payloadLength) {

    /** The default Time to Live of Linux ({@code net.ipv4.ip_default_ttl}), as RFC 1700 recommends. */
    public static final int DEFAULT_TTL = 64;

    /**
     * @throws IllegalArgumentException if a field is out of its range
     * @throws NullPointerException if an address is null
     */
    public Ipv4Repr {
        range("DSCP", dscp, 63);
        range("ECN", ecn, 3);
        range("identification", identification, 0xffff);
        range("fragment offset", fragmentOffsetBytes, Ipv4Packet.FRAGMENT_OFFSET_MASK << 3);
        if ((fragmentOffsetBytes & 7) != 0) {
            throw new IllegalArgumentException("a fragment offset is a multiple of 8 bytes, not "
                    + fragmentOffsetBytes);
        }
        range("time to live", timeToLive, 0xff);
        range("protocol", protocol, 0xff);
        range("payload length", payloadLength, Ipv4Packet.MAX_TOTAL_LENGTH - Ipv4Packet.MIN_HEADER_BYTES);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
    }

    /**
     * An unfragmented datagram with DSCP and ECN 0 and identification 0 (which RFC 6864 §4.1 allows for atomic
     * datagrams: DF set, not a fragment).
     *
     * @param source Source Address
     * @param destination Destination Address
     * @param protocol Protocol
     * @param timeToLive Time to Live
     * @param dontFragment DF
     * @param payloadLength data bytes after the header
     * @return the header
     */
    public static Ipv4Repr of(Ipv4Address source, Ipv4Address destination, int protocol, int timeToLive,
            boolean dontFragment, int payloadLength) {
        return new Ipv4Repr(0, 0, 0, dontFragment, false, 0, timeToLive, protocol, source, destination,
                payloadLength);
    }

    /**
     * @param packet a packet whose {@link Ipv4Packet#check()} returned {@link Ipv4Packet.Status#OK}
     * @return its header values (options skipped; {@link #payloadLength()} is Total Length minus the header, padding
     *     excluded)
     */
    public static Ipv4Repr parse(Ipv4Packet packet) {
        return new Ipv4Repr(packet.dscp(), packet.ecn(), packet.identification(), packet.dontFragment(),
                packet.moreFragments(), packet.fragmentOffsetBytes(), packet.timeToLive(), packet.protocol(),
                Ipv4Address.of(packet.sourceAddress()), Ipv4Address.of(packet.destinationAddress()),
                packet.payloadLength());
    }

    /** @return {@code true} if this header describes a fragment (MF set or a non-zero offset) */
    public boolean isFragment() {
        return moreFragments || fragmentOffsetBytes != 0;
    }

    /** @return {@value Ipv4Packet#MIN_HEADER_BYTES}, the header bytes {@link #emit} writes */
    public int headerLength() {
        return Ipv4Packet.MIN_HEADER_BYTES;
    }

    /** @return header plus payload: the Total Length {@link #emit} writes */
    public int bufferLength() {
        return Ipv4Packet.MIN_HEADER_BYTES + payloadLength;
    }

    /**
     * Writes all 20 header bytes, checksum included, at the start of the view's window; the payload (after them) is
     * the caller's.
     *
     * @param packet a view whose window holds at least 20 bytes
     * @throws IndexOutOfBoundsException if the window is shorter
     */
    public void emit(Ipv4Packet packet) {
        packet.emit((dscp << 2) | ecn, identification, dontFragment, timeToLive, protocol, source.bits(),
                destination.bits(), payloadLength);
        if (isFragment()) {
            packet.moreFragments(moreFragments).fragmentOffsetBytes(fragmentOffsetBytes).fillHeaderChecksum();
        }
    }

    private static void range(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("IPv4 " + name + " must be 0.." + max + ", not " + value);
        }
    }
}
