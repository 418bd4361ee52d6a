package netstack.loopback.wire;

import netstack.api.link.PacketBuffer;

/**
 * Keeps {@link Wire.Mode#INLINE} delivery from recursing. The outermost {@code transmit} on a thread delivers its
 * frame on that thread; a frame transmitted while that delivery runs (a reply sent from inside
 * {@code LinkContext.deliver}, on this wire or any other) is parked here and sent by the outermost call once the
 * delivery has returned, in the order transmitted. So a stack is never re-entered from inside its own receive path,
 * the Java stack depth stays constant however long a ping-pong lasts, and no lock is held while waiting for another.
 *
 * <p>One per thread, created on the thread's first inline transmit; its rings grow only when more frames are parked
 * at once than ever before.
 */
final class Trampoline {

    private static final ThreadLocal<Trampoline> CURRENT = ThreadLocal.withInitial(Trampoline::new);

    /** Set while the thread is inside an inline delivery (or draining parked frames). */
    boolean active;
    private Lane[] lanes = new Lane[8];
    private PacketBuffer[] frames = new PacketBuffer[8];
    private int head;
    private int size;

    static Trampoline current() {
        return CURRENT.get();
    }

    /** Parks a frame (owned by the wire now) for {@code lane}. */
    void defer(Lane lane, PacketBuffer frame) {
        if (size == frames.length) {
            grow();
        }
        int tail = (head + size) & (frames.length - 1);
        lanes[tail] = lane;
        frames[tail] = frame;
        size++;
    }

    /** Sends every parked frame, including those parked meanwhile, in order. */
    void drain() {
        while (size > 0) {
            Lane lane = lanes[head];
            PacketBuffer frame = frames[head];
            lanes[head] = null;
            frames[head] = null;
            head = (head + 1) & (frames.length - 1);
            size--;
            lane.sendDeferred(frame);
        }
    }

    /** Releases what is still parked; only an exception escaping a delivery leaves anything here. */
    void releaseLeftovers() {
        while (size > 0) {
            PacketBuffer frame = frames[head];
            lanes[head] = null;
            frames[head] = null;
            head = (head + 1) & (frames.length - 1);
            size--;
            frame.release();
        }
    }

    private void grow() {
        int capacity = frames.length;
        Lane[] l = new Lane[capacity * 2];
        PacketBuffer[] f = new PacketBuffer[capacity * 2];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (capacity - 1);
            l[i] = lanes[from];
            f[i] = frames[from];
        }
        lanes = l;
        frames = f;
        head = 0;
    }
}
