package netstack.ip.wire;

import java.util.Objects;
import netstack.api.net.Ipv6Address;

/**
 * The fields of an IPv6 fixed header (RFC 8200 §3) as a validated value, for control paths and tests; the data
 * path reads and writes {@link Ipv6Packet} directly.
 *
 * @param trafficClass the 8-bit traffic class (DSCP and ECN)
 * @param flowLabel the 20-bit flow label
 * @param payloadLength bytes after the fixed header, 0..65535
 * @param nextHeader the type of the first header after the fixed one
 * @param hopLimit the hop limit, 0..255
 * @param source the source address
 * @param destination the destination address
 */
public record Ipv6Repr(int trafficClass, int flowLabel, int payloadLength, int nextHeader, int hopLimit,
        Ipv6Address source, Ipv6Address destination) {

    /**
     * @throws IllegalArgumentException if a field does not fit its bits
     * @throws NullPointerException if an address is null
     */
    public Ipv6Repr {
        requireBits("traffic class", trafficClass, 8);
        requireBits("flow label", flowLabel, 20);
        requireBits("payload length", payloadLength, 16);
        requireBits("next header", nextHeader, 8);
        requireBits("hop limit", hopLimit, 8);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
    }

    static void requireBits(String what, long value, int bits) {
        if (value < 0 || (value >>> bits) != 0) {
            throw new IllegalArgumentException(what + " " + value + " does not fit in " + bits + " bits");
        }
    }

    /**
     * @param packet a view that passed {@link Ipv6Packet#check()} (or {@link Ipv6Packet#checkInvoking()})
     * @return its header fields
     */
    public static Ipv6Repr parse(Ipv6Packet packet) {
        return new Ipv6Repr(packet.trafficClass(), packet.flowLabel(), packet.payloadLength(), packet.nextHeader(),
                packet.hopLimit(), packet.sourceAddress(), packet.destinationAddress());
    }

    /**
     * Writes all 40 bytes of the fixed header (version 6 included) at the start of the view's window.
     *
     * @param packet a view whose window holds at least {@value Ipv6Packet#HEADER_LENGTH} bytes
     * @throws IndexOutOfBoundsException if the window is shorter than the header
     */
    public void emit(Ipv6Packet packet) {
        if (packet.length() < Ipv6Packet.HEADER_LENGTH) {
            throw new IndexOutOfBoundsException("an IPv6 header needs 40 bytes, the window has " + packet.length());
        }
        packet.u32(Ipv6Packet.VERSION_CLASS_FLOW, (6 << 28) | (trafficClass << 20) | flowLabel);
        packet.payloadLength(payloadLength).nextHeader(nextHeader).hopLimit(hopLimit)
                .sourceAddress(source).destinationAddress(destination);
    }

    /** @return the header plus payload, in bytes */
    public int totalLength() {
        return Ipv6Packet.HEADER_LENGTH + payloadLength;
    }
}
