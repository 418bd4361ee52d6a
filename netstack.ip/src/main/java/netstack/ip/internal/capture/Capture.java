package netstack.ip.internal.capture;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import netstack.api.link.LinkType;
import netstack.api.link.PacketBuffer;

/**
 * One running packet capture into a pcapng file: the receive and transmit paths call {@link #record} with each
 * frame, which is copied into a bounded {@link CaptureRing}; a dedicated writer thread turns the ring's records into
 * pcapng blocks ({@link PcapngWriter}) and writes them to the file.
 *
 * <h2>Data path contract</h2>
 * {@link #record} never blocks, never throws and allocates nothing in steady state. It copies at most
 * {@link Options#snaplenBytes()} bytes of the frame, so the caller keeps ownership of its buffer and may release or
 * transmit it as soon as the call returns. When the ring is full (in bytes or in records) the frame is dropped and
 * counted; when the capture is stopping, stopped or failed it is ignored. Any number of threads may call it at once.
 *
 * <h2>Interfaces</h2>
 * A frame names its interface by the stack's interface index and its link type. The writer thread writes one
 * Interface Description Block the first time it sees an (index, link type) pair, named by the
 * {@code interfaceNames} function given at start (called on the writer thread only), so a driver of another link
 * type hot-swapped under the same interface during a capture gets a block of its own. The
 * {@link Options#interfaceIndex() filter} keeps one interface, or all.
 *
 * <h2>Lifecycle and errors</h2>
 * {@link #start} opens the file (an {@link IOException} if it cannot), starts the writer thread and returns a
 * running capture. {@link #stop()} refuses further frames, lets the writer drain what the ring holds, flush and
 * close the file, and waits for it; it is idempotent and may be called from any thread, concurrently with
 * {@link #record}. An I/O error on the writer thread ends the capture: the file is closed, the error is counted
 * and its message kept in {@link #stats()}, later frames are ignored, and nothing is thrown to producers.
 *
 * <h2>Hooking it in</h2>
 * The stack publishes the running capture (or null) in a {@code volatile} field and records each frame while it
 * still owns the buffer, i.e. before handing it to the driver or to the network layer:
 * <pre>{@code
 * Capture c = capture;                                    // volatile read, no lock
 * if (c != null) c.record(nic.index, a.linkType, Direction.OUTBOUND, frame, nowNanos);   // then driver.transmit
 * }</pre>
 * With the stack's monotonic clock, start with
 * {@code Options.defaults().withTimestampOffset(wallClockEpochNanos - nowNanos)} so the file has wall-clock times.
 */
public final class Capture implements AutoCloseable {

    /** The {@code shb_userappl} of every capture file. */
    public static final String USER_APPLICATION = "netstack";

    private static final System.Logger LOG = System.getLogger(Capture.class.getName());

    /** Ring entries the writer consumes between looks at its own state. */
    private static final int POLL_BATCH = 256;
    /**
     * How long the writer dozes when the ring is empty: frames arriving meanwhile wait up to this long (unless the
     * ring fills to the wake threshold), so at steady rates the writer wakes at most this often, not per frame.
     */
    static final long DOZE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Empty dozes after which the writer sleeps until woken: then the next frame wakes it at once. */
    private static final int DOZES_BEFORE_SLEEP = 10;
    /** The longest deep sleep; only a lost wake-up (there should be none) would make it matter. */
    private static final long SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Writer state seen by producers: draining the ring. */
    private static final int WRITER_BUSY = 0;
    /** Writer state seen by producers: dozing; wake it only when the ring reaches the wake threshold. */
    private static final int WRITER_DOZING = 1;
    /** Writer state seen by producers: asleep; wake it for any frame. */
    private static final int WRITER_SLEEPING = 2;
    /** After stop, how long the writer waits for a producer that claimed ring space to publish its record. */
    static final long STRAGGLER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** What a capture is doing. */
    public enum State {
        /** Recording frames. */
        RUNNING,
        /** Stop requested; the writer is draining the ring and closing the file. */
        STOPPING,
        /** Stopped cleanly: everything recorded is in the file, and the file is closed. */
        STOPPED,
        /** An I/O error ended the capture; see {@link CaptureStats#error()}. */
        FAILED
    }

