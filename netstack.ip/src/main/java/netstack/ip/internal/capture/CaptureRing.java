package netstack.ip.internal.capture;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded many-producer, one-consumer ring of variable-length records in one preallocated block of native
 * memory, in the style of Agrona's {@code ManyToOneRingBuffer}. Producers never block and never allocate: they
 * claim space with a compare-and-set on the tail, copy, and publish the record by writing its length last; a full
 * ring (in bytes or in records) rejects the offer. The consumer reads records in claim order, hands them to a
 * {@link RecordHandler}, zeroes their memory and moves the head past them.
 *
 * <p>Record layout (native byte order, 8-byte aligned, never split across the end of the ring):
 * <pre>
 *   0  int  record length in bytes, header included, a multiple of 8; 0 until published
 *   4  int  tag (the producer's metadata), or {@link #PADDING_TAG} for space the consumer skips
 *   8  long timestamp
 *  16  int  interface index
 *  20  int  original length
 *  24  int  captured length
 *  28  int  reserved, 0
 *  32  captured bytes, then zeros up to the next multiple of 8
 * </pre>
 * A record that does not fit before the end of the ring is placed at offset 0, and the tail end is filled with a
 * padding record claimed in the same compare-and-set.
 *
 * <h2>Memory ordering</h2>
 * The length word is written with volatile semantics after everything else in the record, and read with volatile
 * semantics by the consumer before anything else: the record's bytes happen-before its consumption. The consumer
 * zeroes a record's memory before it publishes the new head, so a length word the consumer reads is either 0 or
 * that of a record published in the current lap. The ring's memory comes from an automatic arena: a producer
 * stalled past {@link #close()} can still finish its copy safely; the memory goes when the ring is unreachable.
 */
final class CaptureRing {

    /** Bytes before a record's data. */
    static final int HEADER_BYTES = 32;
    static final int LENGTH_OFFSET = 0;
    static final int TAG_OFFSET = 4;
    static final int TIMESTAMP_OFFSET = 8;
    static final int INTERFACE_OFFSET = 16;
    static final int ORIGINAL_LENGTH_OFFSET = 20;
    static final int CAPTURED_LENGTH_OFFSET = 24;
    static final int RESERVED_OFFSET = 28;

    /** Tag of space that carries no record: end-of-ring filler, or a record whose copy failed. */
    static final int PADDING_TAG = -1;

    /** {@link #offer} result: the record is in the ring. */
    static final int OFFERED = 0;
    /** {@link #offer} result: no room (bytes or records); nothing was written. */
    static final int FULL = 1;
    /** {@link #offer} result: the ring is closed; nothing was written. */
    static final int CLOSED = 2;
    /** {@link #offer} result: reading the source failed; the claimed space was turned into padding. */
    static final int SOURCE_FAILED = 3;

    /** The largest ring: positions are ints within a lap. */
    static final int MAX_CAPACITY_BYTES = 1 << 30;

    private static final long CLOSED_BIT = Long.MIN_VALUE;
    /** Zeros to clear consumed records with, a bulk copy at a time; never written. */
    private static final MemorySegment ZEROS = Arena.global().allocate(64 * 1024, 8);
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    /** Receives records from {@link #poll}. */
    @FunctionalInterface
    interface RecordHandler {
        /**
         * @param tag the producer's tag
         * @param timestamp the producer's timestamp
         * @param interfaceIndex the producer's interface index
         * @param originalLength the producer's original length
         * @param ring the ring's memory; valid for reading {@code [dataOffset, dataOffset + capturedLength)}
         *     until this call returns
         * @param dataOffset where the captured bytes are
         * @param capturedLength how many bytes were captured
         * @throws IOException passed through to the caller of {@link #poll}
         */
        void onRecord(int tag, long timestamp, int interfaceIndex, int originalLength, MemorySegment ring,
                long dataOffset, int capturedLength) throws IOException;
    }

    private final MemorySegment ring;
    private final int capacityBytes;
    private final int maxRecords;
    /** Next byte position to claim (monotonic, not wrapped); {@link #CLOSED_BIT} set once closed. */
    private final AtomicLong tail = new AtomicLong();
    /** Records claimed and not yet consumed, padding excluded. */
    private final AtomicInteger records = new AtomicInteger();
    /** Records offered successfully; counted before they are published, so the consumer never sees more. */
    private final LongAdder offered = new LongAdder();
    /** Next byte position to consume (monotonic); written by the consumer only. */
    private volatile long head;

    /**
     * @param capacityBytes ring size, a multiple of 8 between 64 and {@value #MAX_CAPACITY_BYTES}
     * @param maxRecords the most records held at once, at least 1
     */
    CaptureRing(int capacityBytes, int maxRecords) {
        if (capacityBytes < 64 || capacityBytes > MAX_CAPACITY_BYTES || capacityBytes % 8 != 0) {
            throw new IllegalArgumentException("capacityBytes " + capacityBytes
                    + " is not a multiple of 8 between 64 and " + MAX_CAPACITY_BYTES);
        }
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords " + maxRecords + " < 1");
        }
        this.capacityBytes = capacityBytes;
        this.maxRecords = maxRecords;
        this.ring = Arena.ofAuto().allocate(capacityBytes, 8);
    }

    /**
     * @param capturedLength data bytes
     * @return the ring space a record with that much data takes
     */
    static int recordBytes(int capturedLength) {
        return (HEADER_BYTES + capturedLength + 7) & ~7;
    }

    /**
     * The smallest ring in which a record of {@code capturedLength} bytes is never refused while the ring is empty,
     * wherever the tail stands: twice the record, since a record that does not fit before the end goes to the
     * start and the filler before it counts until the consumer passes it.
     *
     * @param capturedLength the largest record's data bytes
     * @return the minimum capacity in bytes
     */
    static long minCapacityBytes(int capturedLength) {
        return 2L * recordBytes(capturedLength);
    }

    int capacityBytes() {
        return capacityBytes;
    }

    int maxRecords() {
        return maxRecords;
    }

    /**
     * Copies one record in, or refuses it: {@link #claim} then {@link #write}. Any thread; never blocks;
     * allocation-free.
     *
     * @param tag metadata for the consumer, not {@link #PADDING_TAG}
     * @param timestamp stored as given
     * @param interfaceIndex stored as given
     * @param originalLength stored as given
     * @param source where the bytes come from
     * @param sourceOffset the first byte in {@code source}
     * @param capturedLength bytes to copy; the caller checked they are inside {@code source}
     * @return {@link #OFFERED}, {@link #FULL}, {@link #CLOSED} or {@link #SOURCE_FAILED}
     */
    int offer(int tag, long timestamp, int interfaceIndex, int originalLength, MemorySegment source,
            long sourceOffset, int capturedLength) {
        int at = claim(capturedLength);
        if (at < 0) {
            return -at;
        }
        return write(at, tag, timestamp, interfaceIndex, originalLength, source, sourceOffset, capturedLength);
    }

    /**
     * The first half of {@link #offer}: claims room for a record of {@code capturedLength} bytes of data, or
     * refuses. Once claimed, the record must be {@link #write written}: the consumer waits for it, and so does a
     * stop, up to its timeout. Any thread; never blocks; allocation-free.
     *
     * @param capturedLength data bytes
     * @return the record's offset in the ring, or {@code -FULL} or {@code -CLOSED}
     */
    int claim(int capturedLength) {
        if (capturedLength < 0 || capturedLength > capacityBytes - HEADER_BYTES) {
            return -FULL;
        }
        int required = recordBytes(capturedLength);
        if (!claimRecord()) {
            return tail.get() < 0 ? -CLOSED : -FULL;
        }
        long claimed;
        int index;
        int untilEnd;
        while (true) {
            claimed = tail.get();
            if (claimed < 0) {
                records.decrementAndGet();
                return -CLOSED;
            }
            long free = capacityBytes - (claimed - head);
            index = (int) (claimed % capacityBytes);
            untilEnd = capacityBytes - index;
            long needed = required <= untilEnd ? required : (long) untilEnd + required;
            if (needed > free) {
                records.decrementAndGet();
                return -FULL;
            }
            if (tail.compareAndSet(claimed, claimed + needed)) {
                break;
            }
        }
        if (required <= untilEnd) {
            return index;
        }
        // The record goes to the start; the tail end becomes filler, published right away.
        ring.set(ValueLayout.JAVA_INT, index + TAG_OFFSET, PADDING_TAG);
        INT.setVolatile(ring, (long) index + LENGTH_OFFSET, untilEnd);
        return 0;
    }

    /**
     * The second half of {@link #offer}: fills the record claimed at {@code at} and publishes it. Allocation-free.
     *
     * @param at what {@link #claim} returned
     * @param tag metadata for the consumer, not {@link #PADDING_TAG}
     * @param timestamp stored as given
     * @param interfaceIndex stored as given
     * @param originalLength stored as given
     * @param source where the bytes come from
     * @param sourceOffset the first byte in {@code source}
     * @param capturedLength the length given to {@link #claim}
     * @return {@link #OFFERED}, or {@link #SOURCE_FAILED} if reading {@code source} failed (the record is then
     *     published as filler)
     */
    int write(int at, int tag, long timestamp, int interfaceIndex, int originalLength, MemorySegment source,
            long sourceOffset, int capturedLength) {
        ring.set(ValueLayout.JAVA_LONG, at + TIMESTAMP_OFFSET, timestamp);
        ring.set(ValueLayout.JAVA_INT, at + INTERFACE_OFFSET, interfaceIndex);
        ring.set(ValueLayout.JAVA_INT, at + ORIGINAL_LENGTH_OFFSET, originalLength);
        ring.set(ValueLayout.JAVA_INT, at + CAPTURED_LENGTH_OFFSET, capturedLength);
        int result = OFFERED;
        try {
            MemorySegment.copy(source, sourceOffset, ring, at + HEADER_BYTES, capturedLength);
            ring.set(ValueLayout.JAVA_INT, at + TAG_OFFSET, tag);
            offered.increment();
        } catch (RuntimeException e) {
            // A closed or thread-confined source: the space is claimed, so it must still be published, as filler.
            ring.set(ValueLayout.JAVA_INT, at + TAG_OFFSET, PADDING_TAG);
            records.decrementAndGet();
            result = SOURCE_FAILED;
        }
        INT.setVolatile(ring, (long) at + LENGTH_OFFSET, recordBytes(capturedLength));
        return result;
    }

    private boolean claimRecord() {
        while (true) {
            int n = records.get();
            if (n >= maxRecords) {
                return false;
            }
            if (records.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /**
     * Consumes published records in order, up to {@code limit} ring entries. Consumer thread only.
     *
     * @param handler receives each record (padding is skipped silently)
     * @param limit the most ring entries (records and padding) to consume in this call
     * @return ring entries consumed, padding included; 0 if the entry at the head is not published yet
     * @throws IOException from the handler; the record it failed on stays in the ring
     */
    int poll(RecordHandler handler, int limit) throws IOException {
        long position = head;
        int consumed = 0;
        while (consumed < limit) {
            int index = (int) (position % capacityBytes);
            int length = (int) INT.getVolatile(ring, (long) index + LENGTH_OFFSET);
            if (length == 0) {
                break;
            }
            if (length < 8 || (length & 7) != 0 || length > capacityBytes - index) {
                throw new IllegalStateException("corrupt capture ring: record of " + length + " bytes at " + index);
            }
            int tag = ring.get(ValueLayout.JAVA_INT, index + TAG_OFFSET);
            if (tag != PADDING_TAG) {
                handler.onRecord(tag, ring.get(ValueLayout.JAVA_LONG, index + TIMESTAMP_OFFSET),
                        ring.get(ValueLayout.JAVA_INT, index + INTERFACE_OFFSET),
                        ring.get(ValueLayout.JAVA_INT, index + ORIGINAL_LENGTH_OFFSET),
                        ring, index + HEADER_BYTES,
                        ring.get(ValueLayout.JAVA_INT, index + CAPTURED_LENGTH_OFFSET));
                records.decrementAndGet();
            }
            for (int done = 0; done < length; done += (int) ZEROS.byteSize()) {
                MemorySegment.copy(ZEROS, 0, ring, index + done, Math.min(length - done, ZEROS.byteSize()));
            }
            position += length;
            head = position;
            consumed++;
        }
        return consumed;
    }

    /** @return whether the entry at the head is published, i.e. {@link #poll} would make progress */
    boolean hasPublished() {
        int index = (int) (head % capacityBytes);
        return (int) INT.getVolatile(ring, (long) index + LENGTH_OFFSET) != 0;
    }

    /** @return bytes claimed and not consumed, published or not */
    long pendingBytes() {
        return (tail.get() & ~CLOSED_BIT) - head;
    }

    /** @return records offered successfully so far */
    long offeredCount() {
        return offered.sum();
    }

    /** @return records claimed and not consumed */
    int pendingRecords() {
        return records.get();
    }

    /**
     * Refuses every later offer. Offers that claimed space before stay and are published by their producers.
     * Idempotent; any thread.
     */
    void close() {
        while (true) {
            long t = tail.get();
            if (t < 0 || tail.compareAndSet(t, t | CLOSED_BIT)) {
                return;
            }
        }
    }

    /** @return whether {@link #close()} was called */
    boolean isClosed() {
        return tail.get() < 0;
    }
}
