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
}
