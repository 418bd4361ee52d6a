package netstack.ip.wire;

import java.lang.foreign.MemorySegment;
import netstack.api.net.Ipv6Address;

/**
 * View of a Neighbor Discovery message (RFC 4861 §4): an ICMPv6 message of type 133 to 137, from its type byte to
 * the end of its options.
 *
 * <pre>
 * Router Solicitation (133)           Router Advertisement (134)
 * +-------+-------+---------------+   +-------+-------+---------------+
 * | Type  | Code  |   Checksum    |   | Type  | Code  |   Checksum    |
 * +-------+-------+---------------+   +-------+-+-+---+---------------+
 * |           Reserved            |   |Cur Hop|M|O|Prf| Router Lifetime|
 * +-------------------------------+   +-------+-+-+---+---------------+
 * | Options ...                       |        Reachable Time (ms)    |
 *                                     +-------------------------------+
 *                                     |        Retrans Timer (ms)     |
 *                                     +-------------------------------+
 *                                     | Options ...
 *
 * Neighbor Solicitation (135)         Neighbor Advertisement (136)
 * +-------+-------+---------------+   +-------+-------+---------------+
 * | Type  | Code  |   Checksum    |   | Type  | Code  |   Checksum    |
 * +-------+-------+---------------+   +-+-+-+---------+---------------+
 * |           Reserved            |   |R|S|O|        Reserved         |
 * +-------------------------------+   +-+-+-+-------------------------+
 * |    Target Address (16 bytes)  |   |    Target Address (16 bytes)  |
 * +-------------------------------+   +-------------------------------+
 * | Options ...                       | Options ...
 *
 * Redirect (137)
 * +-------+-------+---------------+
 * | Type  | Code  |   Checksum    |
 * +-------+-------+---------------+
 * |           Reserved            |
 * +-------------------------------+
 * |    Target Address (16 bytes)  |
 * +-------------------------------+
 * | Destination Address (16 bytes)|
 * +-------------------------------+
 * | Options ...
 * </pre>
 *
 * <h2>Validation</h2>
 * {@link #check(Ipv6Packet)} applies every rule of RFC 4861 §6.1.1, §6.1.2, §7.1.1, §7.1.2 and §8.1 that depends on
 * the packet alone, and returns the first one broken, so the stack can count and drop. The "ICMP Checksum is valid"
 * rule is {@link Icmpv6Packet#checksumValid}, which the ICMPv6 layer applies to every message before dispatch. The
 * Redirect rule that its source is the current first-hop router for the destination needs the stack's routes.
 *
 * <p>Allocation-free except where a method says otherwise; one instance per thread.
 */
public final class NdpPacket extends Flyweight {

    /** Type field. */
    public static final int TYPE = 0;
    /** Code field. */
    public static final int CODE = 1;
    /** Checksum field. */
    public static final int CHECKSUM = 2;
    /** Router Advertisement: Cur Hop Limit. */
    public static final int CUR_HOP_LIMIT = 4;
    /** Router Advertisement: M, O flags and router preference. */
    public static final int ROUTER_FLAGS = 5;
    /** Router Advertisement: Router Lifetime in seconds. */
    public static final int ROUTER_LIFETIME = 6;
    /** Router Advertisement: Reachable Time in milliseconds. */
    public static final int REACHABLE_TIME = 8;
    /** Router Advertisement: Retrans Timer in milliseconds. */
    public static final int RETRANS_TIMER = 12;
    /** Neighbor Advertisement: R, S, O flags. */
    public static final int NEIGHBOR_FLAGS = 4;
    /** Neighbor Solicitation, Neighbor Advertisement, Redirect: Target Address. */
    public static final int TARGET_ADDRESS = 8;
    /** Redirect: Destination Address. */
    public static final int REDIRECT_DESTINATION = 24;

    /** Router Advertisement flag M: addresses are available from DHCPv6. */
    public static final int FLAG_MANAGED = 0x80;
    /** Router Advertisement flag O: other configuration is available from DHCPv6. */
    public static final int FLAG_OTHER = 0x40;
    /** Neighbor Advertisement flag R: the sender is a router. */
    public static final int FLAG_ROUTER = 0x80;
    /** Neighbor Advertisement flag S: sent in response to a Neighbor Solicitation. */
    public static final int FLAG_SOLICITED = 0x40;
    /** Neighbor Advertisement flag O: override an existing cache entry. */
    public static final int FLAG_OVERRIDE = 0x20;

    /** The hop limit every Neighbor Discovery message must arrive with (RFC 4861 §6.1, §7.1, §8.1). */
    public static final int HOP_LIMIT = 255;

