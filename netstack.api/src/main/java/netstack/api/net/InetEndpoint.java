package netstack.api.net;

/**
 * A transport endpoint: an IP address, a port, and for IPv6 link-local addresses the interface that scopes them
 * (the zone of RFC 4007, like {@code sin6_scope_id}).
 *
 * @param address the address; the unspecified address means "any" when binding
 * @param port 0..65535; 0 asks for an ephemeral port when binding
 * @param scope the interface name for a link-scoped IPv6 address, otherwise {@code null}
 */
public record InetEndpoint(IpAddress address, int port, String scope) {

    /**
     * Creates an endpoint. A scope, if given, must be a non-empty interface name and the address IPv6; it matters
     * for link-local addresses, which are ambiguous without an interface.
     *
     * @throws IllegalArgumentException if the address is null, the port is out of range, or a scope is given for
     *     an address that has none
     */
    public InetEndpoint {
        if (address == null) {
            throw new IllegalArgumentException("endpoint address is null");
        }
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
        }
        if (scope != null && (scope.isEmpty() || address.family() != IpFamily.IPV6)) {
            throw new IllegalArgumentException("a scope names the interface of an IPv6 address; \"" + scope
                    + "\" cannot scope " + address);
        }
    }

    /**
     * Creates an endpoint without a scope.
     *
     * @param address the address
     * @param port 0..65535
     * @throws IllegalArgumentException if the address is null or the port is out of range
     */
    public InetEndpoint(IpAddress address, int port) {
        this(address, port, null);
    }

    /**
     * @param port 0..65535
     * @return {@code 0.0.0.0:port}, for binding to every IPv4 address
     */
    public static InetEndpoint anyIpv4(int port) {
        return new InetEndpoint(Ipv4Address.ANY, port);
    }

    /**
     * @param port 0..65535
     * @return {@code [::]:port}, for binding to every IPv6 address (and IPv4 too unless IPV6_V6ONLY)
     */
    public static InetEndpoint anyIpv6(int port) {
        return new InetEndpoint(Ipv6Address.ANY, port);
    }

    /**
     * Parses {@code 192.0.2.1:80}, {@code [2001:db8::1]:80} or {@code [fe80::1%eth0]:80}.
     *
     * @param text the endpoint
     * @return the endpoint
     * @throws IllegalArgumentException if the text is malformed; the message says why
     */
    public static InetEndpoint parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("endpoint is null");
        }
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("not an endpoint: \"" + text + "\": expected [ipv6]:port");
            }
            host = text.substring(1, close);
            portText = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon) {
                throw new IllegalArgumentException("not an endpoint: \"" + text
                        + "\": expected ipv4:port or [ipv6]:port");
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
        }
        String scope = null;
        int percent = host.indexOf('%');
        if (percent >= 0) {
            scope = host.substring(percent + 1);
            host = host.substring(0, percent);
        }
        if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not an endpoint: \"" + text + "\": port \"" + portText
                    + "\" is not a number");
        }
        return new InetEndpoint(IpAddress.parse(host), Integer.parseInt(portText), scope);
    }

    /** @return {@code a.b.c.d:port} or {@code [v6%scope]:port} */
    @Override
    public String toString() {
        if (address.family() == IpFamily.IPV4) {
            return address + ":" + port;
        }
        return "[" + address + (scope == null ? "" : "%" + scope) + "]:" + port;
    }
}
