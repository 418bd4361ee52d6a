package netstack.posix.link.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import netstack.api.link.LinkContext;
import netstack.api.link.LinkDriver;
import netstack.api.link.LinkOffload;
import netstack.api.link.LinkType;
import netstack.api.link.PacketBuffer;
import netstack.api.net.MacAddress;
import netstack.posix.internal.CallState;
import netstack.posix.internal.Errno;
import netstack.posix.internal.ErrnoException;
import netstack.posix.internal.EventFd;
import netstack.posix.internal.Libc;
import netstack.posix.internal.PollFd;

/**
 * An Ethernet link over a descriptor that keeps frame boundaries: each {@code read(2)} is one frame received,
 * each {@code write(2)} one frame sent. That is what a TAP device opened with {@code IFF_TAP | IFF_NO_PI} and an
 * {@code AF_PACKET}/{@code SOCK_RAW} socket bound to an interface both are; tests use a datagram socket pair, which
 * needs no privileges. The drivers open the descriptor and hand it here; this class owns it from then on.
 *
 * <p>Life cycle: the constructor → any number of {@link #attach}/{@link #detach()} pairs → {@link #close()}.
 * Threading: see the package description. Lock order: {@code lifecycle} before {@code txLock}.
 */
public final class FrameLink implements LinkDriver, AutoCloseable {

    /** Destination, source, EtherType. */
    public static final int ETHERNET_HEADER_BYTES = 14;
    /** The Ethernet header plus one IEEE 802.1Q tag: what a frame may hold beyond the MTU. */
    public static final int LINK_OVERHEAD_BYTES = 18;
    /** Most frames read per wake-up before the wake-up descriptor is looked at again. */
    static final int RECEIVE_BURST = 64;
    /** How long the loop waits after a device error before it looks again. */
    static final int ERROR_BACKOFF_MILLIS = 100;

    private static final System.Logger LOG = System.getLogger(FrameLink.class.getName());

    private final String interfaceName;
    private final String description;
    private final int mtu;
    private final int frameBytes;
    private final MacAddress mac;
    private final int fd;
    private final EventFd wake;

    private final Object lifecycle = new Object();
    private Receiver receiver; // guarded by lifecycle

    private final ReentrantLock txLock = new ReentrantLock();
    private final CallState txState = new CallState(); // guarded by txLock
    private boolean closed; // guarded by txLock (written also under lifecycle)

    private volatile boolean carrier = true;

    /**
     * Wraps an open descriptor, taking ownership of it (it is closed by {@link #close()}, or here if this fails).
     *
     * @param interfaceName the stack's name for the interface
     * @param fd a non-blocking descriptor that reads and writes whole frames
     * @param mtu the IP MTU
     * @param mac the stack's MAC address on the link
     * @param description for operators, e.g. {@code "tap tap0 (/dev/net/tun device tap0, mtu 1500)"}
     * @throws ErrnoException if the wake-up descriptor cannot be created
     */
    public FrameLink(String interfaceName, int fd, int mtu, MacAddress mac, String description) throws ErrnoException {
        try {
            this.wake = new EventFd();
        } catch (ErrnoException e) {
            Libc.closeQuietly(fd);
            throw e;
        }
        this.interfaceName = interfaceName;
        this.fd = fd;
        this.mtu = mtu;
        this.frameBytes = mtu + LINK_OVERHEAD_BYTES;
        this.mac = mac;
        this.description = description;
    }

    @Override
    public String interfaceName() {
        return interfaceName;
    }

    @Override
    public LinkType linkType() {
        return LinkType.ETHERNET;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public MacAddress macAddress() {
        return mac;
    }

    @Override
    public Set<LinkOffload> offloads() {
        return Set.of();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean isLinkUp() {
        return carrier;
    }

    /**
     * Starts the receive thread {@code netstack-rx-NAME}.
     *
     * @throws IllegalStateException if attached already, or closed
     */
    @Override
    public void attach(LinkContext context) {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException(description + " is closed");
            }
            if (receiver != null) {
                throw new IllegalStateException(description + " is attached already; detach first");
            }
            Receiver r = new Receiver(context);
            r.thread = Thread.ofPlatform().name("netstack-rx-" + interfaceName).daemon(true).unstarted(r);
            receiver = r;
            r.thread.start();
        }
    }

    /**
     * Wakes the receive thread and waits for it to end; it ends within one frame's processing, never waiting on
     * the network. Called on the receive thread itself (from within {@code deliver}), it only asks the loop to
     * stop after the current call.
     */
    @Override
    public void detach() {
        Receiver r;
        synchronized (lifecycle) {
            r = receiver;
            receiver = null;
        }
        if (r != null) {
            r.stop();
        }
    }