    /**
     * How to capture.
     *
     * @param snaplenBytes bytes kept of each frame (longer frames are truncated, their original length recorded),
     *     1 to {@value PcapngWriter#MAX_SNAPLEN_BYTES}
     * @param ringBytes memory for frames waiting to be written, at least twice {@code 32 + snaplenBytes} (rounded
     *     down to a multiple of 8), at most 1 GiB
     * @param maxRecords the most frames waiting to be written, at least 1
     * @param interfaceIndex the one interface to capture, or {@link #ALL_INTERFACES}
     * @param timestampOffsetNanos added to every timestamp given to {@link #record} to make it nanoseconds since
     *     1970-01-01 UTC: 0 if callers pass wall-clock time; the wall clock minus the monotonic clock, read once at
     *     start, if they pass the stack's monotonic {@code nowNanos}
     */
    public record Options(int snaplenBytes, int ringBytes, int maxRecords, int interfaceIndex,
            long timestampOffsetNanos) {

        /** {@link #interfaceIndex()} meaning every interface. */
        public static final int ALL_INTERFACES = -1;
        /** Default ring size: 16 MiB. */
        public static final int DEFAULT_RING_BYTES = 16 << 20;
        /** Default record limit. */
        public static final int DEFAULT_MAX_RECORDS = 16_384;

        /** Checks the values; see the record's description for the rules. */
        public Options {
            if (snaplenBytes < 1 || snaplenBytes > PcapngWriter.MAX_SNAPLEN_BYTES) {
                throw new IllegalArgumentException("snaplen " + snaplenBytes + " bytes outside 1.."
                        + PcapngWriter.MAX_SNAPLEN_BYTES);
            }
            long minRing = CaptureRing.minCapacityBytes(snaplenBytes);
            if ((ringBytes & ~7) < minRing || ringBytes > CaptureRing.MAX_CAPACITY_BYTES) {
                throw new IllegalArgumentException("ring of " + ringBytes + " bytes: needs " + minRing + ".."
                        + CaptureRing.MAX_CAPACITY_BYTES + " bytes for a snaplen of " + snaplenBytes);
            }
            if (maxRecords < 1) {
                throw new IllegalArgumentException("maxRecords " + maxRecords + " < 1");
            }
            if (interfaceIndex < ALL_INTERFACES) {
                throw new IllegalArgumentException("interface index " + interfaceIndex + " < 0");
            }
        }

        /**
         * @return every interface, whole frames up to {@value PcapngWriter#MAX_SNAPLEN_BYTES} bytes, a
         *     {@link #DEFAULT_RING_BYTES} ring of at most {@link #DEFAULT_MAX_RECORDS} frames, wall-clock timestamps
         */
        public static Options defaults() {
            return new Options(PcapngWriter.MAX_SNAPLEN_BYTES, DEFAULT_RING_BYTES, DEFAULT_MAX_RECORDS,
                    ALL_INTERFACES, 0L);
        }

        /**
         * @param bytes the new snaplen
         * @return a copy with that snaplen
         */
        public Options withSnaplen(int bytes) {
            return new Options(bytes, ringBytes, maxRecords, interfaceIndex, timestampOffsetNanos);
        }

        /**
         * @param bytes the new ring size
         * @param records the new record limit
         * @return a copy with those bounds
         */
        public Options withRing(int bytes, int records) {
            return new Options(snaplenBytes, bytes, records, interfaceIndex, timestampOffsetNanos);
        }

        /**
         * @param index the interface to capture, or {@link #ALL_INTERFACES}
         * @return a copy with that filter
         */
        public Options withInterface(int index) {
            return new Options(snaplenBytes, ringBytes, maxRecords, index, timestampOffsetNanos);
        }

        /**
         * @param nanos the new offset
         * @return a copy with that timestamp offset
         */
        public Options withTimestampOffset(long nanos) {
            return new Options(snaplenBytes, ringBytes, maxRecords, interfaceIndex, nanos);
        }
    }

    private final String target;
    private final Options options;
    private final int snaplenBytes;
    private final int interfaceFilter;
    private final CaptureRing ring;
    private final PcapngWriter pcapng;
    private final IntFunction<String> interfaceNames;
    private final Thread writer;
    private final long stragglerTimeoutNanos;

    private final LongAdder dropped = new LongAdder();
    private final LongAdder invalid = new LongAdder();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    /** {@link #WRITER_BUSY}, {@link #WRITER_DOZING} or {@link #WRITER_SLEEPING}; written by the writer only. */
    private volatile int writerState;
    /** Dozing writer: wake it once this many bytes wait in the ring (a quarter of it). */
    private final long wakeBytes;
    /** Dozing writer: wake it once this many frames wait in the ring (a quarter of the limit). */
    private final int wakeRecords;
    /** Written by the writer thread only. */
    private volatile long writtenPackets;
    /** Written by the writer thread only. */
    private volatile long writtenBytes;
    private volatile long ioErrors;
    private volatile String error;
    private volatile boolean finished;

