package netstack.ip.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import netstack.api.net.Ipv6Address;

/**
 * View of the options area of a Neighbor Discovery message (RFC 4861 §4.6), walked with an {@code int} cursor.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |    Length     |              ...              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                              ...                              ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Length counts 8-byte units, type and length included; an option of length 0 makes the whole message invalid
 * (RFC 4861 §6.1, §7.1), and {@link #check()} reports it. Options this stack does not know are skipped (RFC 4861
 * §4.6: "silently ignored"); a known option whose length is wrong for its type is not {@link #wellFormed(int)} and
 * is ignored the same way (Linux ignores it too).
 *
 * <pre>{@code
 * for (int at = options.firstOption(); at >= 0; at = options.nextOption(at)) {
 *     if (!options.wellFormed(at)) continue;
 *     switch (options.type(at)) {
 *         case NdpOptions.SOURCE_LINK_LAYER_ADDRESS -> mac = options.linkLayerAddress(at);
 *         case NdpOptions.PREFIX_INFORMATION -> ... options.prefixLength(at) ...
 *     }
 * }
 * }</pre>
 *
 * The {@code write...} methods build options for sending; each writes every byte of its option.
 *
 * <p>Link-layer addresses are Ethernet's: 6 bytes in an option of length 1 (RFC 2464 §6). Allocation-free except
 * the methods that return an {@link Ipv6Address}.
 */
public final class NdpOptions extends Flyweight {

    /** Type 1: Source Link-layer Address (RFC 4861 §4.6.1). */
    public static final int SOURCE_LINK_LAYER_ADDRESS = 1;
    /** Type 2: Target Link-layer Address (RFC 4861 §4.6.1). */
    public static final int TARGET_LINK_LAYER_ADDRESS = 2;
    /** Type 3: Prefix Information (RFC 4861 §4.6.2). */
    public static final int PREFIX_INFORMATION = 3;
    /** Type 4: Redirected Header (RFC 4861 §4.6.3). */
    public static final int REDIRECTED_HEADER = 4;
    /** Type 5: MTU (RFC 4861 §4.6.4). */
    public static final int MTU = 5;
    /** Type 14: Nonce (RFC 3971 §5.3.2), used by enhanced DAD (RFC 7527). */
    public static final int NONCE = 14;
    /** Type 24: Route Information (RFC 4191 §2.3). */
    public static final int ROUTE_INFORMATION = 24;
    /** Type 25: Recursive DNS Server (RFC 8106 §5.1); not interpreted here. */
    public static final int RECURSIVE_DNS_SERVER = 25;
    /** Type 31: DNS Search List (RFC 8106 §5.2); not interpreted here. */
    public static final int DNS_SEARCH_LIST = 31;

    /** Length in bytes of a link-layer address option for Ethernet. */
    public static final int LINK_LAYER_ADDRESS_LENGTH = 8;
    /** Length in bytes of a Prefix Information option. */
    public static final int PREFIX_INFORMATION_LENGTH = 32;
    /** Length in bytes of an MTU option. */
    public static final int MTU_LENGTH = 8;
    /** Length in bytes of a Nonce option with a 6-byte nonce. */
    public static final int NONCE_LENGTH = 8;
    /** Bytes before the quoted packet in a Redirected Header option (type, length, 6 reserved). */
    public static final int REDIRECTED_HEADER_DATA = 8;

    /** Prefix Information flag L: the prefix is on-link. */
    public static final int FLAG_ON_LINK = 0x80;
    /** Prefix Information flag A: the prefix may be used for stateless autoconfiguration (RFC 4862). */
    public static final int FLAG_AUTONOMOUS = 0x40;
    /** A lifetime of all ones: infinity (RFC 4861 §4.6.2). */
    public static final long INFINITE_LIFETIME = 0xffff_ffffL;

    /** What {@link #check()} found. */
    public enum Check {
        /** Every option has a length above zero and ends inside the window. */
        OK,
        /** An option has length 0 (RFC 4861 §6.1.1, §6.1.2, §7.1.1, §7.1.2, §8.1). */
        ZERO_LENGTH,
        /** An option runs past the end of the message. */
        TRUNCATED
    }

    private int badOption = -1;

    @Override
    public NdpOptions wrap(MemorySegment newSegment, long newOffset, int newLength) {
        super.wrap(newSegment, newOffset, newLength);
        return this;
    }

