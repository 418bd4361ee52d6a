package netstack.ip.wire;

import java.lang.foreign.MemorySegment;

/**
 * View of the IPv6 Fragment header (RFC 8200 §4.5).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Identification                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The fragment offset counts 8-byte units of the fragmentable part; M is set on every fragment but the last. A
 * header with offset 0 and M clear is an <em>atomic fragment</em> (RFC 6946): it is processed on its own, never
 * mixed into a reassembly of real fragments with the same identification.
 *
 * <p>Allocation-free; one instance per thread.
 */
public final class Ipv6FragmentHeader extends Flyweight {

    /** Next header field. */
    public static final int NEXT_HEADER = 0;
    /** Reserved byte, zero on transmit and ignored on receipt. */
    public static final int RESERVED = 1;
    /** Fragment offset (13 bits), two reserved bits and the M flag. */
    public static final int OFFSET_FLAGS = 2;
    /** Identification. */
    public static final int IDENTIFICATION = 4;
    /** Length of the header. */
    public static final int LENGTH = 8;

    @Override
    public Ipv6FragmentHeader wrap(MemorySegment newSegment, long newOffset, int newLength) {
        super.wrap(newSegment, newOffset, newLength);
        return this;
    }

    /**
     * @return {@code true} if the window holds the whole header; the window is then shortened to it
     */
    public boolean check() {
        if (length < LENGTH) {
            return false;
        }
        length = LENGTH;
        return true;
    }

    /** @return the next header field: the first header of the fragmentable part */
    public int nextHeader() {
        return u8(NEXT_HEADER);
    }

    /** @return the fragment offset in 8-byte units */
    public int fragmentOffset() {
        return u16(OFFSET_FLAGS) >>> 3;
    }

    /** @return the fragment offset in bytes */
    public int fragmentOffsetBytes() {
        return u16(OFFSET_FLAGS) & 0xfff8;
    }

    /** @return the M flag: more fragments follow */
    public boolean moreFragments() {
        return (u16(OFFSET_FLAGS) & 1) != 0;
    }

    /** @return the identification, as the raw 32 bits */
    public int identification() {
        return u32(IDENTIFICATION);
    }

    /** @return {@code true} for an atomic fragment: offset 0 and M clear (RFC 6946) */
    public boolean isAtomic() {
        return (u16(OFFSET_FLAGS) & 0xfff9) == 0;
    }

    /** @return {@code true} for the first fragment of a fragmented packet: offset 0 and M set */
    public boolean isFirstFragment() {
        return (u16(OFFSET_FLAGS) & 0xfff9) == 1;
    }

    /**
     * Writes all 8 bytes of the header (reserved fields zero).
     *
     * @param nextHeader the first header of the fragmentable part
     * @param offsetBytes the fragment's offset in bytes, a multiple of 8 below 65536
     * @param more whether fragments follow
     * @param identification the identification shared by all fragments of the packet
     * @return {@code this}
     * @throws IllegalArgumentException if the offset is not a multiple of 8 in range
     * @throws IndexOutOfBoundsException if the window is shorter than 8 bytes
     */
    public Ipv6FragmentHeader emit(int nextHeader, int offsetBytes, boolean more, int identification) {
        if ((offsetBytes & ~0xfff8) != 0) {
            throw new IllegalArgumentException("fragment offset " + offsetBytes + " is not a multiple of 8 below 65536");
        }
        if (length < LENGTH) {
            throw new IndexOutOfBoundsException("a fragment header needs 8 bytes, the window has " + length);
        }
        u8(NEXT_HEADER, nextHeader);
        u8(RESERVED, 0);
        u16(OFFSET_FLAGS, offsetBytes | (more ? 1 : 0));
        u32(IDENTIFICATION, identification);
        return this;
    }
}
