package netstack.api.socket;

import java.time.Duration;
import java.util.List;

/**
 * The standard socket options, named and behaving as their POSIX / Linux namesakes. Each constant says which
 * sockets take it and when it takes effect. Durations replace the seconds and milliseconds of the C API.
 */
public final class SocketOptions {

    /** Constants only. */
    private SocketOptions() {
    }

    /**
     * Allow binding a local endpoint while connections from an earlier socket on it linger in TIME_WAIT, and (UDP)
     * share a port between sockets that all set it. Set before bind. TCP, UDP.
     */
    public static final SocketOption<Boolean> SO_REUSEADDR = new SocketOption<>("SO_REUSEADDR", Boolean.class);
    /** Let several sockets bind the same endpoint and share incoming load (Linux semantics). Set before bind. */
    public static final SocketOption<Boolean> SO_REUSEPORT = new SocketOption<>("SO_REUSEPORT", Boolean.class);
    /** Send keep-alive probes on an idle connection (RFC 1122 §4.2.3.6). TCP. */
    public static final SocketOption<Boolean> SO_KEEPALIVE = new SocketOption<>("SO_KEEPALIVE", Boolean.class);
    /**
     * Linger on close: negative (default) closes in the background; 0 resets the connection on close (RST,
     * data discarded); a positive number of seconds makes {@code close} wait that long for unsent data to be
     * acknowledged. TCP.
     */
    public static final SocketOption<Integer> SO_LINGER = new SocketOption<>("SO_LINGER", Integer.class);
    /** Receive buffer size in bytes; bounds the advertised TCP window and the UDP receive queue. Before connect. */
    public static final SocketOption<Integer> SO_RCVBUF = new SocketOption<>("SO_RCVBUF", Integer.class);
    /** Send buffer size in bytes. */
    public static final SocketOption<Integer> SO_SNDBUF = new SocketOption<>("SO_SNDBUF", Integer.class);
    /** Permit sending to broadcast addresses. UDP, raw. */
    public static final SocketOption<Boolean> SO_BROADCAST = new SocketOption<>("SO_BROADCAST", Boolean.class);
    /** The receive side's low-water mark in bytes: readable only once this much is buffered. */
    public static final SocketOption<Integer> SO_RCVLOWAT = new SocketOption<>("SO_RCVLOWAT", Integer.class);
    /** Bind the socket to one interface by name (traffic only through it); empty string unbinds. */
    public static final SocketOption<String> SO_BINDTODEVICE = new SocketOption<>("SO_BINDTODEVICE", String.class);

    /** Disable Nagle's algorithm: send small segments at once. TCP. */
    public static final SocketOption<Boolean> TCP_NODELAY = new SocketOption<>("TCP_NODELAY", Boolean.class);
    /** Hold back partial segments until uncorked (or 200 ms pass). TCP. */
    public static final SocketOption<Boolean> TCP_CORK = new SocketOption<>("TCP_CORK", Boolean.class);
    /** Acknowledge at once instead of delaying ACKs. TCP. */
    public static final SocketOption<Boolean> TCP_QUICKACK = new SocketOption<>("TCP_QUICKACK", Boolean.class);
    /** Idle time before the first keep-alive probe (Linux default 2 h). TCP. */
    public static final SocketOption<Duration> TCP_KEEPIDLE = new SocketOption<>("TCP_KEEPIDLE", Duration.class);
    /** Time between keep-alive probes (Linux default 75 s). TCP. */
    public static final SocketOption<Duration> TCP_KEEPINTVL = new SocketOption<>("TCP_KEEPINTVL", Duration.class);
    /** Unanswered probes before the connection is dropped (Linux default 9). TCP. */
    public static final SocketOption<Integer> TCP_KEEPCNT = new SocketOption<>("TCP_KEEPCNT", Integer.class);
    /** How long sent data may stay unacknowledged before the connection is dropped (RFC 5482); zero = system. */
    public static final SocketOption<Duration> TCP_USER_TIMEOUT =
            new SocketOption<>("TCP_USER_TIMEOUT", Duration.class);
    /** The congestion-control algorithm by name ({@code "cubic"}, {@code "newreno"}). TCP. */
    public static final SocketOption<String> TCP_CONGESTION = new SocketOption<>("TCP_CONGESTION", String.class);
    /** Upper bound on the MSS announced and used. Before connect. TCP. */
    public static final SocketOption<Integer> TCP_MAXSEG = new SocketOption<>("TCP_MAXSEG", Integer.class);

