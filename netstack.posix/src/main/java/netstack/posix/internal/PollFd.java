package netstack.posix.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Accessors for an array of {@code struct pollfd} in native memory, as {@link Libc#poll} takes it.
 *
 * <pre>
 * struct pollfd {       offset
 *     int   fd;         0
 *     short events;     4
 *     short revents;    6
 * };                    size 8
 * </pre>
 *
 * <p>Static and allocation-free, except {@link #allocate}.
 */
public final class PollFd {

    /** Size of one {@code struct pollfd}. */
    public static final long BYTES = 8;
    private static final long FD = 0;
    private static final long EVENTS = 4;
    private static final long REVENTS = 6;

    /** There is data to read. */
    public static final int POLLIN = 0x1;
    /** Writing will not block. */
    public static final int POLLOUT = 0x4;
    /** Error condition (output only). */
    public static final int POLLERR = 0x8;
    /** Hang up (output only). */
    public static final int POLLHUP = 0x10;
    /** The descriptor is not open (output only). */
    public static final int POLLNVAL = 0x20;

    private PollFd() {
    }

    /**
     * @param arena where to allocate
     * @param count how many entries
     * @return {@code count} zeroed entries
     */
    public static MemorySegment allocate(Arena arena, int count) {
        return arena.allocate(BYTES * count, 8);
    }

    /**
     * Sets entry {@code index} to watch {@code fd} for {@code events}, clearing {@code revents}.
     *
     * @param fds the array
     * @param index the entry
     * @param fd the descriptor
     * @param events e.g. {@link #POLLIN}
     */
    public static void set(MemorySegment fds, int index, int fd, int events) {
        long base = index * BYTES;
        fds.set(ValueLayout.JAVA_INT, base + FD, fd);
        fds.set(ValueLayout.JAVA_SHORT, base + EVENTS, (short) events);
        fds.set(ValueLayout.JAVA_SHORT, base + REVENTS, (short) 0);
    }

    /**
     * @param fds the array
     * @param index the entry
     * @return the events {@code poll} reported for entry {@code index}
     */
    public static int revents(MemorySegment fds, int index) {
        return Short.toUnsignedInt(fds.get(ValueLayout.JAVA_SHORT, index * BYTES + REVENTS));
    }
}
