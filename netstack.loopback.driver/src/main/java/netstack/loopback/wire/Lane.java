package netstack.loopback.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import netstack.api.link.LinkContext;
import netstack.api.link.PacketBuffer;

/**
 * One direction of a wire: the impairment model, the frames in flight and their delivery to the receiving end.
 *
 * <h2>Locking</h2>
 * {@link #lock} guards all mutable state. It is held while a frame is scheduled (including the copy into the
 * receiver's buffer and the receiver's {@code allocate}/{@code countDrop}), never while a frame is delivered.
 * Delivery is serialised by the <em>delivery token</em> {@link #deliverer}: the one thread that may call the
 * receiver's {@code deliver} for this lane (the delivery thread, the thread stepping a manual wire, or an inline
 * transmitter), taken and given back under the lock. {@link #awaitIdle()} waits for the token, which is how detach
 * guarantees that no call reaches a detached context. Lock order: the wire's lifecycle monitor, then this lock,
 * then the receiving stack's pool; nothing here is taken while the stack calls {@code deliver}.
 *
 * <h2>Invariant</h2>
 * Every buffer in {@link #delayLine} and {@link #expressLine} was allocated from {@link #receiver}: detach releases
 * them all, and nothing is scheduled while no receiver is attached.
 */
final class Lane {

    private static final System.Logger LOG = System.getLogger(Lane.class.getName());
    static final int ETHERNET_HEADER_BYTES = 14;
    /** The most frames one wake-up of the delivery thread hands over. */
    static final int BATCH = 64;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Wire wire;
    final Wire.Direction direction;
    private final String receiverName;
    private final long streamKey;
    private final LongSupplier clock;
    private final int maxFrameBytes;
    private final boolean checksumOffload;
    private final int capacityFrames;

    /**
     * The lane's monitor; {@code notifyAll} when the delivery token is given back. A monitor rather than a
     * {@code ReentrantLock}: a contended {@code ReentrantLock} allocates a queue node per waiter, a monitor
     * allocates nothing on the heap, and since JDK 24 (JEP 491) it does not pin virtual threads.
     */
    private final Object lock = new Object();

    // Written under the lock; volatile so the delivery loop and isLinkUp can read them without it.
    private volatile LinkContext receiver;
    private volatile LinkContext senderContext;
    private volatile Impairment impairment;
    private volatile boolean closed;

    private final FrameQueue delayLine = new FrameQueue(64);
    private final FrameQueue expressLine = new FrameQueue(16);
    private final Backlog backlog = new Backlog();
    private long linkFreeAtNanos = Long.MIN_VALUE;
    private long carryNumerator;
    private long carryRate;
    private long lastDelayArrivalNanos = Long.MIN_VALUE;

    /** The delivery token's holder, or null. */
    private Thread deliverer;
    /** Frames taken out of the queues by the token holder and not yet accounted for. */
    private int deliveringFrames;
    /** Used only by the token holder. */
    private final PacketBuffer[] batch = new PacketBuffer[BATCH];
    /** The outcome of the batch being delivered; touched only by the token holder until {@link #finishBatch()}. */
    private long batchFrames;
    private long batchBytes;
    private long batchDropped;
    /** The THREAD mode delivery thread, once it runs; unparked when it may have earlier work than it sleeps for. */
    private Thread deliveryThread;
    /** Whether the delivery thread sleeps (or is about to), and until when. */
    private boolean parked;
    private long wakeAtNanos;

    private long sentFrames;
    private long sentBytes;
    private long deliveredFrames;
    private long deliveredBytes;
    private long lostFrames;
    private long duplicatedFrames;
    private long corruptedFrames;
    private long reorderedFrames;
    private long queueDroppedFrames;
    private long overflowDroppedFrames;
    private long detachedDroppedFrames;
    private long noBufferFrames;
    private long invalidFrames;

    Lane(Wire wire, Wire.Direction direction, String receiverName, long seed, LongSupplier clock, int mtu,
            boolean checksumOffload, int capacityFrames, Impairment impairment) {
        this.wire = wire;
        this.direction = direction;
        this.receiverName = receiverName;
        this.streamKey = FrameRandom.streamKey(seed, direction.ordinal());
        this.clock = clock;
        this.maxFrameBytes = mtu + ETHERNET_HEADER_BYTES + 4;
        this.checksumOffload = checksumOffload;
        this.capacityFrames = capacityFrames;
        this.impairment = impairment;
    }

    // ---- attachment ----

