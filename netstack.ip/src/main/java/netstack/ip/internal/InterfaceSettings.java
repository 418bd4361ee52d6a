package netstack.ip.internal;

import java.util.ArrayList;
import java.util.List;
import netstack.api.admin.RouteOrigin;
import netstack.api.admin.RouteInfo;
import netstack.api.net.IpAddress;
import netstack.api.net.IpFamily;
import netstack.api.net.IpPrefix;
import netstack.api.net.Ipv4Address;
import netstack.api.net.Ipv6Address;

/**
 * The validated configuration of one interface, from a {@code netstack.interface~NAME} factory configuration.
 *
 * @param name the interface name
 * @param addresses the interface addresses with their on-link prefix lengths
 * @param routes static routes through this interface
 * @param mtuBytes the MTU to use, or 0 for the driver's
 */
record InterfaceSettings(String name, List<IpPrefix> addresses, List<RouteInfo> routes, int mtuBytes) {

    /** The longest interface name Linux accepts (IFNAMSIZ - 1); we keep names interchangeable with the host's. */
    static final int MAX_NAME_LENGTH = 15;

    InterfaceSettings {
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
    }

    /**
     * Parses and validates configuration values.
     *
     * @param name the interface name
     * @param addresses CIDR strings
     * @param routes route strings (see {@link #parseRoute})
     * @param mtu 0 or 68..65536
     * @return the settings
     * @throws IllegalArgumentException naming the first bad value and why
     */
    static InterfaceSettings parse(String name, String[] addresses, String[] routes, int mtu) {
        checkName(name);
        if (mtu != 0 && (mtu < 68 || mtu > 65536)) {
            throw new IllegalArgumentException("interface " + name + ": mtu " + mtu
                    + " is out of range 68..65536 (0 = the driver's)");
        }
        List<IpPrefix> parsedAddresses = new ArrayList<>();
        for (String a : addresses == null ? new String[0] : addresses) {
            IpPrefix p;
            try {
                p = IpPrefix.parse(a.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("interface " + name + ": bad address: " + e.getMessage(), e);
            }
            if (p.address().isUnspecified() || p.address().isMulticast()) {
                throw new IllegalArgumentException("interface " + name + ": address " + p
                        + " is not a unicast address");
            }
            if (parsedAddresses.stream().anyMatch(q -> q.address().equals(p.address()))) {
                throw new IllegalArgumentException("interface " + name + ": address " + p.address()
                        + " is listed twice");
            }
            parsedAddresses.add(p);
        }
        List<RouteInfo> parsedRoutes = new ArrayList<>();
        for (String r : routes == null ? new String[0] : routes) {
            parsedRoutes.add(parseRoute(name, r));
        }
        return new InterfaceSettings(name, parsedAddresses, parsedRoutes, mtu);
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("interface name \"" + name + "\" must have 1.." + MAX_NAME_LENGTH
                    + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == '/' || c == ':' || c == '%' || c > '~') {
                throw new IllegalArgumentException("interface name \"" + name + "\" contains '" + c
                        + "'; use letters, digits, '-', '_' and '.'");
            }
        }
    }

    /**
     * Parses a route in the style of {@code ip route}: {@code DEST [via GATEWAY] [dev NAME] [metric N]}, where
     * DEST is a prefix or {@code default} (whose family follows the gateway's, IPv4 without one).
     *
     * @param interfaceName the interface the route belongs to; a {@code dev} clause must name it
     * @param text the route
     * @return the route
     * @throws IllegalArgumentException naming what is wrong
     */
    static RouteInfo parseRoute(String interfaceName, String text) {
        String where = "interface " + interfaceName + ": route \"" + text + "\": ";
        String[] words = text == null ? new String[0] : text.strip().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            throw new IllegalArgumentException(where + "empty");
        }
        IpAddress gateway = null;
        int metric = 0;
        for (int i = 1; i < words.length; i += 2) {
            if (i + 1 >= words.length) {
                throw new IllegalArgumentException(where + "'" + words[i] + "' needs a value");
            }
            String value = words[i + 1];
            switch (words[i]) {
                case "via" -> {
                    try {
                        gateway = IpAddress.parse(value);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(where + e.getMessage(), e);
                    }
                    if (gateway.isUnspecified() || gateway.isMulticast()) {
                        throw new IllegalArgumentException(where + "gateway " + gateway + " is not unicast");
                    }
                }
                case "dev" -> {
                    if (!value.equals(interfaceName)) {
                        throw new IllegalArgumentException(where + "names device " + value
                                + " but belongs to interface " + interfaceName);
                    }
                }
                case "metric" -> {
                    try {
                        metric = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(where + "metric \"" + value + "\" is not a number", e);
                    }
                    if (metric < 0) {
                        throw new IllegalArgumentException(where + "metric must not be negative");
                    }
                }
                default -> throw new IllegalArgumentException(where + "unknown word '" + words[i]
                        + "'; expected via, dev or metric");
            }
        }
        IpPrefix destination;
        if (words[0].equals("default")) {
            destination = gateway != null && gateway.family() == IpFamily.IPV6
                    ? new IpPrefix(Ipv6Address.ANY, 0)
                    : new IpPrefix(Ipv4Address.ANY, 0);
        } else {
            try {
                destination = IpPrefix.parse(words[0]).network();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        if (gateway != null && gateway.family() != destination.family()) {
            throw new IllegalArgumentException(where + "gateway " + gateway + " is not of the destination's family");
        }
        return new RouteInfo(destination, gateway, interfaceName, metric, RouteOrigin.STATIC);
    }
}
