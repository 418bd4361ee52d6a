package netstack.api.admin;

import netstack.api.net.IpPrefix;

/**
 * An address assigned to an interface, with its on-link prefix length.
 *
 * @param prefix the address and prefix length, e.g. {@code 192.0.2.2/24}
 * @param state whether the address is usable
 * @param origin where it came from
 */
public record InterfaceAddress(IpPrefix prefix, AddressState state, AddressOrigin origin) {
}