    // Writer-thread state: (interface index, link type ordinal) -> pcapng interface id.
    private int[] knownIndexes = new int[8];
    private int[] knownLinkTypes = new int[8];
    private int[] knownIds = new int[8];
    private int knownCount;
    private int lastKnown = -1;
    private final CaptureRing.RecordHandler handler = this::writeRecord;

    private Capture(String target, Options options, PcapngWriter pcapng, IntFunction<String> interfaceNames,
            long stragglerTimeoutNanos) {
        this.target = target;
        this.stragglerTimeoutNanos = stragglerTimeoutNanos;
        this.options = options;
        this.snaplenBytes = options.snaplenBytes();
        this.interfaceFilter = options.interfaceIndex();
        this.ring = new CaptureRing(options.ringBytes() & ~7, options.maxRecords());
        this.wakeBytes = ring.capacityBytes() / 4;
        this.wakeRecords = Math.max(1, ring.maxRecords() / 4);
        this.pcapng = pcapng;
        this.interfaceNames = interfaceNames;
        this.writer = Thread.ofPlatform().daemon(true).name("netstack-capture-" + target)
                .unstarted(this::runWriter);
    }

    /**
     * Creates (or truncates) {@code file} and starts capturing into it.
     *
     * @param file the pcapng file to write
     * @param options what and how much to capture
     * @param interfaceNames the interface name for an interface index, for the file's interface descriptions;
     *     called on the writer thread; may return null (the name is then {@code if<index>})
     * @return the running capture
     * @throws IOException if the file cannot be opened for writing; the message names the file and the reason
     */
    public static Capture start(Path file, Options options, IntFunction<String> interfaceNames) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new IOException("cannot write capture file " + file + ": " + reason(e), e);
        }
        return start(channel, file.toString(), options, interfaceNames);
    }

    /**
     * Starts capturing into a channel (tests use it to inject failing channels).
     *
     * @param channel where the file's bytes go; owned by the capture from now on
     * @param target names the destination in thread names and messages
     * @param options what and how much to capture
     * @param interfaceNames see {@link #start(Path, Options, IntFunction)}
     * @return the running capture
     * @throws IOException never in practice (the section header is only staged); declared for the writer's API
     */
    static Capture start(WritableByteChannel channel, String target, Options options,
            IntFunction<String> interfaceNames) throws IOException {
        return start(channel, target, options, interfaceNames, STRAGGLER_TIMEOUT_NANOS);
    }

    /**
     * Starts capturing into a channel, with a chosen wait for producers still copying at stop (tests).
     *
     * @param channel where the file's bytes go; owned by the capture from now on
     * @param target names the destination in thread names and messages
     * @param options what and how much to capture
     * @param interfaceNames see {@link #start(Path, Options, IntFunction)}
     * @param stragglerTimeoutNanos how long a stop waits for frames whose ring space was claimed before it
     * @return the running capture
     * @throws IOException never in practice (the section header is only staged); declared for the writer's API
     */
    static Capture start(WritableByteChannel channel, String target, Options options,
            IntFunction<String> interfaceNames, long stragglerTimeoutNanos) throws IOException {
        if (options == null || interfaceNames == null) {
            closeQuietly(channel, null);
            throw new NullPointerException(options == null ? "options" : "interfaceNames");
        }
        PcapngWriter pcapng = new PcapngWriter(channel);
        try {
            pcapng.writeSectionHeader(USER_APPLICATION);
            Capture capture = new Capture(target, options, pcapng, interfaceNames, stragglerTimeoutNanos);
            capture.writer.start();
            return capture;
        } catch (IOException | RuntimeException | Error e) {
            try {
                pcapng.close();
            } catch (IOException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    // ---- data path ----

    /**
     * Records one frame. Any thread; never blocks or throws; allocation-free in steady state.
     *
     * @param interfaceIndex the stack's index of the interface the frame went through
     * @param linkType the framing of that interface's link
     * @param direction received or transmitted
     * @param segment memory holding the frame; only read during this call
     * @param offset where the frame starts in {@code segment}
     * @param length the frame's length (its first {@link Options#snaplenBytes()} bytes are kept)
     * @param timestampNanos when; nanoseconds since the epoch once {@link Options#timestampOffsetNanos()} is added
     * @return whether the frame was queued for the file; false when filtered out, dropped (ring full, counted),
     *     invalid (bad arguments or an unreadable segment, counted) or the capture is not running
     */
    public boolean record(int interfaceIndex, LinkType linkType, Direction direction, MemorySegment segment,
            long offset, int length, long timestampNanos) {
        if (interfaceFilter != Options.ALL_INTERFACES && interfaceIndex != interfaceFilter) {
            return false;
        }
        if (interfaceIndex < 0 || linkType == null || direction == null || segment == null || length < 0
                || offset < 0 || offset > segment.byteSize() - length) {
            invalid.increment();
            return false;
        }
        int tag = linkType.ordinal() << 8 | direction.ordinal();
        int result = ring.offer(tag, timestampNanos, interfaceIndex, length, segment, offset,
                Math.min(length, snaplenBytes));
        switch (result) {
            case CaptureRing.OFFERED -> {
                int state = writerState;
                if (state == WRITER_SLEEPING || state == WRITER_DOZING && (ring.pendingBytes() >= wakeBytes
                        || ring.pendingRecords() >= wakeRecords)) {
                    LockSupport.unpark(writer);
                }
                return true;
            }
            case CaptureRing.FULL -> dropped.increment();
            case CaptureRing.SOURCE_FAILED -> invalid.increment();
            default -> {
                // CLOSED: stopping, stopped or failed; not part of this capture.
            }
        }
        return false;
    }

    /**
     * Records a packet buffer's data window; see {@link #record(int, LinkType, Direction, MemorySegment, long, int,
     * long)}. The caller keeps ownership of {@code frame}. Allocation-free in steady state.
     *
     * @param interfaceIndex the stack's index of the interface
     * @param linkType the framing of that interface's link
     * @param direction received or transmitted
     * @param frame the frame, between its {@code start()} and {@code end()}
     * @param timestampNanos when
     * @return whether the frame was queued for the file
     */
    public boolean record(int interfaceIndex, LinkType linkType, Direction direction, PacketBuffer frame,
            long timestampNanos) {
        if (frame == null) {
            invalid.increment();
            return false;
        }
        return record(interfaceIndex, linkType, direction, frame.segment(), frame.start(), frame.length(),
                timestampNanos);
    }

    /**
     * @param interfaceIndex an interface index
     * @return whether frames of that interface are captured (a cheap pre-check for callers)
     */
    public boolean captures(int interfaceIndex) {
        return interfaceFilter == Options.ALL_INTERFACES || interfaceIndex == interfaceFilter;
    }

    // ---- control ----

    /**
     * Stops the capture and waits until the file is complete and closed. Idempotent; any thread.
     *
     * @return the final counters
     */
    public CaptureStats stop() {
        requestStop();
        if (Thread.currentThread() != writer) {
            boolean interrupted = false;
            while (writer.isAlive()) {
                try {
                    writer.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return stats();
    }

    /**
     * Stops the capture and waits at most {@code timeout} for the file to be complete and closed; if the writer is
     * slower (a slow disk), it finishes in the background and {@link #stats()} shows {@link State#STOPPING}.
     *
     * @param timeout how long to wait
     * @return the counters when the wait ended
     * @throws InterruptedException if interrupted while waiting (the stop still proceeds)
     */
    public CaptureStats stop(Duration timeout) throws InterruptedException {
        requestStop();
        if (Thread.currentThread() != writer) {
            writer.join(timeout);
        }
        return stats();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void requestStop() {
        if (stopRequested.compareAndSet(false, true)) {
            ring.close();
            LockSupport.unpark(writer);
        }
    }

    /** @return the state now */
    public State state() {
        if (error != null) {
            return State.FAILED;
        }
        if (finished) {
            return State.STOPPED;
        }
        return stopRequested.get() ? State.STOPPING : State.RUNNING;
    }

    /** @return a snapshot of the counters; allocates */
    public CaptureStats stats() {
        // The writer's progress first: a frame is counted as captured before the writer can see it, so this order
        // keeps written <= captured in every snapshot.
        State state = state();
        long written = writtenPackets;
        long bytes = writtenBytes;
        return new CaptureStats(state, ring.offeredCount(), dropped.sum(), invalid.sum(), written, bytes, ioErrors,
                error);
    }

    /** @return the file (or other destination) written to */
    public String target() {
        return target;
    }

    /** @return the options the capture was started with */
    public Options options() {
        return options;
    }

    /** @return the ring (tests simulate a producer caught mid-copy with it) */
    CaptureRing ring() {
        return ring;
    }

    /** @return the writer thread's name, {@code netstack-capture-<target>} */
    public String writerThreadName() {
        return writer.getName();
    }

    // ---- writer thread ----

    private void runWriter() {
        try {
            long stragglerDeadline = 0;
            int emptyDozes = 0;
            while (true) {
                if (ring.poll(handler, POLL_BATCH) > 0) {
                    stragglerDeadline = 0;
                    emptyDozes = 0;
                    continue;
                }
                if (ring.isClosed()) {
                    long pending = ring.pendingBytes();
                    if (pending == 0) {
                        break;
                    }
                    // A producer claimed space before the stop and is still copying into it.
                    long now = System.nanoTime();
                    if (stragglerDeadline == 0) {
                        stragglerDeadline = now + stragglerTimeoutNanos;
                    } else if (now - stragglerDeadline > 0) {
                        LOG.log(System.Logger.Level.WARNING, "capture {0}: gave up waiting for {1} frame(s) still "
                                + "being copied at stop", target, ring.pendingRecords());
                        break;
                    }
                    LockSupport.parkNanos(this, 50_000);
                    continue;
                }
                // The ring is empty: make the file current, then rest. Setting the state before the last look at the
                // ring pairs with producers publishing before they read the state (both volatile), so a frame is
                // either seen here or its producer sees the state and wakes this thread.
                pcapng.flush();
                writtenBytes = pcapng.bytesWritten();
                boolean sleep = emptyDozes >= DOZES_BEFORE_SLEEP;
                writerState = sleep ? WRITER_SLEEPING : WRITER_DOZING;
                if (!ring.hasPublished() && !ring.isClosed()) {
                    LockSupport.parkNanos(this, sleep ? SLEEP_NANOS : DOZE_NANOS);
                    emptyDozes++;
                }
                writerState = WRITER_BUSY;
            }
            pcapng.close();
            writtenBytes = pcapng.bytesWritten();
        } catch (IOException | RuntimeException e) {
            fail(e);
        } finally {
            finished = true;
        }
    }

    private void writeRecord(int tag, long timestamp, int interfaceIndex, int originalLength, MemorySegment data,
            long dataOffset, int capturedLength) throws IOException {
        int linkTypeOrdinal = tag >>> 8;
        int interfaceId = interfaceId(interfaceIndex, linkTypeOrdinal);
        int flags = (tag & 0xFF) == Direction.INBOUND.ordinal() ? PcapngWriter.EPB_FLAGS_INBOUND
                : PcapngWriter.EPB_FLAGS_OUTBOUND;
        pcapng.writeEnhancedPacket(interfaceId, timestamp + options.timestampOffsetNanos(), flags, data, dataOffset,
                capturedLength, originalLength);
        writtenPackets++;
        writtenBytes = pcapng.bytesWritten();
    }

    private int interfaceId(int interfaceIndex, int linkTypeOrdinal) throws IOException {
        int last = lastKnown;
        if (last >= 0 && knownIndexes[last] == interfaceIndex && knownLinkTypes[last] == linkTypeOrdinal) {
            return knownIds[last];
        }
        for (int i = 0; i < knownCount; i++) {
            if (knownIndexes[i] == interfaceIndex && knownLinkTypes[i] == linkTypeOrdinal) {
                lastKnown = i;
                return knownIds[i];
            }
        }
        LinkType linkType = LinkType.values()[linkTypeOrdinal];
        int id = pcapng.writeInterfaceDescription(interfaceName(interfaceIndex), PcapngWriter.linkType(linkType),
                snaplenBytes);
        if (knownCount == knownIds.length) {
            knownIndexes = Arrays.copyOf(knownIndexes, knownCount * 2);
            knownLinkTypes = Arrays.copyOf(knownLinkTypes, knownCount * 2);
            knownIds = Arrays.copyOf(knownIds, knownCount * 2);
        }
        knownIndexes[knownCount] = interfaceIndex;
        knownLinkTypes[knownCount] = linkTypeOrdinal;
        knownIds[knownCount] = id;
        lastKnown = knownCount++;
        return id;
    }

    private String interfaceName(int interfaceIndex) {
        String name = null;
        try {
            name = interfaceNames.apply(interfaceIndex);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "capture " + target + ": no name for interface " + interfaceIndex,
                    e);
        }
        return name == null || name.isEmpty() ? "if" + interfaceIndex : name;
    }

    private void fail(Exception e) {
        ring.close();
        // A failed flush may have written part of its bytes: count what reached the channel.
        writtenBytes = pcapng.bytesWritten();
        ioErrors++;
        error = "capture to " + target + " failed: " + reason(e);
        closeQuietly(null, pcapng);
        LOG.log(System.Logger.Level.ERROR, error, e);
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }

    private static void closeQuietly(WritableByteChannel channel, PcapngWriter writer) {
        try {
            if (writer != null) {
                writer.close();
            } else if (channel != null) {
                channel.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // Already failing; the first error is the one reported.
        }
    }
}