    /** TTL of outgoing unicast IPv4 datagrams, 1..255. */
    public static final SocketOption<Integer> IP_TTL = new SocketOption<>("IP_TTL", Integer.class);
    /** Type-of-service / DSCP+ECN byte of outgoing IPv4 datagrams. */
    public static final SocketOption<Integer> IP_TOS = new SocketOption<>("IP_TOS", Integer.class);
    /** TTL of outgoing IPv4 multicast, default 1. */
    public static final SocketOption<Integer> IP_MULTICAST_TTL = new SocketOption<>("IP_MULTICAST_TTL", Integer.class);
    /** Deliver own multicast datagrams back to local members, default true. */
    public static final SocketOption<Boolean> IP_MULTICAST_LOOP =
            new SocketOption<>("IP_MULTICAST_LOOP", Boolean.class);
    /** The interface (by name) for outgoing multicast; empty string lets routing choose. */
    public static final SocketOption<String> IP_MULTICAST_IF = new SocketOption<>("IP_MULTICAST_IF", String.class);
    /** Hop limit of outgoing unicast IPv6 datagrams, 1..255. */
    public static final SocketOption<Integer> IPV6_UNICAST_HOPS =
            new SocketOption<>("IPV6_UNICAST_HOPS", Integer.class);
    /** Hop limit of outgoing IPv6 multicast, default 1. */
    public static final SocketOption<Integer> IPV6_MULTICAST_HOPS =
            new SocketOption<>("IPV6_MULTICAST_HOPS", Integer.class);
    /** Deliver own IPv6 multicast back to local members, default true. */
    public static final SocketOption<Boolean> IPV6_MULTICAST_LOOP =
            new SocketOption<>("IPV6_MULTICAST_LOOP", Boolean.class);
    /** The interface (by name) for outgoing IPv6 multicast. */
    public static final SocketOption<String> IPV6_MULTICAST_IF =
            new SocketOption<>("IPV6_MULTICAST_IF", String.class);
    /** An IPv6 socket accepts only IPv6 (no IPv4-mapped traffic). Before bind. */
    public static final SocketOption<Boolean> IPV6_V6ONLY = new SocketOption<>("IPV6_V6ONLY", Boolean.class);

    /**
     * Lists the standard options, e.g. to dump a socket's settings. A socket supports only the options that apply
     * to its protocol: {@link NetSocket#getOption} throws {@link UnsupportedOperationException} for the others.
     *
     * @return every standard option, in declaration order; an immutable list
     */
    public static List<SocketOption<?>> all() {
        return List.of(SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, SO_LINGER, SO_RCVBUF, SO_SNDBUF, SO_BROADCAST,
                SO_RCVLOWAT, SO_BINDTODEVICE, TCP_NODELAY, TCP_CORK, TCP_QUICKACK, TCP_KEEPIDLE, TCP_KEEPINTVL,
                TCP_KEEPCNT, TCP_USER_TIMEOUT, TCP_CONGESTION, TCP_MAXSEG, IP_TTL, IP_TOS, IP_MULTICAST_TTL,
                IP_MULTICAST_LOOP, IP_MULTICAST_IF, IPV6_UNICAST_HOPS, IPV6_MULTICAST_HOPS, IPV6_MULTICAST_LOOP,
                IPV6_MULTICAST_IF, IPV6_V6ONLY);
    }
}
