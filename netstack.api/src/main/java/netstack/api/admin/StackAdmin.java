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

    /** @return every interface, ordered by index */
    List<InterfaceInfo> interfaces();

    /**
     * @param name an interface name
     * @return that interface, if it exists
     */
    Optional<InterfaceInfo> findInterface(String name);

    /** @return the routing table of both families, most specific prefix first */
    List<RouteInfo> routes();

    /** @return the neighbor caches (ARP and NDP) of every interface */
    List<NeighborInfo> neighbors();

    /** @return the stack-wide protocol counters */
    Counters<StackCounter> counters();

    /**
     * @param name an interface name
     * @return that interface's counters, if it exists
     */
    Optional<Counters<InterfaceCounter>> interfaceCounters(String name);

    /** @return the IP protocol numbers for which a transport protocol is registered (e.g. 6, 17) */
    List<Integer> transportProtocols();
}
