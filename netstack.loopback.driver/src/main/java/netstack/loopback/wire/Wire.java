package netstack.loopback.wire;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import netstack.api.link.LinkContext;
import netstack.api.net.MacAddress;

/**
 * Two Ethernet interfaces joined by an in-memory cable, with a seeded {@link Impairment} per direction. Each end
 * ({@link #a()}, {@link #b()}) is a {@link netstack.api.link.LinkDriver}: attach them to two stacks, or to two
 * interfaces of one stack. A frame transmitted on one end is copied into a buffer of the other end's stack and
 * delivered there, unless the impairment model loses or drops it.
 *
 * <pre>{@code
 * try (Wire wire = Wire.builder().seed(42).manualClock(clock)
 *         .impairment(Impairment.NONE.withDelayNanos(10_000_000).withLossProbability(0.01)).build()) {
 *     stackA.attach(wire.a());   // however the stacks take drivers
 *     stackB.attach(wire.b());
 *     wire.advanceTo(clock.nowNanos() + 1_000_000_000L);  // one simulated second, on this thread
 * }
 * }</pre>
 *
 * See the package description for the model, the threading of each {@link Mode}, determinism and checksum offload.
 *
 * <p>Thread-safe. {@link #close()} stops the delivery threads and releases every frame in flight.
 */
public final class Wire implements AutoCloseable {

    /** How frames reach the receiving end; see the package description. */
    public enum Mode {
        /**
         * Real time. Each direction has a delivery thread (platform, daemon, named
         * {@code netstack-wire-NAME-rx-INTERFACE}) that delivers frames when they are due, in batches; transmit
         * only schedules. The receiving stack runs on the wire's thread, as it would on a NIC's receive thread.
         */
        THREAD,
        /**
         * Real time, no threads: a frame is delivered on the transmitting thread before {@code transmit} returns.
         * Frames transmitted from inside a delivery are sent when it has returned (never recursively). Only for
         * impairments without time ({@link Impairment#isTimeless()}). The fastest mode, for benchmarks.
         */
        INLINE,
        /**
         * Simulated time on a {@link ManualClock}: nothing moves until {@link Wire#advanceTo(long)}, which
         * delivers every frame due by then on the calling thread, in time order. Deterministic.
         */
        MANUAL
    }

    /** A direction of the wire. */
    public enum Direction {
        /** From end A to end B. */
        A_TO_B,
        /** From end B to end A. */
        B_TO_A
    }

    /** The largest MTU: 1 MiB, room for RFC 2675 jumbograms; Ethernet needs at least 68 (RFC 791). */
    public static final int MAX_MTU_BYTES = 1 << 20;
    /** The smallest MTU (RFC 791: every IPv4 link carries 68-byte packets). */
    public static final int MIN_MTU_BYTES = 68;
    /** Frames a direction holds in flight unless {@link Builder#capacityFrames(int)} says otherwise. */
    public static final int DEFAULT_CAPACITY_FRAMES = 16_384;

    private static final System.Logger LOG = System.getLogger(Wire.class.getName());
    private static final long JOIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final String name;
    private final Mode mode;
    private final long seed;
    private final int mtu;
    private final boolean checksumOffload;
    private final ManualClock manualClock;
    private final LongSupplier clock;
    private final Lane aToB;
    private final Lane bToA;
    private final WireEnd a;
    private final WireEnd b;
    private final Thread[] threads;
    private final AtomicLong sequence = new AtomicLong();
    private final Object lifecycle = new Object();
    private final AtomicReference<Thread> stepper = new AtomicReference<>();
    private volatile boolean closed;

