package netstack.ip.wire;

import java.lang.foreign.MemorySegment;

/**
 * View of an IPv6 Routing header (RFC 8200 §4.4): the part common to every routing type.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Hdr Ext Len  |  Routing Type | Segments Left |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * .                       type-specific data                      .
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * This stack is a host and forwards no source-routed packets: it recognises no routing type. A routing header with
 * zero segments left is ignored; one with segments left is answered with a Parameter Problem pointing at the
 * routing type (RFC 8200 §4.4). Type 0 is deprecated and must be treated exactly so (RFC 5095 §3). The type-specific
 * data of a Segment Routing Header (type 4, RFC 8754) is the segment list at offset 8, final destination last.
 */
public final class Ipv6RoutingHeader extends Flyweight {

    /** Next header field. */
    public static final int NEXT_HEADER = 0;
    /** Hdr Ext Len: 8-byte units, not counting the first 8 bytes. */
    public static final int HEADER_EXT_LENGTH = 1;
    /** Routing type. */
    public static final int ROUTING_TYPE = 2;
    /** Segments left: route segments still to visit. */
    public static final int SEGMENTS_LEFT = 3;
    /** Type-specific data. */
    public static final int TYPE_SPECIFIC_DATA = 4;
    /** The smallest header. */
    public static final int MIN_LENGTH = 8;

    /** Routing type 0, deprecated by RFC 5095. */
    public static final int TYPE_0 = 0;
    /** Routing type 2, Mobile IPv6 (RFC 6275 §6.4). */
    public static final int TYPE_2 = 2;
    /** Routing type 3, RPL source route (RFC 6554). */
    public static final int TYPE_RPL = 3;
    /** Routing type 4, Segment Routing Header (RFC 8754). */
    public static final int TYPE_SEGMENT_ROUTING = 4;

    @Override
    public Ipv6RoutingHeader wrap(MemorySegment newSegment, long newOffset, int newLength) {
        super.wrap(newSegment, newOffset, newLength);
        return this;
    }

    /**
     * @return {@code true} if the window holds the whole header as Hdr Ext Len gives it; the window is then
     *     shortened to the header
     */
    public boolean check() {
        if (length < MIN_LENGTH || headerLength() > length) {
            return false;
        }
        length = headerLength();
        return true;
    }

    /** @return the next header field */
    public int nextHeader() {
        return u8(NEXT_HEADER);
    }

    /** @return the Hdr Ext Len field */
    public int headerExtLength() {
        return u8(HEADER_EXT_LENGTH);
    }

    /** @return the header's length in bytes: {@code 8 * (headerExtLength() + 1)} */
    public int headerLength() {
        return 8 * (u8(HEADER_EXT_LENGTH) + 1);
    }

    /** @return the routing type */
    public int routingType() {
        return u8(ROUTING_TYPE);
    }

    /** @return segments left */
    public int segmentsLeft() {
        return u8(SEGMENTS_LEFT);
    }
}