    /**
     * @return {@link Check#OK} if every option has a non-zero length and fits; otherwise the problem, with
     *     {@link #badOptionOffset()} pointing at the option
     */
    public Check check() {
        badOption = -1;
        for (int at = 0; at < length; ) {
            if (at + 2 > length) {
                badOption = at;
                return Check.TRUNCATED;
            }
            int units = u8(at + 1);
            if (units == 0) {
                badOption = at;
                return Check.ZERO_LENGTH;
            }
            if (at + 8 * units > length) {
                badOption = at;
                return Check.TRUNCATED;
            }
            at += 8 * units;
        }
        return Check.OK;
    }

    /** @return the window offset of the option {@link #check()} rejected, or -1 */
    public int badOptionOffset() {
        return badOption;
    }

    /** @return the cursor of the first option, or -1 if there is none */
    public int firstOption() {
        return length >= 2 ? 0 : -1;
    }

    /**
     * @param at a cursor
     * @return the next option's cursor, or -1 after the last
     */
    public int nextOption(int at) {
        int units = u8(at + 1);
        int next = at + 8 * units;
        // Never loops on a zero length nor steps onto a lone trailing byte, even in an unchecked window.
        return units != 0 && next + 2 <= length ? next : -1;
    }

    /**
     * @param type an option type
     * @return the cursor of the first option of that type, or -1
     */
    public int find(int type) {
        for (int at = firstOption(); at >= 0; at = nextOption(at)) {
            if (u8(at) == type) {
                return at;
            }
        }
        return -1;
    }

    /**
     * @param at a cursor
     * @return the option type
     */
    public int type(int at) {
        return u8(at);
    }

    /**
     * @param at a cursor
     * @return the option's length in bytes (its length field times 8)
     */
    public int lengthBytes(int at) {
        return 8 * u8(at + 1);
    }

    /**
     * Whether the option's length suits its type, so that its typed accessors read what the RFC defines. Unknown
     * types are always well-formed (they are skipped whole).
     *
     * @param at a cursor
     * @return {@code false} for a known option of the wrong length
     */
    public boolean wellFormed(int at) {
        int units = u8(at + 1);
        return switch (u8(at)) {
            case SOURCE_LINK_LAYER_ADDRESS, TARGET_LINK_LAYER_ADDRESS, NONCE, REDIRECTED_HEADER -> units >= 1;
            case PREFIX_INFORMATION -> units == 4;
            case MTU -> units == 1;
            // RFC 4191 §2.3: length 1, 2 or 3; at least 2 for a prefix longer than 0, 3 for one longer than 64.
            case ROUTE_INFORMATION -> units <= 3 && u8(at + 2) <= 128
                    && (u8(at + 2) == 0 || units >= 2) && (u8(at + 2) <= 64 || units == 3);
            default -> true;
        };
    }

    /**
     * @param at the cursor of a link-layer address option
     * @return the Ethernet address in it, as {@link netstack.api.net.MacAddress#bits()}
     */
    public long linkLayerAddress(int at) {
        return ((long) u16(at + 2) << 32) | Integer.toUnsignedLong(u32(at + 4));
    }

    /**
     * @param at the cursor of a Prefix Information option
     * @return the prefix length in bits
     */
    public int prefixLength(int at) {
        return u8(at + 2);
    }

    /**
     * @param at the cursor of a Prefix Information option
     * @return the L flag
     */
    public boolean prefixOnLink(int at) {
        return (u8(at + 3) & FLAG_ON_LINK) != 0;
    }

    /**
     * @param at the cursor of a Prefix Information option
     * @return the A flag
     */
    public boolean prefixAutonomous(int at) {
        return (u8(at + 3) & FLAG_AUTONOMOUS) != 0;
    }

    /**
     * @param at the cursor of a Prefix Information option
     * @return the valid lifetime in seconds, {@link #INFINITE_LIFETIME} for infinity
     */
    public long prefixValidLifetimeSeconds(int at) {
        return Integer.toUnsignedLong(u32(at + 4));
    }

    /**
     * @param at the cursor of a Prefix Information option
     * @return the preferred lifetime in seconds, {@link #INFINITE_LIFETIME} for infinity
     */
    public long prefixPreferredLifetimeSeconds(int at) {
        return Integer.toUnsignedLong(u32(at + 8));
    }

    /**
     * @param at the cursor of a Prefix Information option
     * @return the prefix's first 64 bits
     */
    public long prefixHigh(int at) {
        return segment.get(U64, offset + at + 16);
    }