    /** @return the attached receiving context, or null */
    LinkContext receiver() {
        return receiver;
    }

    /** @return whether a receiver is attached and the wire is open: the sending end's carrier */
    boolean carrier() {
        return receiver != null && !closed;
    }

    void attachReceiver(LinkContext context) {
        synchronized (lock) {
            if (receiver != null) {
                throw new IllegalStateException("wire end " + receiverName + " is already attached to interface "
                        + receiver.interfaceName() + "; detach it first");
            }
            receiver = context;
        }
    }

    /**
     * Detaches the receiver and releases every frame in flight to it (they were in its buffers).
     *
     * @return the context that was attached, or null
     */
    LinkContext detachReceiver() {
        synchronized (lock) {
            LinkContext old = receiver;
            receiver = null;
            purge();
            return old;
        }
    }

    void senderContext(LinkContext context) {
        senderContext = context;
    }

    /**
     * Waits until no other thread is delivering on this lane. The caller's own delivery (a detach from inside
     * {@code deliver}) is not waited for; the delivery loop drops the rest of its batch instead.
     */
    void awaitIdle() {
        synchronized (lock) {
            awaitNoOtherDeliverer();
        }
    }

    /**
     * Waits, holding {@link #lock}, until no thread but the caller holds the delivery token. Not interruptible: a
     * delivery ends by itself, and the interrupt status is kept for the caller.
     */
    private void awaitNoOtherDeliverer() {
        boolean interrupted = false;
        Thread self = Thread.currentThread();
        while (deliverer != null && deliverer != self) {
            try {
                lock.wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            self.interrupt();
        }
    }

    /** Stops the lane for good: frames in flight are released, later ones refused, the delivery thread leaves. */
    void close() {
        synchronized (lock) {
            closed = true;
            purge();
            if (deliveryThread != null) {
                LockSupport.unpark(deliveryThread);
            }
        }
    }

    private void purge() {
        detachedDroppedFrames += delayLine.releaseAll() + expressLine.releaseAll();
        // The link is reset: nothing is being serialized any more.
        backlog.clear();
        linkFreeAtNanos = Long.MIN_VALUE;
        carryNumerator = 0;
        lastDelayArrivalNanos = Long.MIN_VALUE;
    }

    // ---- configuration and views ----

    Impairment impairment() {
        return impairment;
    }

    void impairment(Impairment newImpairment) {
        synchronized (lock) {
            impairment = newImpairment;
        }
    }

    WireCounters counters() {
        synchronized (lock) {
            return new WireCounters(sentFrames, sentBytes, deliveredFrames, deliveredBytes, lostFrames,
                    duplicatedFrames, corruptedFrames, reorderedFrames, queueDroppedFrames, overflowDroppedFrames,
                    detachedDroppedFrames, noBufferFrames, invalidFrames, inFlight());
        }
    }

    /** @return the arrival time of the next frame to deliver, {@link Long#MAX_VALUE} if none */
    long nextArrivalNanos() {
        synchronized (lock) {
            return Math.min(delayLine.headArrivalNanos(), expressLine.headArrivalNanos());
        }
    }

    /** @return the global sequence number of the next frame to deliver, {@link Long#MAX_VALUE} if none */
    long nextSequence() {
        synchronized (lock) {
            FrameQueue q = earlierQueue();
            return q == null ? Long.MAX_VALUE : q.headSequence();
        }
    }

    private int inFlight() {
        return delayLine.size() + expressLine.size() + deliveringFrames;
    }

    // ---- transmit ----

    /**
     * Schedules a frame (queued modes). Takes ownership of {@code frame} and releases it. Allocation-free in steady
     * state.
     *
     * @return whether the wire accepted it (lost frames count as accepted: loss on a wire is silent)
     */
    boolean transmit(PacketBuffer frame) {
        try {
            synchronized (lock) {
                return schedule(frame);
            }
        } finally {
            frame.release();
        }
    }

    /**
     * Sends a frame on the transmitting thread ({@link Wire.Mode#INLINE}), through the {@link Trampoline}.
     *
     * @return whether the wire accepted it; a frame parked for later counts as accepted
     */
    boolean transmitInline(PacketBuffer frame) {
        Trampoline trampoline = Trampoline.current();
        if (trampoline.active) {
            trampoline.defer(this, frame);
            return true;
        }
        trampoline.active = true;
        try {
            boolean accepted = sendInline(frame);
            trampoline.drain();
            return accepted;
        } finally {
            trampoline.active = false;
            trampoline.releaseLeftovers();
        }
    }

    /** Sends a frame the trampoline parked; its transmit call already returned, so a drop is counted here. */
    void sendDeferred(PacketBuffer frame) {
        if (!sendInline(frame)) {
            LinkContext sender = senderContext;
            if (sender != null) {
                sender.countDrop(false, false);
            }
        }
    }

    private boolean sendInline(PacketBuffer frame) {
        LinkContext context;
        int count;
        boolean accepted;
        try {
            synchronized (lock) {
                awaitNoOtherDeliverer();
                accepted = schedule(frame);
                count = pollDue(Long.MAX_VALUE);
                if (count == 0) {
                    return accepted;
                }
                context = receiver;
                deliverer = Thread.currentThread();
                deliveringFrames = count;
            }
        } finally {
            frame.release();
        }
        deliverBatch(context, count);
        return accepted;
    }

    /** The impairment model, under the lock. Does not release {@code frame}. */
    private boolean schedule(PacketBuffer frame) {
        int length = frame.length();
        long index = sentFrames++;
        sentBytes += length;
        if (length < ETHERNET_HEADER_BYTES || length > maxFrameBytes) {
            invalidFrames++;
            return false;
        }
        LinkContext context = receiver;
        if (closed || context == null) {
            detachedDroppedFrames++;
            return false;
        }
        Impairment imp = impairment;
        long key = FrameRandom.frameKey(streamKey, index);
        if (FrameRandom.chance(key, FrameRandom.LOSS, imp.lossProbability())) {
            lostFrames++;
            return true;
        }
        long now = clock.getAsLong();
        backlog.advance(now);
        if (!admits(imp, length)) {
            queueDroppedFrames++;
            return false;
        }
        if (inFlight() >= capacityFrames) {
            overflowDroppedFrames++;
            return false;
        }
        boolean corrupt = FrameRandom.chance(key, FrameRandom.CORRUPT, imp.corruptProbability());
        PacketBuffer copy;
        try {
            copy = copy(context, frame, length, corrupt);
        } catch (RuntimeException e) {
            invalidFrames++;
            throw e;
        }
        if (copy == null) {
            noBufferFrames++;
            context.countDrop(true, false);
            return true;
        }
        if (corrupt) {
            long bit = FrameRandom.below(key, FrameRandom.CORRUPT_BIT, length * 8L);
            long at = copy.start() + (bit >>> 3);
            MemorySegment segment = copy.segment();
            byte b = segment.get(ValueLayout.JAVA_BYTE, at);
            // Bit 0 is the most significant bit of the frame's first byte: network order.
            segment.set(ValueLayout.JAVA_BYTE, at, (byte) (b ^ (0x80 >>> (bit & 7))));
            corruptedFrames++;
        }
        long departure = serialize(imp, now, length);
        if (FrameRandom.chance(key, FrameRandom.REORDER, imp.reorderProbability())) {
            // netem's reorder: sent at once, overtaking the frames that wait out the delay.
            expressLine.add(copy, departure, wire.nextSequence());
            reorderedFrames++;
            wake(departure);
        } else {
            long arrival = delayLineArrival(imp, departure, key, FrameRandom.JITTER);
            delayLine.add(copy, arrival, wire.nextSequence());
            wake(arrival);
        }
        if (FrameRandom.chance(key, FrameRandom.DUPLICATE, imp.duplicateProbability())) {
            duplicatedFrames++;
            scheduleCopy(context, frame, length, imp, now, key);
        }
        return true;
    }

    private void scheduleCopy(LinkContext context, PacketBuffer frame, int length, Impairment imp, long now,
            long key) {
        if (!admits(imp, length)) {
            queueDroppedFrames++;
            return;
        }
        if (inFlight() >= capacityFrames) {
            overflowDroppedFrames++;
            return;
        }
        PacketBuffer copy = copy(context, frame, length, false);
        if (copy == null) {
            noBufferFrames++;
            context.countDrop(true, false);
            return;
        }
        long departure = serialize(imp, now, length);
        long arrival = delayLineArrival(imp, departure, key, FrameRandom.JITTER_COPY);
        delayLine.add(copy, arrival, wire.nextSequence());
        wake(arrival);
    }

    /** @return whether the bottleneck queue has room for one more frame of {@code length} bytes */
    private boolean admits(Impairment imp, int length) {
        return (imp.queueLimitFrames() == 0 || backlog.frames() < imp.queueLimitFrames())
                && (imp.queueLimitBytes() == 0 || backlog.bytes() + length <= imp.queueLimitBytes());
    }

    /** @return when the frame's last bit leaves: {@code now} without a rate limit */
    private long serialize(Impairment imp, long now, int length) {
        long rate = imp.rateBitsPerSecond();
        if (rate == 0) {
            return now;
        }
        if (rate != carryRate) {
            carryNumerator = 0;
            carryRate = rate;
        }
        long start;
        if (linkFreeAtNanos >= now) {
            start = linkFreeAtNanos;
        } else {
            // The link was idle: no fraction of a nanosecond is owed from before.
            start = now;
            carryNumerator = 0;
        }
        long numerator = (length + (long) imp.frameOverheadBytes()) * 8 * NANOS_PER_SECOND + carryNumerator;
        long finish = start + numerator / rate;
        carryNumerator = numerator % rate;
        linkFreeAtNanos = finish;
        backlog.add(finish, length);
        return finish;
    }

    /** @return the arrival time in the delay line: delay plus uniform jitter, never before the previous frame */
    private long delayLineArrival(Impairment imp, long departure, long key, int jitterPurpose) {
        long arrival = departure + imp.delayNanos();
        if (imp.jitterNanos() > 0) {
            arrival += FrameRandom.below(key, jitterPurpose, imp.jitterNanos() + 1);
        }
        if (arrival < lastDelayArrivalNanos) {
            arrival = lastDelayArrivalNanos;
        }
        lastDelayArrivalNanos = arrival;
        return arrival;
    }

    /**
     * Copies the frame into a buffer of the receiving stack, carrying the checksum state over.
     *
     * @return the copy, or null if the receiver had no buffer
     */
    private PacketBuffer copy(LinkContext context, PacketBuffer frame, int length, boolean corrupt) {
        PacketBuffer copy;
        try {
            copy = context.allocate(length);
        } catch (RuntimeException e) {
            // A closed or failing pool is as good as an empty one: count the drop and go on.
            LOG.log(System.Logger.Level.DEBUG, "wire: receive buffer allocation failed", e);
            return null;
        }
        if (copy == null) {
            return null;
        }
        if (copy.tailroom() < length) {
            copy.release();
            return null;
        }
        try {
            int at = copy.end();
            MemorySegment.copy(frame.segment(), frame.start(), copy.segment(), at, length);
            copy.append(length);
            copy.flags(0);
            if ((frame.flags() & PacketBuffer.CHECKSUM_PARTIAL) != 0) {
                if (checksumOffload && !corrupt) {
                    // Like veth: the frame never leaves the host, so the checksum need not be computed; the
                    // receiver is told the "device" checked it.
                    copy.flags(PacketBuffer.CHECKSUM_VERIFIED);
                } else {
                    // A frame about to be corrupted gets a real checksum first (netem's skb_checksum_help), so the
                    // receiver can see the damage; without offload the stack should not have asked, but a device
                    // completes what it is given.
                    SoftwareChecksum.complete(copy.segment(), at, length, frame.checksumStart() - frame.start(),
                            frame.checksumOffset());
                }
            }
            return copy;
        } catch (RuntimeException e) {
            // The sender's buffer was unreadable (a released or closed segment): a caller bug, reported to the
            // caller, but the receiver's buffer goes back first.
            copy.release();
            throw e;
        }
    }

    private void wake(long arrival) {
        if (parked && arrival < wakeAtNanos) {
            wakeAtNanos = arrival;
            LockSupport.unpark(deliveryThread);
        }
    }

    // ---- delivery ----

    /** @return the queue whose head is delivered first: earliest arrival, then lowest sequence; null if empty */
    private FrameQueue earlierQueue() {
        if (expressLine.isEmpty()) {
            return delayLine.isEmpty() ? null : delayLine;
        }
        if (delayLine.isEmpty()) {
            return expressLine;
        }
        long d = delayLine.headArrivalNanos();
        long e = expressLine.headArrivalNanos();
        if (d != e) {
            return d < e ? delayLine : expressLine;
        }
        return delayLine.headSequence() < expressLine.headSequence() ? delayLine : expressLine;
    }

    /** Moves up to {@link #BATCH} frames due by {@code nowNanos} into {@link #batch}, in delivery order. */
    private int pollDue(long nowNanos) {
        int count = 0;
        while (count < BATCH) {
            FrameQueue q = earlierQueue();
            if (q == null || q.headArrivalNanos() > nowNanos) {
                break;
            }
            batch[count++] = q.poll();
        }
        return count;
    }

    /** Delivers the batch taken by the token holder, then gives the token back. */
    private void deliverBatch(LinkContext context, int count) {
        try {
            deliverUnlocked(context, count);
        } finally {
            synchronized (lock) {
                finishBatch();
            }
        }
    }

    /**
     * Delivers {@code batch[0..count)} without the lock, the token held. A frame whose receiver was detached
     * meanwhile, or whose wire was closed (possibly from inside this very delivery), is released instead. The
     * outcome is tallied in fields only the token holder touches, for {@link #finishBatch()}. Allocation-free.
     */
    private void deliverUnlocked(LinkContext context, int count) {
        int i = 0;
        try {
            for (; i < count; i++) {
                PacketBuffer frame = batch[i];
                batch[i] = null;
                if (closed || receiver != context) {
                    frame.release();
                    batchDropped++;
                    continue;
                }
                int length = frame.length();
                batchFrames++;
                batchBytes += length;
                try {
                    context.deliver(frame);
                } catch (RuntimeException e) {
                    // The stack owns the frame once deliver is called; its failure must not stop the wire.
                    LOG.log(System.Logger.Level.ERROR, "wire: delivery to " + receiverName + " failed", e);
                }
            }
        } finally {
            // Only an Error can leave frames here; they are still ours.
            for (int j = i; j < count; j++) {
                if (batch[j] != null) {
                    batch[j].release();
                    batch[j] = null;
                    batchDropped++;
                }
            }
        }
    }

    /** Under the lock: counts the batch just delivered and gives the delivery token back. */
    private void finishBatch() {
        deliveredFrames += batchFrames;
        deliveredBytes += batchBytes;
        detachedDroppedFrames += batchDropped;
        batchFrames = 0;
        batchBytes = 0;
        batchDropped = 0;
        deliveringFrames = 0;
        deliverer = null;
        lock.notifyAll();
    }

    /**
     * The delivery thread's loop ({@link Wire.Mode#THREAD}): sleeps until the earliest frame is due (or a new one
     * is earlier), takes the token, delivers every due frame in batches, until the lane is closed. One lock
     * acquisition per batch both accounts for the previous batch and takes the next.
     */
    void runDelivery() {
        synchronized (lock) {
            deliveryThread = Thread.currentThread();
        }
        boolean finishing = false;
        while (true) {
            LinkContext context = null;
            int count;
            long parkNanos = 0;
            synchronized (lock) {
                if (finishing) {
                    finishBatch();
                    finishing = false;
                }
                parked = false;
                if (closed) {
                    return;
                }
                long now = clock.getAsLong();
                count = pollDue(now);
                if (count > 0) {
                    context = receiver;
                    deliverer = Thread.currentThread();
                    deliveringFrames = count;
                } else {
                    long due = Math.min(delayLine.headArrivalNanos(), expressLine.headArrivalNanos());
                    parked = true;
                    wakeAtNanos = due;
                    parkNanos = due == Long.MAX_VALUE ? -1 : due - now;
                }
            }
            if (count > 0) {
                finishing = true;
                try {
                    deliverUnlocked(context, count);
                } catch (Throwable e) {
                    synchronized (lock) {
                        finishBatch();
                    }
                    throw e;
                }
            } else {
                // Parked outside the lock; a transmit that comes first leaves a permit, so no wake-up is lost.
                // LockSupport rather than lock.wait(): the transmitter need not hold a monitor to wake us.
                if (parkNanos < 0) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, parkNanos);
                }
                // Nothing here is interruptible; a stray interrupt must not make park return at once forever.
                Thread.interrupted();
            }
        }
    }

    /**
     * Delivers the earliest frame if it is due by {@code targetNanos} ({@link Wire.Mode#MANUAL}), first moving the
     * clock to its arrival time.
     *
     * @return whether a frame was taken
     */
    boolean deliverNext(long targetNanos, ManualClock manualClock) {
        LinkContext context;
        long arrival;
        synchronized (lock) {
            awaitNoOtherDeliverer();
            FrameQueue q = earlierQueue();
            if (q == null || q.headArrivalNanos() > targetNanos) {
                return false;
            }
            arrival = q.headArrivalNanos();
            batch[0] = q.poll();
            context = receiver;
            deliverer = Thread.currentThread();
            deliveringFrames = 1;
        }
        manualClock.advanceAtLeastTo(arrival);
        deliverBatch(context, 1);
        return true;
    }

    @Override
    public String toString() {
        return "Lane[" + direction + " to " + receiverName + "]";
    }
}