    /**
     * Writes each frame's data window with one {@code write(2)}, in order, and releases every buffer. Frames
     * shorter than an Ethernet header, longer than {@code mtu + 18}, or refused by the device are dropped;
     * the caller counts them from the return value. Allocation-free apart from a slice view per frame.
     */
    @Override
    public int transmit(PacketBuffer[] frames, int offset, int count) {
        int sent = 0;
        txLock.lock();
        try {
            for (int i = offset; i < offset + count; i++) {
                PacketBuffer frame = frames[i];
                if (frame == null) {
                    continue;
                }
                try {
                    if (!closed && writeFrame(frame)) {
                        sent++;
                    }
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, () -> description + ": transmit failed", e);
                } finally {
                    frame.release();
                }
            }
        } finally {
            txLock.unlock();
        }
        return sent;
    }

    private boolean writeFrame(PacketBuffer frame) {
        int length = frame.length();
        if (length < ETHERNET_HEADER_BYTES || length > frameBytes) {
            return false;
        }
        MemorySegment data = frame.segment().asSlice(frame.start(), length);
        long written = Libc.write(txState, fd, data, length);
        if (written < 0 && txState.errno() == Errno.EINTR) {
            written = Libc.write(txState, fd, data, length);
        }
        return written == length;
    }

    /** Detaches if attached, then closes the device and the wake-up descriptor. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            detach();
            txLock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                Libc.closeQuietly(fd);
                wake.close();
            } finally {
                txLock.unlock();
            }
        }
    }

    @Override
    public String toString() {
        return description;
    }

    /** The receive loop and its private state; runs on its own thread from attach to detach. */
    private final class Receiver implements Runnable {

        private final LinkContext context;
        private final CallState state = new CallState();
        private volatile boolean running = true;
        Thread thread;

        Receiver(LinkContext context) {
            this.context = context;
        }

        void stop() {
            running = false;
            if (Thread.currentThread() == thread) {
                return;
            }
            boolean interrupted = false;
            wake.signal();
            while (thread.isAlive()) {
                try {
                    thread.join(TimeUnit.SECONDS.toMillis(1));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                wake.signal();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment fds = PollFd.allocate(arena, 2);
                MemorySegment scratch = arena.allocate(64);
                while (running) {
                    boolean up = carrier;
                    PollFd.set(fds, 0, fd, PollFd.POLLIN);
                    PollFd.set(fds, 1, wake.fd(), PollFd.POLLIN);
                    int ready = Libc.poll(state, fds, 2, up ? -1 : ERROR_BACKOFF_MILLIS);
                    if (ready < 0) {
                        if (state.errno() != Errno.EINTR) {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ERROR_BACKOFF_MILLIS));
                        }
                        continue;
                    }
                    if ((PollFd.revents(fds, 1) & PollFd.POLLIN) != 0) {
                        wake.drain();
                    }
                    if (!running) {
                        break;
                    }
                    int events = PollFd.revents(fds, 0);
                    if ((events & PollFd.POLLIN) != 0) {
                        carrier(true);
                        receiveBurst(scratch);
                    } else if ((events & (PollFd.POLLERR | PollFd.POLLHUP | PollFd.POLLNVAL)) != 0) {
                        // The device went away under the descriptor (e.g. its namespace was deleted): report no
                        // carrier and look again later, without spinning.
                        carrier(false);
                        PollFd.set(fds, 0, -1, 0);
                        Libc.poll(state, fds, 2, ERROR_BACKOFF_MILLIS);
                        if ((PollFd.revents(fds, 1) & PollFd.POLLIN) != 0) {
                            wake.drain();
                        }
                    } else if (ready == 0) {
                        carrier(true);
                    }
                }
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, () -> description + ": receive loop failed", e);
                throw e;
            }
        }

        private void carrier(boolean up) {
            if (carrier != up && running) {
                carrier = up;
                context.linkStateChanged(up);
            }
        }

        /** Reads up to {@link #RECEIVE_BURST} frames, stopping early when the device has no more. */
        private void receiveBurst(MemorySegment scratch) {
            for (int i = 0; i < RECEIVE_BURST && running; i++) {
                PacketBuffer buffer;
                try {
                    buffer = context.allocate(frameBytes);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, () -> description + ": allocate failed", e);
                    buffer = null;
                }
                if (buffer == null) {
                    // No buffer: read the frame anyway, so that the device queue drains, and count a discard.
                    long n = Libc.read(state, fd, scratch, scratch.byteSize());
                    if (n < 0) {
                        int errno = state.errno();
                        if (errno == Errno.EINTR) {
                            continue;
                        }
                        if (errno != Errno.EAGAIN) {
                            context.countDrop(true, true);
                        }
                        return;
                    }
                    context.countDrop(true, false);
                    continue;
                }
                if (!receiveInto(buffer)) {
                    return;
                }
            }
        }

        /**
         * Reads one frame into {@code buffer} and delivers it, or releases it and counts a drop.
         *
         * @return {@code false} when the device has nothing more to read now
         */
        private boolean receiveInto(PacketBuffer buffer) {
            long n;
            try {
                // One byte more than the largest frame allowed, so that an oversized frame shows as such
                // instead of arriving silently truncated.
                int room = Math.min(buffer.tailroom(), frameBytes + 1);
                n = Libc.read(state, fd, buffer.segment().asSlice(buffer.end(), room), room);
                if (n < 0) {
                    int errno = state.errno();
                    buffer.release();
                    if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
                        return errno == Errno.EINTR;
                    }
                    context.countDrop(true, true);
                    return false;
                }
                if (n < ETHERNET_HEADER_BYTES || n > room || n > frameBytes) {
                    // Truncated (shorter than a header: even zero bytes) or larger than the link allows.
                    buffer.release();
                    context.countDrop(true, true);
                    return true;
                }
                buffer.append((int) n);
            } catch (RuntimeException e) {
                buffer.release();
                context.countDrop(true, true);
                LOG.log(System.Logger.Level.WARNING, () -> description + ": bad receive buffer", e);
                return true;
            }
            try {
                context.deliver(buffer);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, () -> description + ": the stack failed a delivery", e);
            }
            return true;
        }
    }
}