    private Wire(Builder builder) {
        this.name = builder.name;
        this.mode = builder.mode;
        this.seed = builder.seed;
        this.mtu = builder.mtu;
        this.checksumOffload = builder.checksumOffload;
        this.manualClock = builder.mode == Mode.MANUAL
                ? (builder.manualClock != null ? builder.manualClock : new ManualClock()) : null;
        this.clock = manualClock != null ? manualClock : System::nanoTime;
        String nameA = builder.interfaceA != null ? builder.interfaceA : name + "a";
        String nameB = builder.interfaceB != null ? builder.interfaceB : name + "b";
        MacAddress macA = builder.macA != null ? builder.macA : seededMac(seed, 2);
        MacAddress macB = builder.macB != null ? builder.macB : seededMac(seed, 3);
        if (macA.equals(macB)) {
            if (builder.macA != null && builder.macB != null) {
                throw new IllegalArgumentException("both ends of wire " + name + " have MAC address " + macA);
            }
            // A seeded address met a given one: flip a bit of the seeded side (still unicast, locally administered).
            if (builder.macB == null) {
                macB = new MacAddress(macB.bits() ^ 1L);
            } else {
                macA = new MacAddress(macA.bits() ^ 1L);
            }
        }
        this.aToB = new Lane(this, Direction.A_TO_B, nameB, seed, clock, mtu, checksumOffload,
                builder.capacityFrames, builder.aToB);
        this.bToA = new Lane(this, Direction.B_TO_A, nameA, seed, clock, mtu, checksumOffload,
                builder.capacityFrames, builder.bToA);
        this.a = new WireEnd(this, nameA, macA, aToB, bToA);
        this.b = new WireEnd(this, nameB, macB, bToA, aToB);
        if (mode == Mode.THREAD) {
            threads = new Thread[] {deliveryThread(aToB, nameB), deliveryThread(bToA, nameA)};
            for (Thread t : threads) {
                t.start();
            }
        } else {
            threads = new Thread[0];
        }
    }

