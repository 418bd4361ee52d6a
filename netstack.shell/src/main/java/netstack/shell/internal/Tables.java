package netstack.shell.internal;

import java.util.List;
import java.util.Map;
import netstack.api.admin.InterfaceAddress;
import netstack.api.admin.InterfaceInfo;
import netstack.api.admin.NeighborInfo;
import netstack.api.admin.RouteInfo;
import netstack.api.stats.Counters;

/** Text renderings of the stack's admin views, as the shell prints them. Stateless. */
final class Tables {

    private Tables() {
    }

    /**
     * Interfaces in the style of {@code ip addr}:
     * <pre>
     * 1: lo: &lt;UP&gt; mtu 65536 raw-ip
     *     driver loopback lo
     *     inet 127.0.0.1/8 static preferred
     *     inet6 ::1/128 static preferred
     * </pre>
     *
     * @param interfaces the interfaces
     * @return the text, one block per interface
     */
    static String interfaces(List<InterfaceInfo> interfaces) {
        StringBuilder out = new StringBuilder();
        for (InterfaceInfo i : interfaces) {
            out.append(i.index()).append(": ").append(i.name()).append(": <").append(i.state()).append("> mtu ")
                    .append(i.mtuBytes());
            if (i.linkType() != null) {
                out.append(' ').append(i.linkType().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            }
            if (i.macAddress() != null) {
                out.append(" link/ether ").append(i.macAddress());
            }
            out.append('\n');
            out.append("    driver ").append(i.driver() == null ? "(none: detached)" : i.driver()).append('\n');
            for (InterfaceAddress a : i.addresses()) {
                out.append("    ").append(a.prefix().address().family() == netstack.api.net.IpFamily.IPV4
                        ? "inet " : "inet6 ").append(a.prefix()).append(' ')
                        .append(lower(a.origin())).append(' ').append(lower(a.state())).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Routes in the style of {@code ip route}: {@code 192.0.2.0/24 dev tap0 connected} or
     * {@code 0.0.0.0/0 via 192.0.2.1 dev tap0 metric 10 static}.
     *
     * @param routes the routes, most specific first
     * @return the text, one line per route
     */
    static String routes(List<RouteInfo> routes) {
        StringBuilder out = new StringBuilder();
        for (RouteInfo r : routes) {
            out.append(r.destination());
            if (r.gateway() != null) {
                out.append(" via ").append(r.gateway());
            }
            out.append(" dev ").append(r.interfaceName());
            if (r.metric() != 0) {
                out.append(" metric ").append(r.metric());
            }
            out.append(' ').append(lower(r.origin())).append('\n');
        }
        return out.toString();
    }

    /**
     * Neighbors in the style of {@code ip neigh}: {@code 192.0.2.1 dev tap0 lladdr 02:00:5e:00:53:01 REACHABLE}.
     *
     * @param neighbors the entries
     * @return the text, one line per entry
     */
    static String neighbors(List<NeighborInfo> neighbors) {
        StringBuilder out = new StringBuilder();
        for (NeighborInfo n : neighbors) {
            out.append(n.address()).append(" dev ").append(n.interfaceName());
            if (n.macAddress() != null) {
                out.append(" lladdr ").append(n.macAddress());
            }
            if (n.router()) {
                out.append(" router");
            }
            out.append(' ').append(n.state()).append('\n');
        }
        return out.toString();
    }

    /**
     * Counters in the style of {@code nstat}: one {@code mibName value} line each, names aligned.
     *
     * @param counters a snapshot
     * @param all whether to show counters that are zero
     * @param mibName how a counter is named
     * @param <E> the counter type
     * @return the text
     */
    static <E extends Enum<E>> String counters(Counters<E> counters, boolean all,
            java.util.function.Function<E, String> mibName) {
        int width = 0;
        for (E e : counters.type().getEnumConstants()) {
            width = Math.max(width, mibName.apply(e).length());
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<E, Long> e : counters.asMap().entrySet()) {
            if (all || e.getValue() != 0) {
                String name = mibName.apply(e.getKey());
                out.append(name).append(" ".repeat(width - name.length() + 2)).append(e.getValue()).append('\n');
            }
        }
        return out.toString();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }
}
