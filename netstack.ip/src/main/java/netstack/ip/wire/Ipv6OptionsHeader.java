package netstack.ip.wire;

import java.lang.foreign.MemorySegment;

/**
 * View of a Hop-by-Hop Options or Destination Options header (RFC 8200 §4.3, §4.6): both carry type-length-value
 * options (§4.2) in the same layout.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Hdr Ext Len  |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                            Options                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Option:  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
 *          |  Option Type  |  Opt Data Len |  Option Data
 *          +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
 * </pre>
 *
 * Hdr Ext Len counts 8-byte units after the first 8 bytes. Pad1 (type 0) is a single byte without length or data.
 * The two high bits of an option type say what a node that does not recognise it must do ({@link #action(int)}), and
 * the third says whether the data may change en route.
 *
 * <h2>Options without allocation</h2>
 * After {@link #check()} the options are walked with an {@code int} cursor (an offset in this window):
 *
 * <pre>{@code
 * for (int at = header.firstOption(); at >= 0; at = header.nextOption(at)) {
 *     switch (header.optionType(at)) { ... header.optionDataLength(at) ... }
 * }
 * }</pre>
 *
 * The view is also the builder of the Router Alert header that MLD messages carry ({@link #emitRouterAlert}).
 */
public final class Ipv6OptionsHeader extends Flyweight {

    /** Next header field. */
    public static final int NEXT_HEADER = 0;
    /** Hdr Ext Len: 8-byte units, not counting the first 8 bytes. */
    public static final int HEADER_EXT_LENGTH = 1;
    /** Offset of the first option. */
    public static final int OPTIONS = 2;
    /** The smallest header. */
    public static final int MIN_LENGTH = 8;

    /** Option type Pad1: one byte of padding (RFC 8200 §4.2). */
    public static final int PAD1 = 0x00;
    /** Option type PadN: two or more bytes of padding (RFC 8200 §4.2). */
    public static final int PADN = 0x01;
    /** Option type Router Alert (RFC 2711), hop-by-hop only. */
    public static final int ROUTER_ALERT = 0x05;
    /** Option type Jumbo Payload (RFC 2675); not supported by this stack. */
    public static final int JUMBO_PAYLOAD = 0xc2;
    /** Router Alert value: the datagram contains a Multicast Listener Discovery message (RFC 2711 §2.1). */
    public static final int ROUTER_ALERT_MLD = 0;

    /** Unrecognised option action 00: skip over it and continue (RFC 8200 §4.2). */
    public static final int ACTION_SKIP = 0;
    /** Unrecognised option action 01: discard the packet. */
    public static final int ACTION_DISCARD = 1;
    /** Unrecognised option action 10: discard and send a Parameter Problem code 2, even to multicast. */
    public static final int ACTION_DISCARD_SEND_ICMP = 2;
    /** Unrecognised option action 11: discard, and send a Parameter Problem code 2 unless sent to multicast. */
    public static final int ACTION_DISCARD_SEND_ICMP_UNLESS_MULTICAST = 3;

    /** What {@link #check()} found. */
    public enum Check {
        /** The header and every option are within the window. */
        OK,
        /** Fewer bytes than the smallest header, or than Hdr Ext Len says. */
        TRUNCATED,
        /** An option's length runs past the end of the header. */
        BAD_OPTION_LENGTH
    }

    private int badOption = -1;

    @Override
    public Ipv6OptionsHeader wrap(MemorySegment newSegment, long newOffset, int newLength) {
        super.wrap(newSegment, newOffset, newLength);
        return this;
    }

    /**
     * Validates the header length against the window, shortens the window to the header, and checks that every
     * option's length stays inside it.
     *
     * @return {@link Check#OK} or what is wrong; {@link #badOptionOffset()} tells where an option went wrong
     */
    public Check check() {
        badOption = -1;
        if (length < MIN_LENGTH) {
            return Check.TRUNCATED;
        }
        int headerLength = headerLength();
        if (headerLength > length) {
            return Check.TRUNCATED;
        }
        length = headerLength;
        for (int at = OPTIONS; at < headerLength; ) {
            if (u8(at) == PAD1) {
                at++;
                continue;
            }
            if (at + 2 > headerLength || at + 2 + u8(at + 1) > headerLength) {
                badOption = at;
                return Check.BAD_OPTION_LENGTH;
            }
            at += 2 + u8(at + 1);
        }
        return Check.OK;
    }