    /**
     * @param at the cursor of a Prefix Information option
     * @return the prefix's last 64 bits
     */
    public long prefixLow(int at) {
        return segment.get(U64, offset + at + 24);
    }

    /**
     * @param at the cursor of a Prefix Information option
     * @return the prefix; allocates
     */
    public Ipv6Address prefix(int at) {
        return new Ipv6Address(prefixHigh(at), prefixLow(at));
    }

    /**
     * @param at the cursor of an MTU option
     * @return the MTU, unsigned 32 bits
     */
    public long mtu(int at) {
        return Integer.toUnsignedLong(u32(at + 4));
    }

    /**
     * @param at the cursor of a Nonce option
     * @return the nonce's length in bytes (at least 6 in a well-formed option)
     */
    public int nonceLength(int at) {
        return lengthBytes(at) - 2;
    }

    /**
     * @param at the cursor of a Nonce option
     * @return the window offset of the nonce's first byte
     */
    public int nonceOffset(int at) {
        return at + 2;
    }

    /**
     * Compares a received nonce with one this node sent, for RFC 7527 §4.2 loopback detection.
     *
     * @param at the cursor of a Nonce option
     * @param nonce48 a 6-byte nonce in the low 48 bits
     * @return {@code true} only if the option holds exactly those 6 bytes
     */
    public boolean nonceEquals(int at, long nonce48) {
        return nonceLength(at) == 6 && nonce48(at) == (nonce48 & 0xffff_ffff_ffffL);
    }

    /**
     * @param at the cursor of a Nonce option
     * @return its first 6 nonce bytes in the low 48 bits
     */
    public long nonce48(int at) {
        return ((long) u16(at + 2) << 32) | Integer.toUnsignedLong(u32(at + 4));
    }

    /**
     * @param at the cursor of a Redirected Header option
     * @return the window offset of the quoted packet
     */
    public int redirectedHeaderOffset(int at) {
        return at + REDIRECTED_HEADER_DATA;
    }

    /**
     * @param at the cursor of a Redirected Header option
     * @return the bytes of quoted packet, padding included
     */
    public int redirectedHeaderLength(int at) {
        return lengthBytes(at) - REDIRECTED_HEADER_DATA;
    }

    /**
     * @param at the cursor of a Route Information option
     * @return the prefix length, 0..128
     */
    public int routePrefixLength(int at) {
        return u8(at + 2);
    }

    /**
     * @param at the cursor of a Route Information option
     * @return the 2-bit route preference: 1 high, 0 medium, 3 low, 2 reserved (RFC 4191 §2.1)
     */
    public int routePreference(int at) {
        return (u8(at + 3) >>> 3) & 3;
    }

    /**
     * @param at the cursor of a Route Information option
     * @return the route lifetime in seconds, {@link #INFINITE_LIFETIME} for infinity
     */
    public long routeLifetimeSeconds(int at) {
        return Integer.toUnsignedLong(u32(at + 4));
    }

    /**
     * @param at the cursor of a well-formed Route Information option
     * @return the prefix's first 64 bits (zero if the option carries none)
     */
    public long routePrefixHigh(int at) {
        return u8(at + 1) >= 2 ? segment.get(U64, offset + at + 8) : 0;
    }

    /**
     * @param at the cursor of a well-formed Route Information option
     * @return the prefix's last 64 bits (zero if the option carries only 8 bytes of prefix or none)
     */
    public long routePrefixLow(int at) {
        return u8(at + 1) >= 3 ? segment.get(U64, offset + at + 16) : 0;
    }

    // ---- writers ----

    /**
     * @param at where the option starts in the window
     * @param type {@link #SOURCE_LINK_LAYER_ADDRESS} or {@link #TARGET_LINK_LAYER_ADDRESS}
     * @param macBits the Ethernet address
     * @return the bytes written, {@value #LINK_LAYER_ADDRESS_LENGTH}
     */
    public int writeLinkLayerAddress(int at, int type, long macBits) {
        u8(at, type);
        u8(at + 1, 1);
        u16(at + 2, (int) (macBits >>> 32));
        u32(at + 4, (int) macBits);
        return LINK_LAYER_ADDRESS_LENGTH;
    }

