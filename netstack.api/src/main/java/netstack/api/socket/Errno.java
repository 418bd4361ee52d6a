package netstack.api.socket;

/**
 * The POSIX error numbers a BSD-socket user knows, carried by every {@link NetException} so that code ported
 * from C, Go or Rust can map errors one to one. The numbers are Linux's.
 */
public enum Errno {
    /** Operation not permitted. */
    EPERM(1, "operation not permitted"),
    /** Interrupted call. */
    EINTR(4, "interrupted"),
    /** Bad file descriptor: the socket is closed. */
    EBADF(9, "socket is closed"),
    /** Try again: the operation would block. */
    EAGAIN(11, "operation would block"),
    /** No buffer space available. */
    ENOBUFS(105, "no buffer space available"),
    /** Invalid argument. */
    EINVAL(22, "invalid argument"),
    /** Broken pipe: writing after shutdown or on a closed connection. */
    EPIPE(32, "broken pipe"),
    /** Message too long for the protocol or the path. */
    EMSGSIZE(90, "message too long"),
    /** Protocol not available. */
    ENOPROTOOPT(92, "protocol not available"),
    /** Protocol not supported. */
    EPROTONOSUPPORT(93, "protocol not supported"),
    /** Operation not supported on this socket. */
    EOPNOTSUPP(95, "operation not supported"),
    /** Address family not supported. */
    EAFNOSUPPORT(97, "address family not supported"),
    /** Address already in use. */
    EADDRINUSE(98, "address already in use"),
    /** Cannot assign requested address. */
    EADDRNOTAVAIL(99, "address not available"),
    /** Network is down. */
    ENETDOWN(100, "network is down"),
    /** Network is unreachable. */
    ENETUNREACH(101, "network is unreachable"),
    /** Connection aborted. */
    ECONNABORTED(103, "connection aborted"),
    /** Connection reset by peer. */
    ECONNRESET(104, "connection reset by peer"),
    /** Already connected. */
    EISCONN(106, "already connected"),
    /** Not connected. */
    ENOTCONN(107, "not connected"),
    /** Connection timed out. */
    ETIMEDOUT(110, "connection timed out"),
    /** Connection refused. */
    ECONNREFUSED(111, "connection refused"),
    /** Host is down. */
    EHOSTDOWN(112, "host is down"),
    /** No route to host. */
    EHOSTUNREACH(113, "no route to host"),
    /** Operation already in progress. */
    EALREADY(114, "operation already in progress"),
    /** Operation now in progress. */
    EINPROGRESS(115, "operation in progress");

    /** The errno value as Linux defines it on x86-64 and AArch64 (some other architectures differ). */
    private final int number;
    /** Lower-case text in the manner of {@code strerror(3)}. */
    private final String description;

    /**
     * Binds a constant to its Linux number and text.
     *
     * @param number the Linux errno value
     * @param description the {@code strerror}-style text
     */
    Errno(int number, String description) {
        this.number = number;
        this.description = description;
    }

    /** @return the Linux errno value */
    public int number() {
        return number;
    }

    /** @return a short description, like {@code strerror} */
    public String description() {
        return description;
    }
}
