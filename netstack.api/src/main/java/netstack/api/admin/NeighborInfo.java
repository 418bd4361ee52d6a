package netstack.api.admin;

import netstack.api.net.IpAddress;
import netstack.api.net.MacAddress;

/**
 * One neighbor cache entry.
 *
 * @param address the neighbor's IP address
 * @param macAddress its link address, or {@code null} while unresolved
 * @param interfaceName the interface it was learned on
 * @param state the entry's state
 * @param router {@code true} if the neighbor said it is a router (IPv6)
 */
public record NeighborInfo(IpAddress address, MacAddress macAddress, String interfaceName, NeighborState state,
        boolean router) {
}
