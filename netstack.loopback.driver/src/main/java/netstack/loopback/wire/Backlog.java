package netstack.loopback.wire;

/**
 * The bottleneck queue of a rate-limited direction: for every frame not yet fully serialized (the one on the link
 * and those waiting behind it), its serialization finish time and size. Finish times are increasing, so frames
 * leave from the head as time passes. Not thread-safe (the lane's lock guards it); allocation-free except when
 * the ring grows.
 */
final class Backlog {

    private long[] finishNanos = new long[64];
    private int[] bytes = new int[64];
    private int head;
    private int frames;
    private long totalBytes;

    /** @return frames in the queue, counting the one being serialized */
    int frames() {
        return frames;
    }

    /** @return their bytes */
    long bytes() {
        return totalBytes;
    }

    /**
     * Forgets the frames whose serialization has finished by {@code nowNanos}.
     *
     * @param nowNanos the current time
     */
    void advance(long nowNanos) {
        int mask = finishNanos.length - 1;
        while (frames > 0 && finishNanos[head] <= nowNanos) {
            totalBytes -= bytes[head];
            head = (head + 1) & mask;
            frames--;
        }
    }

    void add(long finish, int frameBytes) {
        if (frames == finishNanos.length) {
            grow();
        }
        int tail = (head + frames) & (finishNanos.length - 1);
        finishNanos[tail] = finish;
        bytes[tail] = frameBytes;
        frames++;
        totalBytes += frameBytes;
    }

    void clear() {
        head = 0;
        frames = 0;
        totalBytes = 0;
    }

    private void grow() {
        int capacity = finishNanos.length;
        long[] f = new long[capacity * 2];
        int[] b = new int[capacity * 2];
        for (int i = 0; i < frames; i++) {
            int from = (head + i) & (capacity - 1);
            f[i] = finishNanos[from];
            b[i] = bytes[from];
        }
        finishNanos = f;
        bytes = b;
        head = 0;
    }
}
