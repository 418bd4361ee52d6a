package netstack.ip.buffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import netstack.api.link.PacketBuffer;

/**
 * A pool of {@link PacketBuffer}s in power-of-two size classes from {@value #MIN_CLASS_BYTES} bytes to
 * {@value #MAX_CLASS_BYTES} bytes. Requests above the largest class get an unpooled buffer (counted as a miss).
 *
 * <p>Each size class keeps a bounded free stack; a class that runs empty allocates a new buffer (native memory
 * from the pool's shared {@link Arena}, or a heap array), so the pool never blocks. Buffers beyond a class's
 * {@code maxFreePerClass} are dropped on release and left to the garbage collector (heap) or to
 * {@link #close()} (native).
 *
 * <h2>Leak detection</h2>
 * With {@link Options#trackLeaks()} each lease records where it was allocated. A buffer that becomes
 * unreachable while leased is reported to the leak listener with that site; releasing a buffer twice throws
 * {@link IllegalStateException} naming both release sites. {@link #outstanding()} counts current leases in
 * every mode, so a test can assert that everything it allocated came back.
 *
 * <p>Thread-safe.
 */
public final class PacketPool implements AutoCloseable {

    /** The smallest size class. */
    public static final int MIN_CLASS_BYTES = 2048;
    /** The largest pooled size class: a 64 KiB packet plus headroom. */
    public static final int MAX_CLASS_BYTES = 128 * 1024;
    private static final int CLASSES = Integer.numberOfTrailingZeros(MAX_CLASS_BYTES / MIN_CLASS_BYTES) + 1;
    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread t = new Thread(runnable, "netstack-buffer-leak-detector");
        t.setDaemon(true);
        return t;
    });

    /**
     * Pool settings.
     *
     * @param direct {@code true} for native (off-heap) memory, {@code false} for heap arrays
     * @param defaultHeadroom the headroom a buffer starts with after {@link #allocate(int)}: room for the largest
     *     header stack (Ethernet + VLAN + IPv6 + extension headers + TCP with options)
     * @param maxFreePerClass the most free buffers kept per size class
     * @param trackLeaks record allocation sites and report leaks and double releases
     * @param leakListener receives a report per leaked buffer; {@code null} prints to standard error
     */
    public record Options(boolean direct, int defaultHeadroom, int maxFreePerClass, boolean trackLeaks,
            Consumer<String> leakListener) {

        /** Checks the values. */
        public Options {
            if (defaultHeadroom < 0 || defaultHeadroom >= MIN_CLASS_BYTES) {
                throw new IllegalArgumentException("headroom " + defaultHeadroom + " out of range 0.."
                        + (MIN_CLASS_BYTES - 1));
            }
            if (maxFreePerClass < 0) {
                throw new IllegalArgumentException("maxFreePerClass must not be negative: " + maxFreePerClass);
            }
        }

        /** @return native memory, 128 bytes headroom, 1024 free buffers per class, no leak tracking */
        public static Options defaults() {
            return new Options(true, 128, 1024, Boolean.getBoolean("netstack.buffer.trackLeaks"), null);
        }

        /**
         * @param track whether to track leases
         * @return a copy with leak tracking switched
         */
        public Options withTrackLeaks(boolean track) {
            return new Options(direct, defaultHeadroom, maxFreePerClass, track, leakListener);
        }

        /**
         * @param listener receives leak reports
         * @return a copy with tracking on and the listener set
         */
        public Options withLeakListener(Consumer<String> listener) {
            return new Options(direct, defaultHeadroom, maxFreePerClass, true, listener);
        }

        /**
         * @param isDirect native or heap memory
         * @return a copy with the memory kind switched
         */
        public Options withDirect(boolean isDirect) {
            return new Options(isDirect, defaultHeadroom, maxFreePerClass, trackLeaks, leakListener);
        }
    }

    private final Options options;
    private final Arena arena;
    private final SizeClass[] classes = new SizeClass[CLASSES];
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong unpooled = new AtomicLong();
    private final AtomicLong leaks = new AtomicLong();
    private volatile boolean closed;

    /** Creates a pool with {@link Options#defaults()}. */
    public PacketPool() {
        this(Options.defaults());
    }

    /**
     * @param options the pool settings
     */
    public PacketPool(Options options) {
        this.options = options;
        this.arena = options.direct() ? Arena.ofShared() : null;
        for (int c = 0; c < CLASSES; c++) {
            // Larger classes keep fewer (halved per class, at least one), unless the pool keeps none at all.
            int maxFree = options.maxFreePerClass() == 0 ? 0 : Math.max(1, options.maxFreePerClass() >> c);
            classes[c] = new SizeClass(MIN_CLASS_BYTES << c, maxFree);
        }
    }

    /** @return the settings */
    public Options options() {
        return options;
    }

    /**
     * Leases a buffer with at least {@code minCapacity} bytes after the default headroom. The data window is
     * empty and starts at the headroom.
     *
     * @param minCapacity bytes needed after the headroom
     * @return a buffer owned by the caller; allocation-free in steady state (without leak tracking)
     * @throws IllegalStateException if the pool is closed
     * @throws IllegalArgumentException if {@code minCapacity} is negative
     */
    public PacketBuffer allocate(int minCapacity) {
        return allocate(minCapacity, options.defaultHeadroom());
    }

    /**
     * Leases a buffer with {@code headroom} bytes of headroom and at least {@code minCapacity} after it.
     *
     * @param minCapacity bytes needed after the headroom
     * @param headroom the headroom
     * @return a buffer owned by the caller
     * @throws IllegalStateException if the pool is closed
     * @throws IllegalArgumentException if a size is negative or their sum exceeds {@link Integer#MAX_VALUE}
     */
    public PacketBuffer allocate(int minCapacity, int headroom) {
        if (closed) {
            throw new IllegalStateException("packet pool is closed");
        }
        if (minCapacity < 0 || headroom < 0) {
            throw new IllegalArgumentException("negative size: capacity " + minCapacity + ", headroom " + headroom);
        }
        if (minCapacity > Integer.MAX_VALUE - headroom) {
            // The sum would wrap to a negative size and silently select the smallest class.
            throw new IllegalArgumentException("capacity " + minCapacity + " plus headroom " + headroom
                    + " exceeds the largest buffer of " + Integer.MAX_VALUE + " bytes");
        }
        int needed = minCapacity + headroom;
        PooledBuffer buffer;
        if (needed > MAX_CLASS_BYTES) {
            unpooled.incrementAndGet();
            buffer = newBuffer(needed, null);
        } else {
            SizeClass sc = classes[classIndex(needed)];
            buffer = sc.pop();
            if (buffer == null) {
                buffer = newBuffer(sc.bytes, sc);
            }
        }
        buffer.lease(headroom, options.trackLeaks() ? new Throwable("allocated here") : null);
        outstanding.incrementAndGet();
        return buffer;
    }

    private static int classIndex(int bytes) {
        if (bytes <= MIN_CLASS_BYTES) {
            return 0;
        }
        return 32 - Integer.numberOfLeadingZeros(bytes - 1) - Integer.numberOfTrailingZeros(MIN_CLASS_BYTES);
    }

    private PooledBuffer newBuffer(int bytes, SizeClass home) {
        created.incrementAndGet();
        MemorySegment segment = arena != null ? arena.allocate(bytes, 64) : MemorySegment.ofArray(new byte[bytes]);
        PooledBuffer buffer = new PooledBuffer(this, segment, home);
        CLEANER.register(buffer, buffer.lease);
        return buffer;
    }

    void returned(PooledBuffer buffer) {
        outstanding.decrementAndGet();
        if (buffer.home != null && !closed) {
            buffer.home.push(buffer);
        }
    }

    void leaked(String report) {
        leaks.incrementAndGet();
        outstanding.decrementAndGet();
        Consumer<String> listener = options.leakListener();
        if (listener != null) {
            listener.accept(report);
        } else {
            System.err.println(report);
        }
    }

    /** @return buffers currently leased and not released */
    public long outstanding() {
        return outstanding.get();
    }

    /** @return buffers created since the pool started (a growing figure means the pool is too small) */
    public long created() {
        return created.get();
    }

    /** @return leases larger than the largest size class, served unpooled */
    public long unpooled() {
        return unpooled.get();
    }

    /** @return buffers found garbage-collected while leased (only counted while leak tracking is on) */
    public long leaks() {
        return leaks.get();
    }

    /**
     * Closes the pool. With native memory, the memory of every buffer is freed: buffers still leased must not be
     * used afterwards.
     */
    @Override
    public void close() {
        closed = true;
        for (SizeClass sc : classes) {
            sc.clear();
        }
        if (arena != null) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "PacketPool[" + (options.direct() ? "native" : "heap") + ", outstanding " + outstanding()
                + ", created " + created() + ", unpooled " + unpooled() + "]";
    }

    /** A bounded LIFO of free buffers of one size, under a plain lock (short critical sections, no allocation). */
    static final class SizeClass {
        final int bytes;
        private final PooledBuffer[] free;
        private int top;

        SizeClass(int bytes, int maxFree) {
            this.bytes = bytes;
            this.free = new PooledBuffer[maxFree];
        }

        synchronized PooledBuffer pop() {
            if (top == 0) {
                return null;
            }
            PooledBuffer b = free[--top];
            free[top] = null;
            return b;
        }

        synchronized void push(PooledBuffer b) {
            if (top < free.length) {
                free[top++] = b;
            }
        }

        synchronized void clear() {
            java.util.Arrays.fill(free, 0, top, null);
            top = 0;
        }
    }
}