    /** What {@link #check(Ipv6Packet)} found: the first rule the message breaks. */
    public enum Check {
        /** Valid as far as the packet alone can tell. */
        OK,
        /** The ICMPv6 type is not 133..137. */
        NOT_NDP,
        /** The IP hop limit is not 255: the message may come from off-link. */
        BAD_HOP_LIMIT,
        /** The ICMP code is not 0. */
        BAD_CODE,
        /** The ICMP length is below the message's minimum: 8, 16, 24, 24 or 40 bytes. */
        TOO_SHORT,
        /** An option has length 0. */
        ZERO_LENGTH_OPTION,
        /** An option runs past the end of the message. */
        TRUNCATED_OPTION,
        /** A Router Advertisement or Redirect whose IP source is not link-local (§6.1.2, §8.1). */
        SOURCE_NOT_LINK_LOCAL,
        /** A solicitation from the unspecified address with a Source Link-layer Address option (§6.1.1, §7.1.1). */
        LINK_LAYER_ADDRESS_FROM_UNSPECIFIED,
        /** A Neighbor Solicitation or Advertisement whose target is multicast (§7.1.1, §7.1.2). */
        TARGET_MULTICAST,
        /** A Neighbor Solicitation from the unspecified address not sent to a solicited-node group (§7.1.1). */
        DAD_NOT_TO_SOLICITED_NODE,
        /** A Neighbor Advertisement to a multicast address with the Solicited flag set (§7.1.2). */
        SOLICITED_TO_MULTICAST,
        /** A Redirect whose Destination Address is multicast (§8.1). */
        REDIRECT_DESTINATION_MULTICAST,
        /** A Redirect whose target is neither link-local nor the destination (§8.1). */
        REDIRECT_BAD_TARGET
    }

    private final NdpOptions options = new NdpOptions();

    @Override
    public NdpPacket wrap(MemorySegment newSegment, long newOffset, int newLength) {
        super.wrap(newSegment, newOffset, newLength);
        return this;
    }

    /**
     * @param type an ICMPv6 type
     * @return the offset of the options (the fixed part's length) for an NDP type, or -1 for another type
     */
    public static int optionsOffset(int type) {
        return switch (type) {
            case Icmpv6Packet.ROUTER_SOLICITATION -> 8;
            case Icmpv6Packet.ROUTER_ADVERTISEMENT -> 16;
            case Icmpv6Packet.NEIGHBOR_SOLICITATION, Icmpv6Packet.NEIGHBOR_ADVERTISEMENT -> 24;
            case Icmpv6Packet.REDIRECT -> 40;
            default -> -1;
        };
    }

    /**
     * The validity checks of RFC 4861 that depend only on the packet, in the RFC's order. After {@link Check#OK}
     * every accessor of this message's type reads inside the window and {@link #options(NdpOptions)} walks options
     * that all fit.
     *
     * @param ip the checked IPv6 packet that carried this message (hop limit and addresses are read)
     * @return {@link Check#OK} or the first broken rule
     */
    public Check check(Ipv6Packet ip) {
        if (length < 1) {
            return Check.TOO_SHORT;
        }
        int type = type();
        int fixed = optionsOffset(type);
        if (fixed < 0) {
            return Check.NOT_NDP;
        }
        if (ip.hopLimit() != HOP_LIMIT) {
            return Check.BAD_HOP_LIMIT;
        }
        if (length < 2 || code() != 0) {
            return length < 2 ? Check.TOO_SHORT : Check.BAD_CODE;
        }
        if (length < fixed) {
            return Check.TOO_SHORT;
        }
        NdpOptions o = options(options);
        switch (o.check()) {
            case ZERO_LENGTH -> {
                return Check.ZERO_LENGTH_OPTION;
            }
            case TRUNCATED -> {
                return Check.TRUNCATED_OPTION;
            }
            default -> {
            }
        }
        boolean unspecifiedSource = ip.sourceAddressHigh() == 0 && ip.sourceAddressLow() == 0;
        switch (type) {
            case Icmpv6Packet.ROUTER_SOLICITATION -> {
                if (unspecifiedSource && o.find(NdpOptions.SOURCE_LINK_LAYER_ADDRESS) >= 0) {
                    return Check.LINK_LAYER_ADDRESS_FROM_UNSPECIFIED;
                }
            }
            case Icmpv6Packet.ROUTER_ADVERTISEMENT -> {
                if (!isLinkLocal(ip.sourceAddressHigh())) {
                    return Check.SOURCE_NOT_LINK_LOCAL;
                }
            }
            case Icmpv6Packet.NEIGHBOR_SOLICITATION -> {
                if (u8(TARGET_ADDRESS) == 0xff) {
                    return Check.TARGET_MULTICAST;
                }
                if (unspecifiedSource) {
                    if (!isSolicitedNode(ip.destinationAddressHigh(), ip.destinationAddressLow())) {
                        return Check.DAD_NOT_TO_SOLICITED_NODE;
                    }
                    if (o.find(NdpOptions.SOURCE_LINK_LAYER_ADDRESS) >= 0) {
                        return Check.LINK_LAYER_ADDRESS_FROM_UNSPECIFIED;
                    }
                }
            }
            case Icmpv6Packet.NEIGHBOR_ADVERTISEMENT -> {
                if (u8(TARGET_ADDRESS) == 0xff) {
                    return Check.TARGET_MULTICAST;
                }
                if (ip.isDestinationMulticast() && solicited()) {
                    return Check.SOLICITED_TO_MULTICAST;
                }
            }
            default -> { // Redirect
                if (!isLinkLocal(ip.sourceAddressHigh())) {
                    return Check.SOURCE_NOT_LINK_LOCAL;
                }
                if (u8(REDIRECT_DESTINATION) == 0xff) {
                    return Check.REDIRECT_DESTINATION_MULTICAST;
                }
                boolean targetIsDestination = targetAddressHigh() == redirectDestinationHigh()
                        && targetAddressLow() == redirectDestinationLow();
                if (!isLinkLocal(targetAddressHigh()) && !targetIsDestination) {
                    return Check.REDIRECT_BAD_TARGET;
                }
            }
        }
        return Check.OK;
    }

