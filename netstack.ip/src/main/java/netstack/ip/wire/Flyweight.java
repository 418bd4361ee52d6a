package netstack.ip.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import netstack.api.link.PacketBuffer;

/**
 * Base of every header view: a window {@code [offset, offset + length)} of a {@link MemorySegment} with
 * big-endian field accessors relative to the window's start. Subclasses name their fields after the RFC and
 * declare their offsets as {@code static final} constants.
 *
 * <p>Accessors check bounds against the segment (the JVM does), not against the window: a subclass's
 * {@code check()} must validate lengths before field access, as smoltcp's {@code check_len} does.
 *
 * <p>Allocation-free; one instance per thread, re-pointed per packet.
 */
public abstract class Flyweight {

    /** Unaligned big-endian 16-bit layout. */
    protected static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Unaligned big-endian 32-bit layout. */
    protected static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Unaligned big-endian 64-bit layout. */
    protected static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** The memory viewed; {@link MemorySegment#NULL} until wrapped. */
    protected MemorySegment segment = MemorySegment.NULL;
    /** The window's first byte within {@link #segment}. */
    protected long offset;
    /** The window's length in bytes. */
    protected int length;

    /**
     * Points this view at {@code length} bytes of {@code segment} from {@code offset}.
     *
     * @param newSegment the memory
     * @param newOffset the first byte
     * @param newLength the window's length
     * @return {@code this}
     * @throws IndexOutOfBoundsException if the window is not inside the segment
     */
    public Flyweight wrap(MemorySegment newSegment, long newOffset, int newLength) {
        if (newOffset < 0 || newLength < 0 || newOffset + newLength > newSegment.byteSize()) {
            throw new IndexOutOfBoundsException("window [" + newOffset + ", +" + newLength + ") outside segment of "
                    + newSegment.byteSize() + " bytes");
        }
        this.segment = newSegment;
        this.offset = newOffset;
        this.length = newLength;
        return this;
    }

    /**
     * Points this view at a packet buffer's data window.
     *
     * @param buffer the buffer; not retained beyond the caller's use of this view
     * @return {@code this}
     */
    public Flyweight wrap(PacketBuffer buffer) {
        return wrap(buffer.segment(), buffer.start(), buffer.length());
    }

    /** @return the memory viewed */
    public MemorySegment segment() {
        return segment;
    }

    /** @return the window's first byte in the segment */
    public long offset() {
        return offset;
    }

    /** @return the window's length */
    public int length() {
        return length;
    }

    /**
     * @param at offset in the window
     * @return the unsigned byte there
     */
    protected final int u8(int at) {
        return segment.get(ValueLayout.JAVA_BYTE, offset + at) & 0xff;
    }

    /**
     * @param at offset in the window
     * @return the unsigned big-endian 16-bit value there
     */
    protected final int u16(int at) {
        return segment.get(U16, offset + at) & 0xffff;
    }

    /**
     * @param at offset in the window
     * @return the big-endian 32-bit value there (use {@link Integer#toUnsignedLong} for unsigned arithmetic)
     */
    protected final int u32(int at) {
        return segment.get(U32, offset + at);
    }

    /**
     * @param at offset in the window
     * @param value the low 8 bits are written
     */
    protected final void u8(int at, int value) {
        segment.set(ValueLayout.JAVA_BYTE, offset + at, (byte) value);
    }

    /**
     * @param at offset in the window
     * @param value the low 16 bits are written big-endian
     */
    protected final void u16(int at, int value) {
        segment.set(U16, offset + at, (short) value);
    }

    /**
     * @param at offset in the window
     * @param value written big-endian
     */
    protected final void u32(int at, int value) {
        segment.set(U32, offset + at, value);
    }
}
