package netstack.posix.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A non-blocking {@code eventfd(2)} used to wake a thread blocked in {@link Libc#poll}: the sleeper polls it
 * for {@link PollFd#POLLIN} beside its device, any thread {@link #signal()}s, and the sleeper {@link #drain()}s it.
 *
 * <p>Thread-safe: {@link #signal()} from any thread; {@link #drain()} from the one polling thread; {@link #close()}
 * once nobody polls any more (a closed descriptor number may be reused by the process at once).
 */
public final class EventFd implements AutoCloseable {

    private final AtomicInteger fd;
    private final CallState drainState = new CallState();
    private final MemorySegment drainBuffer = Arena.ofAuto().allocate(ValueLayout.JAVA_LONG);

    /**
     * Creates the descriptor with {@code EFD_NONBLOCK | EFD_CLOEXEC}.
     *
     * @throws ErrnoException if the kernel refuses (e.g. {@code EMFILE})
     */
    public EventFd() throws ErrnoException {
        CallState state = new CallState();
        this.fd = new AtomicInteger((int) Libc.check(Libc.eventfd(state, 0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC),
                state, "eventfd"));
    }

    /** @return the descriptor to poll, or {@code -1} once closed */
    public int fd() {
        return fd.get();
    }

    /**
     * Makes the descriptor readable, waking a poller. Allocates a small temporary buffer: not for the data path.
     *
     * @return {@code true} if it was signalled, {@code false} if closed (or the counter would overflow, which
     *     means it is readable already)
     */
    public boolean signal() {
        int f = fd.get();
        if (f < 0) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocateFrom(ValueLayout.JAVA_LONG, 1L);
            return Libc.write(new CallState(), f, one, 8) == 8;
        }
    }

    /** Resets the counter to zero, so the descriptor is no longer readable. Allocation-free; poller thread only. */
    public void drain() {
        int f = fd.get();
        if (f >= 0) {
            Libc.read(drainState, f, drainBuffer, 8);
        }
    }

    /** Closes the descriptor; later calls do nothing. */
    @Override
    public void close() {
        Libc.closeQuietly(fd.getAndSet(-1));
    }
}
