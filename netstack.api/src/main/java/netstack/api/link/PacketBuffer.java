package netstack.api.link;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A pooled packet buffer: a {@link MemorySegment} of fixed {@link #capacity()} holding one frame or packet in
 * the window {@code [start, end)}, with <em>headroom</em> before it (so lower layers prepend their headers without
 * copying the payload) and <em>tailroom</em> after it.
 *
 * <pre>
 *  0          start                    end          capacity
 *  |-headroom-|========= data =========|--tailroom--|
 *             prepend(n) moves start left; append(n) moves end right; consume(n) moves start right
 * </pre>
 *
 * <h2>Ownership</h2>
 * One owner at a time; see the package description for how ownership moves across the SPI. The owner may read and
 * write anywhere in {@link #segment()}. After {@link #release()} the buffer belongs to its pool: the segment must
 * not be touched again, and no reference to it may be kept.
 *
 * <h2>Offload metadata</h2>
 * {@link #flags()} carries {@link #CHECKSUM_PARTIAL} (transmit: the device must fold the checksum in, see
 * {@link #checksumStart()}), {@link #CHECKSUM_VERIFIED} (receive: the device checked it) and the segmentation
 * request ({@link #gsoType()}, {@link #gsoSize()}). {@link #reset(int)} clears them.
 *
 * <h2>Threading and allocation</h2>
 * Not thread-safe: its single owner uses it. Every method is allocation-free except {@link #data()} and
 * {@link #asByteBuffer()}, which create views.
 */
@ProviderType
public interface PacketBuffer {

    /** Transmit: the L4 checksum must be computed by the device from {@link #checksumStart()}. */
    int CHECKSUM_PARTIAL = 1;
    /** Receive: the device verified the L4 (and IPv4 header) checksum. */
    int CHECKSUM_VERIFIED = 1 << 1;

    /** No segmentation requested. */
    int GSO_NONE = 0;
    /** TCP over IPv4 to be cut into segments of {@link #gsoSize()} bytes of payload. */
    int GSO_TCPV4 = 1;
    /** TCP over IPv6 to be cut into segments of {@link #gsoSize()} bytes of payload. */
    int GSO_TCPV6 = 2;

    /**
     * @return the whole backing segment, {@link #capacity()} bytes long, valid until {@link #release()}; big-endian
     *     access is done with the layouts the stack's wire classes use
     */
    MemorySegment segment();

    /** @return the size of the backing segment in bytes */
    int capacity();

    /** @return the offset of the first data byte */
    int start();

    /** @return the offset just past the last data byte */
    int end();

    /** @return {@code end() - start()} */
    default int length() {
        return end() - start();
    }

    /** @return bytes free before the data, {@code start()} */
    default int headroom() {
        return start();
    }

    /** @return bytes free after the data, {@code capacity() - end()} */
    default int tailroom() {
        return capacity() - end();
    }

    /**
     * Grows the data at the front, to write a header there.
     *
     * @param bytes how many bytes; at most {@link #headroom()}
     * @return {@code this}
     * @throws IndexOutOfBoundsException if there is not enough headroom
     */
    PacketBuffer prepend(int bytes);

    /**
     * Grows the data at the back.
     *
     * @param bytes how many bytes; at most {@link #tailroom()}
     * @return {@code this}
     * @throws IndexOutOfBoundsException if there is not enough tailroom
     */
    PacketBuffer append(int bytes);

    /**
     * Drops bytes from the front of the data, e.g. a parsed header.
     *
     * @param bytes how many bytes; at most {@link #length()}
     * @return {@code this}
     * @throws IndexOutOfBoundsException if the data is shorter
     */
    PacketBuffer consume(int bytes);

    /**
     * Shortens the data to {@code length} bytes, e.g. to cut Ethernet padding.
     *
     * @param length the new length; at most {@link #length()}
     * @return {@code this}
     * @throws IndexOutOfBoundsException if longer than the data
     */
    PacketBuffer truncate(int length);

    /**
     * Sets the data window directly.
     *
     * @param start the first data byte
     * @param end just past the last data byte
     * @return {@code this}
     * @throws IndexOutOfBoundsException unless {@code 0 <= start <= end <= capacity()}
     */
    PacketBuffer window(int start, int end);

    /**
     * Empties the buffer for reuse: no data, {@code headroom} bytes of headroom, no flags, no GSO.
     *
     * @param headroom where the (empty) data starts
     * @return {@code this}
     * @throws IndexOutOfBoundsException if {@code headroom} exceeds the capacity
     */
    PacketBuffer reset(int headroom);

    /** @return a slice of {@link #segment()} covering exactly the data; allocates a view */
    default MemorySegment data() {
        return segment().asSlice(start(), length());
    }

    /** @return a {@link ByteBuffer} view of the data (position 0, limit length); allocates a view */
    default ByteBuffer asByteBuffer() {
        return data().asByteBuffer();
    }

    /** @return the offload flags: {@link #CHECKSUM_PARTIAL}, {@link #CHECKSUM_VERIFIED} */
    int flags();

    /**
     * @param flags the new offload flags
     * @return {@code this}
     */
    PacketBuffer flags(int flags);

    /**
     * @return with {@link #CHECKSUM_PARTIAL}: the offset (into the segment) where checksumming starts, i.e. the
     *     transport header
     */
    int checksumStart();

    /** @return with {@link #CHECKSUM_PARTIAL}: where the 16-bit checksum goes, relative to checksumStart */
    int checksumOffset();

    /**
     * Requests a transmit checksum from the device and sets {@link #CHECKSUM_PARTIAL}.
     *
     * @param start the segment offset of the transport header
     * @param offset where the checksum field is, relative to {@code start}
     * @return {@code this}
     */
    PacketBuffer checksumPartial(int start, int offset);

    /** @return {@link #GSO_NONE}, {@link #GSO_TCPV4} or {@link #GSO_TCPV6} */
    int gsoType();

    /** @return the payload bytes per segment the device must cut to, when {@link #gsoType()} is set */
    int gsoSize();

    /**
     * Requests segmentation offload.
     *
     * @param type {@link #GSO_TCPV4} or {@link #GSO_TCPV6}, or {@link #GSO_NONE}
     * @param size payload bytes per segment
     * @return {@code this}
     */
    PacketBuffer gso(int type, int size);

    /**
     * Copies bytes into the data's end and grows it.
     *
     * @param src bytes from position to limit; its position advances
     * @return {@code this}
     * @throws IndexOutOfBoundsException if the tailroom is too small
     */
    PacketBuffer appendFrom(ByteBuffer src);

    /**
     * Returns the buffer to its pool. Idempotence is not promised: releasing twice is a bug that the stack's
     * leak detector reports with both call sites.
     */
    void release();
}
