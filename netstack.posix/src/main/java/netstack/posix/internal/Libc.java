package netstack.posix.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Downcalls to libc. Every method returns what the C function returns ({@code -1} on failure, for most) and leaves
 * {@code errno} in the {@link CallState} it is given; {@link #check} turns a failure into an
 * {@link ErrnoException}. Nothing here retries on {@code EINTR}: the caller decides.
 *
 * <p>{@link #read}, {@link #write}, {@link #send} and {@link #recvfrom} are <em>critical</em> downcalls
 * ({@code Linker.Option.critical(true)}): they accept heap segments ({@code MemorySegment.ofArray}) as well as native
 * ones, without copying, but the garbage collector may wait while they run, so call them only on non-blocking
 * descriptors (after {@link #poll} said they are ready, or with {@link #MSG_DONTWAIT}).
 *
 * <p>Constants are those of Linux on {@code x86_64} and {@code aarch64}.
 *
 * <p>Thread-safe; a {@link CallState} is not (see there).
 */
public final class Libc {

    /** {@code open(2)}: read and write. */
    public static final int O_RDWR = 2;
    /** {@code open(2)}: non-blocking I/O. */
    public static final int O_NONBLOCK = 0x800;
    /** {@code open(2)}: close on {@code exec}. */
    public static final int O_CLOEXEC = 0x80000;

    /** Local (Unix domain) sockets. */
    public static final int AF_UNIX = 1;
    /** Link-level packet sockets ({@code packet(7)}). */
    public static final int AF_PACKET = 17;
    /** Datagram socket type. */
    public static final int SOCK_DGRAM = 2;
    /** Raw socket type. */
    public static final int SOCK_RAW = 3;
    /** {@code socket(2)} type flag: non-blocking. */
    public static final int SOCK_NONBLOCK = 0x800;
    /** {@code socket(2)} type flag: close on {@code exec}. */
    public static final int SOCK_CLOEXEC = 0x80000;

    /** {@code setsockopt(2)} level for generic socket options. */
    public static final int SOL_SOCKET = 1;
    /** Socket receive buffer size. */
    public static final int SO_RCVBUF = 8;

    /** {@code recv(2)}: return the real length of a datagram even if it was longer than the buffer. */
    public static final int MSG_TRUNC = 0x20;
    /** {@code send(2)}/{@code recv(2)}: do not block. */
    public static final int MSG_DONTWAIT = 0x40;

    /** {@code eventfd(2)}: non-blocking. */
    public static final int EFD_NONBLOCK = 0x800;
    /** {@code eventfd(2)}: close on {@code exec}. */
    public static final int EFD_CLOEXEC = 0x80000;
    /** {@code setns(2)} type: a network namespace. */
    public static final int CLONE_NEWNET = 0x40000000;
    /** {@code open(2)} flag: read only. */
    public static final int O_RDONLY = 0;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final Linker.Option CRITICAL = Linker.Option.critical(true);

    // int open(const char *path, int flags, ... /* mode_t mode */)
    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), ERRNO, Linker.Option.firstVariadicArg(2));
    // int close(int fd)
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO);
    // ssize_t read(int fd, void *buf, size_t count)
    private static final MethodHandle READ = downcall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO, CRITICAL);
    // ssize_t write(int fd, const void *buf, size_t count)
    private static final MethodHandle WRITE = downcall("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO, CRITICAL);
    // ssize_t send(int fd, const void *buf, size_t len, int flags)
    private static final MethodHandle SEND = downcall("send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO, CRITICAL);
    // ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *src, socklen_t *addrlen)
    private static final MethodHandle RECVFROM = downcall("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS), ERRNO, CRITICAL);
    // int ioctl(int fd, unsigned long request, ... /* void *arg */)
    private static final MethodHandle IOCTL = downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), ERRNO, Linker.Option.firstVariadicArg(2));
    // int socket(int domain, int type, int protocol)
    private static final MethodHandle SOCKET = downcall("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);
    // int socketpair(int domain, int type, int protocol, int sv[2])
    private static final MethodHandle SOCKETPAIR = downcall("socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), ERRNO);
    // int bind(int fd, const struct sockaddr *addr, socklen_t addrlen)
    private static final MethodHandle BIND = downcall("bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
    // int setsockopt(int fd, int level, int name, const void *value, socklen_t len)
    private static final MethodHandle SETSOCKOPT = downcall("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
    // int getsockopt(int fd, int level, int name, void *value, socklen_t *len)
    private static final MethodHandle GETSOCKOPT = downcall("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), ERRNO);
    // int poll(struct pollfd *fds, nfds_t nfds, int timeout)
    private static final MethodHandle POLL = downcall("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO);
    // int eventfd(unsigned int initval, int flags)
    private static final MethodHandle EVENTFD = downcall("eventfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);
    // int setns(int fd, int nstype)
    private static final MethodHandle SETNS = downcall("setns",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);
    // unsigned int if_nametoindex(const char *ifname)
    private static final MethodHandle IF_NAMETOINDEX = downcall("if_nametoindex",
            FunctionDescriptor.of(JAVA_INT, ADDRESS), ERRNO);

    private Libc() {
    }

    /**
     * {@code open(2)}.
     *
     * @param state receives {@code errno}
     * @param path the file; copied to native memory for the call
     * @param flags e.g. {@code O_RDWR | O_NONBLOCK | O_CLOEXEC}
     * @return the new descriptor, or {@code -1}
     */
    public static int open(CallState state, String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) OPEN.invokeExact(state.segment(), arena.allocateFrom(path), flags, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code close(2)}. On Linux the descriptor is released even when this fails: never retry.
     *
     * @param state receives {@code errno}
     * @param fd the descriptor
     * @return {@code 0} or {@code -1}
     */
    public static int close(CallState state, int fd) {
        try {
            return (int) CLOSE.invokeExact(state.segment(), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code read(2)} into the first {@code count} bytes of {@code buffer}; critical, allocation-free.
     *
     * @param state receives {@code errno}
     * @param fd a non-blocking descriptor
     * @param buffer heap or native; at least {@code count} bytes
     * @param count the most bytes to read
     * @return the bytes read, {@code 0} at end of file (or for an empty datagram), or {@code -1}
     */
    public static long read(CallState state, int fd, MemorySegment buffer, long count) {
        checkRoom(buffer, count);
        try {
            return (long) READ.invokeExact(state.segment(), fd, buffer, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code write(2)} of the first {@code count} bytes of {@code buffer}; critical, allocation-free.
     *
     * @param state receives {@code errno}
     * @param fd a descriptor that does not block for long
     * @param buffer heap or native; at least {@code count} bytes
     * @param count how many bytes
     * @return the bytes written, or {@code -1}
     */
    public static long write(CallState state, int fd, MemorySegment buffer, long count) {
        checkRoom(buffer, count);
        try {
            return (long) WRITE.invokeExact(state.segment(), fd, buffer, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code send(2)}; critical, allocation-free.
     *
     * @param state receives {@code errno}
     * @param fd a socket
     * @param buffer heap or native; at least {@code count} bytes
     * @param count how many bytes
     * @param flags e.g. {@link #MSG_DONTWAIT}
     * @return the bytes sent, or {@code -1}
     */
    public static long send(CallState state, int fd, MemorySegment buffer, long count, int flags) {
        checkRoom(buffer, count);
        try {
            return (long) SEND.invokeExact(state.segment(), fd, buffer, count, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code recvfrom(2)}; critical, allocation-free.
     *
     * @param state receives {@code errno}
     * @param fd a socket
     * @param buffer heap or native; at least {@code count} bytes
     * @param count the most bytes to receive
     * @param flags e.g. {@link #MSG_TRUNC} | {@link #MSG_DONTWAIT}
     * @param address receives the sender's address, or {@link MemorySegment#NULL}
     * @param addressLength a 4-byte {@code socklen_t}: in, the room in {@code address}; out, the address's length.
     *     {@link MemorySegment#NULL} when {@code address} is
     * @return the bytes received (with {@link #MSG_TRUNC}: the datagram's real length, which may exceed
     *     {@code count}), or {@code -1}
     */
    public static long recvfrom(CallState state, int fd, MemorySegment buffer, long count, int flags,
            MemorySegment address, MemorySegment addressLength) {
        checkRoom(buffer, count);
        try {
            return (long) RECVFROM.invokeExact(state.segment(), fd, buffer, count, flags, address, addressLength);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code ioctl(2)} with a pointer argument (variadic call).
     *
     * @param state receives {@code errno}
     * @param fd the descriptor
     * @param request e.g. {@code TUNSETIFF}, {@link IfReq#SIOCGIFMTU}
     * @param argument the structure the request reads or fills in; native memory
     * @return usually {@code 0}, or {@code -1}
     */
    public static int ioctl(CallState state, int fd, long request, MemorySegment argument) {
        try {
            return (int) IOCTL.invokeExact(state.segment(), fd, request, argument);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code socket(2)}.
     *
     * @param state receives {@code errno}
     * @param domain e.g. {@link #AF_PACKET}
     * @param type e.g. {@code SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC}
     * @param protocol e.g. {@code htons(ETH_P_ALL)}
     * @return the socket, or {@code -1}
     */
    public static int socket(CallState state, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(state.segment(), domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code socketpair(2)}.
     *
     * @param state receives {@code errno}
     * @param domain {@link #AF_UNIX}
     * @param type e.g. {@link #SOCK_DGRAM}
     * @param protocol 0
     * @return the two connected sockets
     * @throws ErrnoException if the call fails
     */
    public static int[] socketpair(CallState state, int domain, int type, int protocol) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            int rc = (int) SOCKETPAIR.invokeExact(state.segment(), domain, type, protocol, fds);
            check(rc, state, "socketpair");
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code bind(2)}.
     *
     * @param state receives {@code errno}
     * @param fd the socket
     * @param address a {@code struct sockaddr_*}; native memory
     * @param length its length in bytes
     * @return {@code 0} or {@code -1}
     */
    public static int bind(CallState state, int fd, MemorySegment address, int length) {
        try {
            return (int) BIND.invokeExact(state.segment(), fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code setsockopt(2)}.
     *
     * @param state receives {@code errno}
     * @param fd the socket
     * @param level e.g. {@link #SOL_SOCKET}
     * @param name the option
     * @param value the option's value; native memory
     * @param length its length in bytes
     * @return {@code 0} or {@code -1}
     */
    public static int setsockopt(CallState state, int fd, int level, int name, MemorySegment value, int length) {
        try {
            return (int) SETSOCKOPT.invokeExact(state.segment(), fd, level, name, value, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code getsockopt(2)} of an {@code int} option.
     *
     * @param state receives {@code errno}
     * @param fd the socket
     * @param level e.g. {@link #SOL_SOCKET}
     * @param name the option
     * @return the value
     * @throws ErrnoException if the call fails
     */
    public static int getsockoptInt(CallState state, int fd, int level, int name) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            MemorySegment length = arena.allocateFrom(JAVA_INT, 4);
            int rc = (int) GETSOCKOPT.invokeExact(state.segment(), fd, level, name, value, length);
            check(rc, state, "getsockopt " + level + "/" + name);
            return value.get(JAVA_INT, 0);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code poll(2)}; blocks up to {@code timeoutMillis}. Allocation-free.
     *
     * @param state receives {@code errno}
     * @param fds {@code nfds} {@link PollFd} entries; native memory
     * @param nfds how many entries
     * @param timeoutMillis the most to wait, {@code -1} for ever
     * @return how many entries have events, {@code 0} on time-out, or {@code -1} (e.g. {@code EINTR})
     */
    public static int poll(CallState state, MemorySegment fds, int nfds, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(state.segment(), fds, (long) nfds, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code eventfd(2)}.
     *
     * @param state receives {@code errno}
     * @param initialValue the counter's start value
     * @param flags e.g. {@code EFD_NONBLOCK | EFD_CLOEXEC}
     * @return the descriptor, or {@code -1}
     */
    public static int eventfd(CallState state, int initialValue, int flags) {
        try {
            return (int) EVENTFD.invokeExact(state.segment(), initialValue, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code setns(2)}: moves the calling thread (only it) into the namespace {@code fd} refers to. Sockets and
     * devices it creates from then on belong to that namespace, and keep belonging to it wherever they are used.
     *
     * @param state receives {@code errno}
     * @param fd a namespace descriptor, e.g. an open {@code /var/run/netns/NAME}
     * @param type e.g. {@link #CLONE_NEWNET}, or 0 for any
     * @return {@code 0} or {@code -1}
     */
    public static int setns(CallState state, int fd, int type) {
        try {
            return (int) SETNS.invokeExact(state.segment(), fd, type);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code if_nametoindex(3)}.
     *
     * @param state receives {@code errno}
     * @param name an interface name, e.g. {@code "eth0"}
     * @return its index (positive), or {@code 0} if there is none (then {@code errno} says why, e.g.
     *     {@code ENODEV})
     */
    public static int ifNameToIndex(CallState state, String name) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) IF_NAMETOINDEX.invokeExact(state.segment(), arena.allocateFrom(name));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Throws if a call failed.
     *
     * @param result what the call returned
     * @param state the state the call used
     * @param operation what was attempted, for the message, e.g. {@code "open /dev/net/tun"}
     * @return {@code result} when it is not negative
     * @throws ErrnoException carrying the captured {@code errno} when {@code result} is negative
     */
    public static long check(long result, CallState state, String operation) throws ErrnoException {
        if (result < 0) {
            throw new ErrnoException(operation, state.errno());
        }
        return result;
    }

    /**
     * Closes a descriptor, ignoring errors (the descriptor is gone either way on Linux). For clean-up paths.
     *
     * @param fd the descriptor; negative values are ignored
     */
    public static void closeQuietly(int fd) {
        if (fd >= 0) {
            close(new CallState(), fd);
        }
    }

    /**
     * @param value a 16-bit value in host order
     * @return it in network (big-endian) order, as C's {@code htons} on a little- or big-endian host
     */
    public static int htons(int value) {
        if (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN) {
            return value & 0xffff;
        }
        return Short.toUnsignedInt(Short.reverseBytes((short) value));
    }

    private static void checkRoom(MemorySegment buffer, long count) {
        if (count < 0 || count > buffer.byteSize()) {
            throw new IndexOutOfBoundsException("count " + count + " outside a buffer of " + buffer.byteSize()
                    + " bytes");
        }
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("unexpected exception from a downcall", t);
    }
}
