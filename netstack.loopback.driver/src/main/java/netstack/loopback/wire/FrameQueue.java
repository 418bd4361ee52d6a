package netstack.loopback.wire;

import netstack.api.link.PacketBuffer;

/**
 * A FIFO of frames on their way, each with its arrival time and global sequence number, in a growable ring.
 * Arrival times are non-decreasing from head to tail (the lane keeps them so). Not thread-safe: the lane's lock
 * guards it. Allocation-free except when it grows (doubling), so steady state allocates nothing.
 */
final class FrameQueue {

    private PacketBuffer[] frames;
    private long[] arrivalNanos;
    private long[] sequence;
    private int head;
    private int size;

    FrameQueue(int initialCapacity) {
        int capacity = Integer.highestOneBit(Math.max(16, initialCapacity - 1) << 1);
        frames = new PacketBuffer[capacity];
        arrivalNanos = new long[capacity];
        sequence = new long[capacity];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** @return the head's arrival time; {@link Long#MAX_VALUE} when empty */
    long headArrivalNanos() {
        return size == 0 ? Long.MAX_VALUE : arrivalNanos[head];
    }

    /** @return the head's sequence number; {@link Long#MAX_VALUE} when empty */
    long headSequence() {
        return size == 0 ? Long.MAX_VALUE : sequence[head];
    }

    void add(PacketBuffer frame, long arrival, long seq) {
        if (size == frames.length) {
            grow();
        }
        int tail = (head + size) & (frames.length - 1);
        frames[tail] = frame;
        arrivalNanos[tail] = arrival;
        sequence[tail] = seq;
        size++;
    }

    /** @return the head frame, removed; the queue must not be empty */
    PacketBuffer poll() {
        PacketBuffer frame = frames[head];
        frames[head] = null;
        head = (head + 1) & (frames.length - 1);
        size--;
        return frame;
    }

    /**
     * Releases every frame and empties the queue.
     *
     * @return how many frames were released
     */
    int releaseAll() {
        int released = 0;
        while (size > 0) {
            poll().release();
            released++;
        }
        head = 0;
        return released;
    }

    private void grow() {
        int capacity = frames.length;
        PacketBuffer[] f = new PacketBuffer[capacity * 2];
        long[] a = new long[capacity * 2];
        long[] s = new long[capacity * 2];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (capacity - 1);
            f[i] = frames[from];
            a[i] = arrivalNanos[from];
            s[i] = sequence[from];
        }
        frames = f;
        arrivalNanos = a;
        sequence = s;
        head = 0;
    }
}
