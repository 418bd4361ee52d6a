package netstack.shell.internal;

import netstack.api.admin.InterfaceInfo;
import netstack.api.admin.StackAdmin;
import netstack.api.stats.InterfaceCounter;
import netstack.api.stats.StackCounter;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code netstack:*} Gogo commands. Each returns its text, which Gogo prints; a bad argument throws
 * {@link IllegalArgumentException}, whose message Gogo shows.
 */
@Component(
        name = "netstack.shell",
        service = NetstackCommands.class,
        property = {
            "osgi.command.scope=netstack",
            "osgi.command.function=ifconfig",
            "osgi.command.function=route",
            "osgi.command.function=neigh",
            "osgi.command.function=stats"
        })
public final class NetstackCommands {

    private final StackAdmin admin;

    /**
     * @param admin the stack
     */
    @Activate
    public NetstackCommands(@Reference StackAdmin admin) {
        this.admin = admin;
    }

    /** @return every interface, like {@code ip addr} */
    @Descriptor("list interfaces with their state, driver and addresses (like ip addr)")
    public String ifconfig() {
        return Tables.interfaces(admin.interfaces());
    }

    /**
     * @param name an interface name
     * @return that interface, like {@code ip addr show dev NAME}
     */
    @Descriptor("show one interface (like ip addr show dev NAME)")
    public String ifconfig(@Descriptor("interface name, e.g. lo") String name) {
        InterfaceInfo info = admin.findInterface(name)
                .orElseThrow(() -> new IllegalArgumentException("no interface " + name + "; interfaces: "
                        + admin.interfaces().stream().map(InterfaceInfo::name).toList()));
        return Tables.interfaces(java.util.List.of(info));
    }

    /** @return the routing table, like {@code ip route} */
    @Descriptor("list routes, most specific first (like ip route)")
    public String route() {
        return Tables.routes(admin.routes());
    }

    /** @return the neighbor caches, like {@code ip neigh} */
    @Descriptor("list neighbor cache entries of ARP and NDP (like ip neigh)")
    public String neigh() {
        return Tables.neighbors(admin.neighbors());
    }

    /**
     * @param all whether to show zero counters too
     * @return the stack's protocol counters by MIB-II name, like {@code nstat -a}
     */
    @Descriptor("show the stack's protocol counters by MIB-II name (non-zero ones unless -a)")
    public String stats(@Parameter(names = {"-a", "--all"}, presentValue = "true", absentValue = "false")
            @Descriptor("also show counters that are zero") boolean all) {
        return Tables.counters(admin.counters(), all, StackCounter::mibName);
    }

    /**
     * @param all whether to show zero counters too
     * @param name an interface name
     * @return that interface's IF-MIB counters
     */
    @Descriptor("show an interface's counters by IF-MIB name (non-zero ones unless -a)")
    public String stats(@Parameter(names = {"-a", "--all"}, presentValue = "true", absentValue = "false")
            @Descriptor("also show counters that are zero") boolean all,
            @Descriptor("interface name") String name) {
        return Tables.counters(admin.interfaceCounters(name)
                .orElseThrow(() -> new IllegalArgumentException("no interface " + name)), all,
                InterfaceCounter::mibName);
    }
}
