package netstack.posix.testing;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import netstack.api.link.LinkContext;
import netstack.api.link.PacketBuffer;
import netstack.ip.buffer.PacketPool;

/**
 * A stack stand-in for driver tests: copies each delivered frame out, releases it, and counts drops. It can be told
 * to refuse buffers ({@link #starve}) or to fail the next delivery ({@link #failNext}).
 */
public final class RecordingContext implements LinkContext {

    /** How long {@link #next()} waits. */
    public static final long WAIT_SECONDS = 10;

    private final PacketPool pool;
    /** Delivered frames, oldest first. */
    public final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    /** Carrier changes reported, oldest first. */
    public final BlockingQueue<Boolean> linkStates = new LinkedBlockingQueue<>();
    /** Counted drops: all. */
    public final AtomicInteger drops = new AtomicInteger();
    /** Counted drops: receive errors. */
    public final AtomicInteger receiveErrors = new AtomicInteger();
    /** Counted drops: receive discards. */
    public final AtomicInteger receiveDiscards = new AtomicInteger();
    /** While set, {@link #allocate} refuses buffers, as an exhausted pool does. */
    public volatile boolean starve;
    /** When set, the next delivery throws (after releasing the frame). */
    public volatile boolean failNext;

    /** @param pool where buffers come from */
    public RecordingContext(PacketPool pool) {
        this.pool = pool;
    }

    /**
     * @return the next delivered frame, or {@code null} if none came within {@link #WAIT_SECONDS}
     * @throws InterruptedException if interrupted
     */
    public byte[] next() throws InterruptedException {
        return frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * @param count how many receive discards to wait for
     * @return whether they were counted within {@link #WAIT_SECONDS}
     * @throws InterruptedException if interrupted
     */
    public boolean awaitDiscards(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (receiveDiscards.get() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    @Override
    public String interfaceName() {
        return "test0";
    }

    @Override
    public PacketBuffer allocate(int minCapacity) {
        return starve ? null : pool.allocate(minCapacity);
    }

    @Override
    public void deliver(PacketBuffer frame) {
        byte[] copy = new byte[frame.length()];
        MemorySegment.copy(frame.segment(), ValueLayout.JAVA_BYTE, frame.start(), copy, 0, copy.length);
        frame.release();
        if (failNext) {
            failNext = false;
            throw new IllegalStateException("test: the stack failed this delivery");
        }
        frames.add(copy);
    }

    @Override
    public void linkStateChanged(boolean up) {
        linkStates.add(up);
    }

    @Override
    public void countDrop(boolean receive, boolean error) {
        drops.incrementAndGet();
        if (receive && error) {
            receiveErrors.incrementAndGet();
        } else if (receive) {
            receiveDiscards.incrementAndGet();
        }
    }

    /**
     * Waits for the next delivered frame that matches, dropping the others (e.g. a kernel's IPv6 chatter).
     *
     * @param wanted the test
     * @return the frame, or {@code null} if none came within {@link #WAIT_SECONDS}
     * @throws InterruptedException if interrupted
     */
    public byte[] next(Predicate<byte[]> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            long left = deadline - System.nanoTime();
            byte[] frame = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            if (frame == null || wanted.test(frame)) {
                return frame;
            }
        }
    }
}
