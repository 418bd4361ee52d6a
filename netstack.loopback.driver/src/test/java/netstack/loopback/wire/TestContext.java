package netstack.loopback.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import netstack.api.link.LinkContext;
import netstack.api.link.PacketBuffer;
import netstack.ip.buffer.PacketPool;

/**
 * A stack stand-in: takes buffers from a pool, records every delivered frame (a copy of its bytes, its flags, the
 * clock's time and the thread) and releases it; can run a reaction inside {@code deliver} (a stack replying), and
 * checks the driver's promises (no delivery after detach, no concurrent deliveries).
 */
final class TestContext implements LinkContext {

    /** One delivered frame. */
    record Delivery(byte[] bytes, int flags, long atNanos, String thread) {
        int sequence() {
            return TestFrames.sequence(bytes);
        }
    }

    private final String name;
    private final PacketPool pool;
    private final LongSupplier clock;
    /** Appended by deliveries; read it once they are done (or under its lock). */
    final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());
    final List<Boolean> linkStates = new CopyOnWriteArrayList<>();
    final AtomicInteger receiveDiscards = new AtomicInteger();
    final AtomicInteger otherDrops = new AtomicInteger();
    final AtomicInteger deliveriesWhileDetached = new AtomicInteger();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    final AtomicInteger depth = new AtomicInteger();
    final AtomicInteger maxDepth = new AtomicInteger();
    /** Set by a test once detach() returned: a delivery afterwards breaks the SPI. */
    volatile boolean detached;
    /** While set, allocate returns null, as an exhausted pool. */
    volatile boolean starve;
    /** Runs inside deliver, after the frame was recorded and released. */
    volatile Consumer<Delivery> reaction;

    TestContext(String name, PacketPool pool, LongSupplier clock) {
        this.name = name;
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public String interfaceName() {
        return name;
    }

    @Override
    public PacketBuffer allocate(int minCapacity) {
        return starve ? null : pool.allocate(minCapacity);
    }

    @Override
    public void deliver(PacketBuffer frame) {
        if (detached) {
            deliveriesWhileDetached.incrementAndGet();
        }
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        maxDepth.accumulateAndGet(depth.incrementAndGet(), Math::max);
        try {
            byte[] copy = new byte[frame.length()];
            MemorySegment.copy(frame.segment(), ValueLayout.JAVA_BYTE, frame.start(), copy, 0, copy.length);
            Delivery d = new Delivery(copy, frame.flags(), clock.getAsLong(), Thread.currentThread().getName());
            frame.release();
            deliveries.add(d);
            Consumer<Delivery> r = reaction;
            concurrent.decrementAndGet();
            if (r != null) {
                r.accept(d);
            }
        } finally {
            depth.decrementAndGet();
        }
    }

    @Override
    public void linkStateChanged(boolean up) {
        linkStates.add(up);
    }

    @Override
    public void countDrop(boolean receive, boolean error) {
        if (receive && !error) {
            receiveDiscards.incrementAndGet();
        } else {
            otherDrops.incrementAndGet();
        }
    }

    /** @return the sequence numbers delivered, in order */
    int[] sequences() {
        synchronized (deliveries) {
            return deliveries.stream().mapToInt(Delivery::sequence).toArray();
        }
    }
}