    /** Link-local unicast, {@code fe80::/10} (RFC 4291 §2.5.6). */
    private static boolean isLinkLocal(long high) {
        return (high >>> 54) == (0xfe80L >>> 6);
    }

    /** {@code ff02::1:ff00:0/104} (RFC 4291 §2.7.1). */
    private static boolean isSolicitedNode(long high, long low) {
        return high == 0xff02_0000_0000_0000L && (low >>> 24) == 0x1_ff;
    }

    /**
     * Points a view at this message's options.
     *
     * @param into the view to re-point
     * @return {@code into}, covering the bytes after the fixed part
     */
    public NdpOptions options(NdpOptions into) {
        int fixed = optionsOffset(type());
        return into.wrap(segment, offset + fixed, length - fixed);
    }

    /** @return the offset in the segment where the options start */
    public long optionsStart() {
        return offset + optionsOffset(type());
    }

    /** @return the ICMPv6 type */
    public int type() {
        return u8(TYPE);
    }

    /** @return the ICMPv6 code */
    public int code() {
        return u8(CODE);
    }

    /** @return Router Advertisement: the hop limit hosts should use, 0 for unspecified */
    public int curHopLimit() {
        return u8(CUR_HOP_LIMIT);
    }

    /** @return Router Advertisement: the M flag */
    public boolean managed() {
        return (u8(ROUTER_FLAGS) & FLAG_MANAGED) != 0;
    }

    /** @return Router Advertisement: the O flag */
    public boolean otherConfiguration() {
        return (u8(ROUTER_FLAGS) & FLAG_OTHER) != 0;
    }

    /**
     * @return Router Advertisement: the default router preference (RFC 4191 §2.2): 1 high, 0 medium, 3 low; the
     *     reserved value 2 reads as medium, as §2.2 requires of receivers
     */
    public int routerPreference() {
        int prf = (u8(ROUTER_FLAGS) >>> 3) & 3;
        return prf == 2 ? 0 : prf;
    }

    /** @return Router Advertisement: the router lifetime in seconds; 0 means not a default router */
    public int routerLifetimeSeconds() {
        return u16(ROUTER_LIFETIME);
    }

    /** @return Router Advertisement: the reachable time in milliseconds; 0 for unspecified */
    public long reachableTimeMillis() {
        return Integer.toUnsignedLong(u32(REACHABLE_TIME));
    }

    /** @return Router Advertisement: the retransmission timer in milliseconds; 0 for unspecified */
    public long retransTimerMillis() {
        return Integer.toUnsignedLong(u32(RETRANS_TIMER));
    }

    /** @return Neighbor Advertisement: the R flag */
    public boolean router() {
        return (u8(NEIGHBOR_FLAGS) & FLAG_ROUTER) != 0;
    }

    /** @return Neighbor Advertisement: the S flag */
    public boolean solicited() {
        return (u8(NEIGHBOR_FLAGS) & FLAG_SOLICITED) != 0;
    }

    /** @return Neighbor Advertisement: the O flag */
    public boolean override() {
        return (u8(NEIGHBOR_FLAGS) & FLAG_OVERRIDE) != 0;
    }

    /** @return Neighbor Solicitation, Advertisement, Redirect: the target address's first 64 bits */
    public long targetAddressHigh() {
        return segment.get(U64, offset + TARGET_ADDRESS);
    }

    /** @return Neighbor Solicitation, Advertisement, Redirect: the target address's last 64 bits */
    public long targetAddressLow() {
        return segment.get(U64, offset + TARGET_ADDRESS + 8);
    }

    /** @return Neighbor Solicitation, Advertisement, Redirect: the target address; allocates */
    public Ipv6Address targetAddress() {
        return new Ipv6Address(targetAddressHigh(), targetAddressLow());
    }

    /** @return Redirect: the destination address's first 64 bits */
    public long redirectDestinationHigh() {
        return segment.get(U64, offset + REDIRECT_DESTINATION);
    }

    /** @return Redirect: the destination address's last 64 bits */
    public long redirectDestinationLow() {
        return segment.get(U64, offset + REDIRECT_DESTINATION + 8);
    }

    /** @return Redirect: the destination address; allocates */
    public Ipv6Address redirectDestination() {
        return new Ipv6Address(redirectDestinationHigh(), redirectDestinationLow());
    }
}