    private Thread deliveryThread(Lane lane, String receiverName) {
        Thread t = new Thread(() -> {
            try {
                lane.runDelivery();
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.ERROR, "wire " + name + ": delivery thread to " + receiverName
                        + " died; frames to it are no longer delivered", e);
                throw e;
            }
        }, "netstack-wire-" + name + "-rx-" + receiverName);
        t.setDaemon(true);
        return t;
    }

    /** @return a builder with the defaults: MTU 1500, no impairment, seed 0, {@link Mode#THREAD} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the wire's name, used in thread names and messages */
    public String name() {
        return name;
    }

    /** @return how frames are delivered */
    public Mode mode() {
        return mode;
    }

    /** @return the seed of the impairment decisions */
    public long seed() {
        return seed;
    }

    /** @return the IP MTU both ends announce */
    public int mtu() {
        return mtu;
    }

    /** @return whether the ends announce transmit and receive checksum offload */
    public boolean checksumOffload() {
        return checksumOffload;
    }

    /** @return end A */
    public WireEnd a() {
        return a;
    }

    /** @return end B */
    public WireEnd b() {
        return b;
    }

    /**
     * @param direction a direction
     * @return its current impairment
     */
    public Impairment impairment(Direction direction) {
        return lane(direction).impairment();
    }

    /**
     * Changes a direction's impairment; frames transmitted from now on meet it, frames in flight keep their fate.
     * The frame index that seeds the decisions keeps counting, so a run that changes impairments at the same
     * points is as deterministic as one that does not.
     *
     * @param direction the direction
     * @param impairment the new impairment
     * @throws IllegalArgumentException if the wire is {@link Mode#INLINE} and the impairment involves time
     */
    public void setImpairment(Direction direction, Impairment impairment) {
        checkForMode(mode, direction, Objects.requireNonNull(impairment, "impairment"));
        lane(direction).impairment(impairment);
    }

    /**
     * @param direction a direction
     * @return a consistent snapshot of its counters
     */
    public WireCounters counters(Direction direction) {
        return lane(direction).counters();
    }

    /** @return the wire's time: the manual clock's, or {@link System#nanoTime()} */
    public long nowNanos() {
        return clock.getAsLong();
    }

    /**
     * @return the manual clock
     * @throws IllegalStateException unless the wire is {@link Mode#MANUAL}
     */
    public ManualClock manualClock() {
        if (manualClock == null) {
            throw new IllegalStateException("wire " + name + " runs in real time (" + mode + "), not on a manual "
                    + "clock");
        }
        return manualClock;
    }

    /**
     * @return when the next frame in flight (either direction) is due, or {@link Long#MAX_VALUE} if none is in
     *     flight. A simulation that drives several wires and timers from one clock advances to the smallest of
     *     their next due times, step by step.
     */
    public long nextDueNanos() {
        return Math.min(aToB.nextArrivalNanos(), bToA.nextArrivalNanos());
    }

    /**
     * Moves simulated time to {@code targetNanos}, delivering on this thread every frame due by then, in order of
     * arrival time (ties: the order they were scheduled in, over both directions). Before each delivery the clock
     * is moved to the frame's arrival time, so the receiving stack sees the right time. Frames transmitted by the
     * stacks during these deliveries are delivered in the same call if they are due by {@code targetNanos}. A
     * pair of stacks that answer each other forever with zero delay keep this call from returning.
     *
     * @param targetNanos the time to reach; not before {@link #nowNanos()}
     * @return how many frames were delivered or dropped on delivery
     * @throws IllegalStateException unless the wire is {@link Mode#MANUAL}, or if called from inside a delivery
     *     or concurrently
     * @throws IllegalArgumentException if {@code targetNanos} is in the past
     */
    public int advanceTo(long targetNanos) {
        ManualClock c = manualClock();
        if (targetNanos < c.nowNanos()) {
            throw new IllegalArgumentException("time runs forward only: " + targetNanos + " ns is before the "
                    + "wire's " + c.nowNanos() + " ns");
        }
        if (!stepper.compareAndSet(null, Thread.currentThread())) {
            throw new IllegalStateException("wire " + name + " is already being advanced (from inside a delivery, "
                    + "or by another thread)");
        }
        try {
            int delivered = 0;
            while (true) {
                long arrivalAB = aToB.nextArrivalNanos();
                long arrivalBA = bToA.nextArrivalNanos();
                Lane next;
                if (arrivalAB != arrivalBA) {
                    next = arrivalAB < arrivalBA ? aToB : bToA;
                } else {
                    next = aToB.nextSequence() < bToA.nextSequence() ? aToB : bToA;
                }
                if (Math.min(arrivalAB, arrivalBA) > targetNanos) {
                    break;
                }
                if (next.deliverNext(targetNanos, c)) {
                    delivered++;
                }
            }
            c.advanceAtLeastTo(targetNanos);
            return delivered;
        } finally {
            stepper.set(null);
        }
    }

    /**
     * {@link #advanceTo(long) Advances} by {@code nanos}.
     *
     * @param nanos how far, not negative
     * @return how many frames were delivered
     */
    public int advanceBy(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("cannot advance by a negative time: " + nanos + " ns");
        }
        return advanceTo(manualClock().nowNanos() + nanos);
    }

    /**
     * Cuts the wire: frames in flight are released (counted as detached drops), later transmits are refused, the
     * delivery threads end (joined here, at most 5 s each), attached contexts see the carrier go down. The ends stay
     * attached until their stacks detach them. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            aToB.close();
            bToA.close();
            notifyCarrier(aToB.receiver(), false);
            notifyCarrier(bToA.receiver(), false);
        }
        Thread self = Thread.currentThread();
        for (Thread t : threads) {
            if (t == self) {
                continue;
            }
            // Closing the lanes unparked the threads; no interrupt, which could reach a stack's code in deliver.
            try {
                t.join(TimeUnit.NANOSECONDS.toMillis(JOIN_TIMEOUT_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "wire {0}: delivery thread {1} did not stop within 5 s (a "
                        + "stack blocked in deliver?)", name, t.getName());
            }
        }
        aToB.awaitIdle();
        bToA.awaitIdle();
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Wire[" + name + ", " + mode + ", " + a.interfaceName() + " <-> " + b.interfaceName() + ", mtu " + mtu
                + (closed ? ", closed" : "") + "]";
    }

    // ---- for the ends ----

    long nextSequence() {
        return sequence.getAndIncrement();
    }

    void attach(WireEnd end, LinkContext context) {
        Objects.requireNonNull(context, "context");
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("wire " + name + " is closed");
            }
            end.inbound().attachReceiver(context);
            end.outbound().senderContext(context);
            LinkContext peer = end.outbound().receiver();
            // Report the carrier as it is now (the stack read isLinkUp() before attaching), then tell the peer.
            context.linkStateChanged(peer != null);
            notifyCarrier(peer, true);
        }
    }

    void detach(WireEnd end) {
        synchronized (lifecycle) {
            LinkContext old = end.inbound().detachReceiver();
            end.outbound().senderContext(null);
            if (old != null && !closed) {
                notifyCarrier(end.outbound().receiver(), false);
            }
        }
        end.inbound().awaitIdle();
    }

    private static void notifyCarrier(LinkContext context, boolean up) {
        if (context != null) {
            try {
                context.linkStateChanged(up);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "wire: carrier notification to "
                        + context.interfaceName() + " failed", e);
            }
        }
    }

    private Lane lane(Direction direction) {
        return direction == Direction.A_TO_B ? aToB : bToA;
    }

    private static MacAddress seededMac(long seed, int stream) {
        long bits = FrameRandom.streamKey(seed, stream) & 0xffff_ffff_ffffL;
        // IEEE 802: I/G bit clear (unicast), U/L bit set (locally administered).
        return new MacAddress((bits & ~(0x01L << 40)) | (0x02L << 40));
    }

    private static void checkForMode(Mode mode, Direction direction, Impairment impairment) {
        if (mode == Mode.INLINE && !impairment.isTimeless()) {
            throw new IllegalArgumentException("an INLINE wire delivers on the transmitting thread, so it cannot "
                    + "delay, rate-limit or reorder; " + direction + " has " + impairment + " (use THREAD or "
                    + "MANUAL)");
        }
    }

    /** Settings of a new wire. Not thread-safe; {@link #build()} may be called more than once. */
    public static final class Builder {
        private String name = "wire0";
        private String interfaceA;
        private String interfaceB;
        private int mtu = 1500;
        private MacAddress macA;
        private MacAddress macB;
        private Impairment aToB = Impairment.NONE;
        private Impairment bToA = Impairment.NONE;
        private long seed;
        private Mode mode = Mode.THREAD;
        private ManualClock manualClock;
        private boolean checksumOffload;
        private int capacityFrames = DEFAULT_CAPACITY_FRAMES;

        private Builder() {
        }

        /**
         * @param wireName the wire's name (thread names, messages); default {@code wire0}
         * @return this
         */
        public Builder name(String wireName) {
            this.name = checkName("wire name", wireName);
            return this;
        }

        /**
         * @param a end A's interface name; default the wire's name followed by {@code a}
         * @param b end B's interface name; default the wire's name followed by {@code b}
         * @return this
         */
        public Builder interfaceNames(String a, String b) {
            this.interfaceA = checkName("interface name", a);
            this.interfaceB = checkName("interface name", b);
            return this;
        }

        /**
         * @param mtuBytes the largest IP packet, excluding the 14-byte Ethernet header; both ends carry frames up to
         *     {@code mtuBytes + 18} (one 802.1Q tag tolerated). {@value #MIN_MTU_BYTES} to
         *     {@value #MAX_MTU_BYTES}; default 1500
         * @return this
         */
        public Builder mtu(int mtuBytes) {
            if (mtuBytes < MIN_MTU_BYTES || mtuBytes > MAX_MTU_BYTES) {
                throw new IllegalArgumentException("mtu " + mtuBytes + " is outside " + MIN_MTU_BYTES + ".."
                        + MAX_MTU_BYTES);
            }
            this.mtu = mtuBytes;
            return this;
        }

        /**
         * @param a end A's MAC address, or null for one derived from the seed (unicast, locally administered)
         * @param b end B's, likewise
         * @return this
         */
        public Builder macs(MacAddress a, MacAddress b) {
            this.macA = checkMac(a);
            this.macB = checkMac(b);
            return this;
        }

        /**
         * @param impairment the impairment of both directions; default {@link Impairment#NONE}
         * @return this
         */
        public Builder impairment(Impairment impairment) {
            Objects.requireNonNull(impairment, "impairment");
            this.aToB = impairment;
            this.bToA = impairment;
            return this;
        }

        /**
         * @param direction one direction
         * @param impairment its impairment
         * @return this
         */
        public Builder impairment(Direction direction, Impairment impairment) {
            Objects.requireNonNull(impairment, "impairment");
            if (direction == Direction.A_TO_B) {
                this.aToB = impairment;
            } else {
                this.bToA = impairment;
            }
            return this;
        }

        /**
         * @param newSeed the seed of every random decision (and of the default MAC addresses); default 0
         * @return this
         */
        public Builder seed(long newSeed) {
            this.seed = newSeed;
            return this;
        }

        /**
         * @param newMode how frames are delivered; default {@link Mode#THREAD}. {@link Mode#MANUAL} without
         *     {@link #manualClock} gets a new clock at time 0
         * @return this
         */
        public Builder mode(Mode newMode) {
            this.mode = Objects.requireNonNull(newMode, "mode");
            return this;
        }

        /**
         * Selects {@link Mode#MANUAL} on the given clock, which the wire then moves in {@link Wire#advanceTo}.
         *
         * @param clock the simulation's clock
         * @return this
         */
        public Builder manualClock(ManualClock clock) {
            this.manualClock = Objects.requireNonNull(clock, "clock");
            this.mode = Mode.MANUAL;
            return this;
        }

        /**
         * @param offload whether the ends announce {@code TX_CHECKSUM} and {@code RX_CHECKSUM}; default
         *     {@code false} (see the package description for what the wire then does)
         * @return this
         */
        public Builder checksumOffload(boolean offload) {
            this.checksumOffload = offload;
            return this;
        }

        /**
         * @param frames the most frames a direction holds in flight (scheduled and not yet delivered); more are
         *     dropped as by a full device ring. Default {@value #DEFAULT_CAPACITY_FRAMES}; raise it for long, fast
         *     links (bandwidth times delay)
         * @return this
         */
        public Builder capacityFrames(int frames) {
            if (frames < 1) {
                throw new IllegalArgumentException("capacityFrames must be positive: " + frames);
            }
            this.capacityFrames = frames;
            return this;
        }

        /**
         * @return a new wire; with {@link Mode#THREAD} its delivery threads are running
         * @throws IllegalArgumentException if the settings do not fit together (same interface name or MAC on both
         *     ends, a timed impairment on an {@link Mode#INLINE} wire, a manual clock without {@link Mode#MANUAL})
         */
        public Wire build() {
            String a = interfaceA != null ? interfaceA : name + "a";
            String b = interfaceB != null ? interfaceB : name + "b";
            if (a.equals(b)) {
                throw new IllegalArgumentException("both ends of wire " + name + " are named " + a);
            }
            if (manualClock != null && mode != Mode.MANUAL) {
                throw new IllegalArgumentException("a manual clock needs mode MANUAL, not " + mode);
            }
            checkForMode(mode, Direction.A_TO_B, aToB);
            checkForMode(mode, Direction.B_TO_A, bToA);
            return new Wire(this);
        }

        private static String checkName(String what, String value) {
            if (value == null || value.isBlank() || value.length() > 64) {
                throw new IllegalArgumentException(what + " \"" + value + "\" must have 1 to 64 characters");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c <= ' ' || c >= 0x7f || c == '/') {
                    throw new IllegalArgumentException(what + " \"" + value
                            + "\" may hold only printable ASCII without '/' or spaces");
                }
            }
            return value;
        }

        private static MacAddress checkMac(MacAddress mac) {
            if (mac != null && mac.isMulticast()) {
                throw new IllegalArgumentException("mac " + mac + " is a group address; a link needs a unicast one");
            }
            return mac;
        }
    }
}