    /**
     * @param at where the option starts in the window
     * @param prefixLength prefix length in bits
     * @param onLink the L flag
     * @param autonomous the A flag
     * @param validLifetimeSeconds valid lifetime, {@link #INFINITE_LIFETIME} for infinity
     * @param preferredLifetimeSeconds preferred lifetime
     * @param prefixHigh the prefix's first 64 bits
     * @param prefixLow the prefix's last 64 bits
     * @return the bytes written, {@value #PREFIX_INFORMATION_LENGTH}
     */
    public int writePrefixInformation(int at, int prefixLength, boolean onLink, boolean autonomous,
            long validLifetimeSeconds, long preferredLifetimeSeconds, long prefixHigh, long prefixLow) {
        u8(at, PREFIX_INFORMATION);
        u8(at + 1, 4);
        u8(at + 2, prefixLength);
        u8(at + 3, (onLink ? FLAG_ON_LINK : 0) | (autonomous ? FLAG_AUTONOMOUS : 0));
        u32(at + 4, (int) validLifetimeSeconds);
        u32(at + 8, (int) preferredLifetimeSeconds);
        u32(at + 12, 0);
        segment.set(U64, offset + at + 16, prefixHigh);
        segment.set(U64, offset + at + 24, prefixLow);
        return PREFIX_INFORMATION_LENGTH;
    }

    /**
     * @param at where the option starts in the window
     * @param mtuBytes the MTU
     * @return the bytes written, {@value #MTU_LENGTH}
     */
    public int writeMtu(int at, long mtuBytes) {
        u8(at, MTU);
        u8(at + 1, 1);
        u16(at + 2, 0);
        u32(at + 4, (int) mtuBytes);
        return MTU_LENGTH;
    }

    /**
     * @param at where the option starts in the window
     * @param nonce the nonce bytes; 6, 14, 22... bytes so that the option is a multiple of 8 (RFC 3971 §5.3.2)
     * @return the bytes written
     * @throws IllegalArgumentException if the nonce's length is not 8k - 2 for some k of at least 1
     */
    public int writeNonce(int at, byte[] nonce) {
        if (nonce.length < 6 || (nonce.length + 2) % 8 != 0 || nonce.length + 2 > 255 * 8) {
            throw new IllegalArgumentException("a nonce has 6, 14, 22... bytes, not " + nonce.length);
        }
        u8(at, NONCE);
        u8(at + 1, (nonce.length + 2) / 8);
        MemorySegment.copy(nonce, 0, segment, ValueLayout.JAVA_BYTE, offset + at + 2, nonce.length);
        return nonce.length + 2;
    }

    /**
     * @param at where the option starts in the window
     * @param prefixLength prefix length, 0..128
     * @param preference 1 high, 0 medium, 3 low
     * @param lifetimeSeconds route lifetime
     * @param prefixHigh the prefix's first 64 bits
     * @param prefixLow the prefix's last 64 bits
     * @return the bytes written: 8, 16 or 24, the shortest length that holds the prefix (RFC 4191 §2.3)
     */
    public int writeRouteInformation(int at, int prefixLength, int preference, long lifetimeSeconds,
            long prefixHigh, long prefixLow) {
        int units = prefixLength == 0 ? 1 : prefixLength <= 64 ? 2 : 3;
        u8(at, ROUTE_INFORMATION);
        u8(at + 1, units);
        u8(at + 2, prefixLength);
        u8(at + 3, (preference & 3) << 3);
        u32(at + 4, (int) lifetimeSeconds);
        if (units >= 2) {
            segment.set(U64, offset + at + 8, prefixHigh);
        }
        if (units == 3) {
            segment.set(U64, offset + at + 16, prefixLow);
        }
        return 8 * units;
    }

    /**
     * Writes a Redirected Header option's first 8 bytes and zero-fills room for {@code quotedBytes} rounded up to 8;
     * the quoted packet is then copied to {@link #redirectedHeaderOffset(int)}.
     *
     * @param at where the option starts in the window
     * @param quotedBytes the bytes of the invoking packet to quote
     * @return the bytes of the option
     */
    public int writeRedirectedHeader(int at, int quotedBytes) {
        int total = REDIRECTED_HEADER_DATA + ((quotedBytes + 7) & ~7);
        if (total > 255 * 8) {
            throw new IllegalArgumentException("a redirected header option holds at most 2032 bytes: " + quotedBytes);
        }
        for (int i = 0; i < total; i += 8) {
            segment.set(U64, offset + at + i, 0L);
        }
        u8(at, REDIRECTED_HEADER);
        u8(at + 1, total / 8);
        return total;
    }
}
