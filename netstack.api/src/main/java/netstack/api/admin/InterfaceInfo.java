package netstack.api.admin;

import java.util.List;
import netstack.api.link.LinkType;
import netstack.api.net.MacAddress;

/**
 * A snapshot of one interface.
 *
 * @param name the interface name, e.g. {@code lo} or {@code tap0}
 * @param index the stack's interface index, 1 for the first interface, stable while the stack runs
 * @param linkType the framing, or {@code null} while no driver has ever been attached
 * @param macAddress the link address, or {@code null} for a raw-IP link or while detached
 * @param mtuBytes the effective MTU (configured value, at most the driver's)
 * @param state operational state
 * @param addresses the assigned addresses
 * @param driver the attached driver's description, or {@code null} while detached
 */
public record InterfaceInfo(
        String name,
        int index,
        LinkType linkType,
        MacAddress macAddress,
        int mtuBytes,
        InterfaceState state,
        List<InterfaceAddress> addresses,
        String driver) {

    /** Copies the address list, so the record is immutable. */
    public InterfaceInfo {
        addresses = List.copyOf(addresses);
    }
}
