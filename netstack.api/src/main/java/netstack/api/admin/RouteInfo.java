package netstack.api.admin;

import netstack.api.net.IpAddress;
import netstack.api.net.IpPrefix;

/**
 * One route of the routing table.
 *
 * @param destination the destination prefix; {@code 0.0.0.0/0} and {@code ::/0} are default routes
 * @param gateway the next hop, or {@code null} when the destination is on-link
 * @param interfaceName the outgoing interface
 * @param metric lower wins among routes with the same prefix length
 * @param origin where the route came from
 */
public record RouteInfo(IpPrefix destination, IpAddress gateway, String interfaceName, int metric,
        RouteOrigin origin) {
}
