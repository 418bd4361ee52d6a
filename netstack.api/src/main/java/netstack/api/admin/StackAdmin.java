package netstack.api.admin;

import java.util.List;
import java.util.Optional;
import netstack.api.stats.Counters;
import netstack.api.stats.InterfaceCounter;
import netstack.api.stats.StackCounter;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Read access to a running stack's state for operators, registered as a service beside
 * {@link netstack.api.socket.NetStack}. Configuration changes go through Config Admin (factory configurations
 * {@code netstack.interface~NAME}), so that they survive restarts.
 */
@ProviderType
public interface StackAdmin {

    /**
     * Lists the interfaces, including those whose driver is currently detached ({@link InterfaceState#DETACHED}):
     * an interface outlives its driver.
     *
     * @return every interface, ordered by index; an immutable snapshot
     */
    List<InterfaceInfo> interfaces();

    /**
     * Looks up one interface by name, e.g. {@code "eth0"}.
     *
     * @param name an interface name
     * @return that interface, if it exists
     */
    Optional<InterfaceInfo> findInterface(String name);

    /**
     * Returns the routing table: connected routes of the interface addresses, configured routes and routes learned
     * from router advertisements (see {@link RouteInfo#origin()}).
     *
     * @return the routing table of both families, most specific prefix first; an immutable snapshot
     */
    List<RouteInfo> routes();

    /**
     * Returns the neighbor caches, like {@code ip neigh}: IPv4 entries learned by ARP (RFC 826) and IPv6 entries
     * learned by neighbor discovery (RFC 4861).
     *
     * @return the neighbor caches (ARP and NDP) of every interface; an immutable snapshot
     */
    List<NeighborInfo> neighbors();

    /**
     * Takes a snapshot of the stack-wide protocol counters (IP, ICMP, TCP, UDP, link); subtract two snapshots with
     * {@link Counters#minus} for rates. Allocates the snapshot; fine for monitoring, not meant for a per-packet
     * loop.
     *
     * @return the stack-wide protocol counters
     */
    Counters<StackCounter> counters();

    /**
     * Takes a snapshot of one interface's counters (RFC 2863 ifTable). They survive a driver hot swap.
     *
     * @param name an interface name
     * @return that interface's counters, if it exists
     */
    Optional<Counters<InterfaceCounter>> interfaceCounters(String name);

    /**
     * Lists the transport protocols whose bundles are active, to tell why opening a socket fails with
     * {@link netstack.api.socket.ProtocolNotAvailableException}. Datagrams for other protocol numbers are counted in
     * {@link StackCounter#IP_IN_UNKNOWN_PROTOS}.
     *
     * @return the IP protocol numbers for which a transport protocol is registered (e.g. 6 for TCP, 17 for UDP);
     *     an immutable snapshot
     */
    List<Integer> transportProtocols();

    /**
     * Sends one ICMP echo request (RFC 792) from the stack itself, like {@code ping -c 1}, and waits for its reply.
     * The data is a fixed pattern that the reply must carry back unchanged; a reply whose data differs is ignored.
     * Blocks the calling thread (virtual threads welcome) for at most {@code timeout}.
     *
     * <p>IPv6 destinations get an ICMPv6 echo request (RFC 4443 §4.1). An {@link netstack.api.net.IpAddress}
     * carries no zone, so a link-scoped destination ({@code fe80::/10}, {@code ff02::/16}) is sent out of the only
     * Ethernet interface that is up; with none or several, the call fails with
     * {@link netstack.api.socket.NetworkUnreachableException}.
     *
     * @param destination the address to ping
     * @param payloadBytes bytes of echo data, 0..65507; more than the path MTU allows are sent in fragments
     * @param timeout how long to wait for the reply
     * @return the reply, or empty if none came in time
     * @throws netstack.api.socket.NetworkUnreachableException if no route leads to {@code destination}
     * @throws netstack.api.socket.HostUnreachableException if an ICMP error came back instead (destination
     *     unreachable, time exceeded), or the next hop's link-layer address could not be resolved
     * @throws netstack.api.socket.ProtocolNotAvailableException for an address family whose echo is not supported
     * @throws java.io.InterruptedIOException if the calling thread is interrupted while it waits
     * @throws java.io.IOException on other failures to send
     * @throws IllegalArgumentException if {@code payloadBytes} is out of range
     */
    Optional<EchoReply> echo(netstack.api.net.IpAddress destination, int payloadBytes, java.time.Duration timeout)
            throws java.io.IOException;

    /**
     * Starts capturing the frames of one interface, or of all, received and sent, into a pcapng file that
     * Wireshark and tshark read, with nanosecond timestamps. One capture runs at a time. The data path never waits
     * for the capture: when the capture's buffer is full, frames are left out of it and counted.
     *
     * @param file the file to create or replace
     * @param interfaceName the interface to capture, or {@code null} for every interface
     * @throws java.io.IOException if the file cannot be written (the message names it)
     * @throws IllegalStateException if a capture is already running
     * @throws IllegalArgumentException if no interface has that name
     */
    void startCapture(java.nio.file.Path file, String interfaceName) throws java.io.IOException;

    /**
     * Stops the running capture: what it accepted is written and the file closed.
     *
     * @return what the capture did, or empty if none was running
     */
    Optional<CaptureSummary> stopCapture();
}