    /** @return after {@link Check#BAD_OPTION_LENGTH}: the offset in this window of the option that overran */
    public int badOptionOffset() {
        return badOption;
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

    /** @return the cursor of the first option, or -1 if there is none */
    public int firstOption() {
        return OPTIONS < length ? OPTIONS : -1;
    }

    /**
     * @param at a cursor from {@link #firstOption()} or this method
     * @return the cursor of the option after it, or -1 at the end
     */
    public int nextOption(int at) {
        int next = u8(at) == PAD1 ? at + 1 : at + 2 + u8(at + 1);
        return next < length ? next : -1;
    }

    /**
     * @param at an option cursor
     * @return the option type
     */
    public int optionType(int at) {
        return u8(at);
    }

    /**
     * @param at an option cursor
     * @return the Opt Data Len field (0 for Pad1, which has none)
     */
    public int optionDataLength(int at) {
        return u8(at) == PAD1 ? 0 : u8(at + 1);
    }

    /**
     * @param at an option cursor
     * @return the option's total length in bytes: 1 for Pad1, else 2 plus its data
     */
    public int optionLength(int at) {
        return u8(at) == PAD1 ? 1 : 2 + u8(at + 1);
    }

    /**
     * @param at an option cursor
     * @return the offset in this window of the option's data
     */
    public int optionDataOffset(int at) {
        return at + 2;
    }

    /**
     * @param at an option cursor
     * @param index 0-based byte of the option data
     * @return that data byte
     */
    public int optionData8(int at, int index) {
        return u8(at + 2 + index);
    }

    /**
     * @param at an option cursor
     * @param index 0-based byte of the option data where a big-endian 16-bit value starts
     * @return that value
     */
    public int optionData16(int at, int index) {
        return u16(at + 2 + index);
    }

    /**
     * @param optionType an option type
     * @return the action for an unrecognised option, {@link #ACTION_SKIP}..{@link
     *     #ACTION_DISCARD_SEND_ICMP_UNLESS_MULTICAST}: its two high bits (RFC 8200 §4.2)
     */
    public static int action(int optionType) {
        return (optionType >>> 6) & 3;
    }

    /**
     * @param optionType an option type
     * @return {@code true} if the option data may change en route (the third-highest bit, RFC 8200 §4.2)
     */
    public static boolean mayChangeEnRoute(int optionType) {
        return (optionType & 0x20) != 0;
    }

    /**
     * @param nextHeader the next header value
     * @return {@code this}
     */
    public Ipv6OptionsHeader nextHeader(int nextHeader) {
        u8(NEXT_HEADER, nextHeader);
        return this;
    }

    /**
     * Writes the 8-byte Hop-by-Hop Options header that carries a Router Alert (RFC 2711) and pads to 8 bytes with a
     * PadN of no data, as MLD messages need it (RFC 3810 §5: "sent with ... an IPv6 Router Alert option"):
     * {@code NH 00 05 02 VV VV 01 00}. Every byte is written.
     *
     * @param nextHeader the header after this one ({@link Ipv6Packet#ICMPV6} for MLD)
     * @param value the Router Alert value ({@link #ROUTER_ALERT_MLD} for MLD)
     * @return 8, the bytes written at the start of the window
     * @throws IndexOutOfBoundsException if the window is shorter than 8 bytes
     */
    public int emitRouterAlert(int nextHeader, int value) {
        if (length < MIN_LENGTH) {
            throw new IndexOutOfBoundsException("a Router Alert header needs 8 bytes, the window has " + length);
        }
        u8(NEXT_HEADER, nextHeader);
        u8(HEADER_EXT_LENGTH, 0);
        u8(2, ROUTER_ALERT);
        u8(3, 2);
        u16(4, value);
        u8(6, PADN);
        u8(7, 0);
        return MIN_LENGTH;
    }

    /**
     * Writes padding from {@code at} up to (not including) {@code end}: Pad1 for one byte, else one PadN with zero
     * data (RFC 8200 §4.2), so a header can be rounded up to a multiple of 8 bytes.
     *
     * @param at the first byte to pad, in this window
     * @param end just past the last byte to pad; at most 257 bytes after {@code at}
     * @return {@code end}
     */
    public int pad(int at, int end) {
        int n = end - at;
        if (n < 0 || n > 257) {
            throw new IllegalArgumentException("cannot pad " + n + " bytes with one option");
        }
        if (n == 1) {
            u8(at, PAD1);
        } else if (n > 1) {
            u8(at, PADN);
            u8(at + 1, n - 2);
            for (int i = at + 2; i < end; i++) {
                u8(i, 0);
            }
        }
        return end;
    }
}
