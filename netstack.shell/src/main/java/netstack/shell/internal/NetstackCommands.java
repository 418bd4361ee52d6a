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
            "osgi.command.function=stats",
            "osgi.command.function=ping",
            "osgi.command.function=capture"
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

    /**
     * Pings from the stack itself, like iputils {@code ping -c COUNT -s SIZE -W TIMEOUT -i INTERVAL}.
     *
     * @param count how many echo requests
     * @param size bytes of echo data
     * @param timeoutSeconds how long to wait for each reply
     * @param intervalSeconds pause between requests
     * @param destination the address
     * @return one line per reply or loss, then the summary
     * @throws java.io.IOException if no route leads there, or the destination is unreachable
     * @throws InterruptedException if interrupted between requests
     */
    @Descriptor("send ICMP echo requests from the stack (like ping)")
    public String ping(
            @Parameter(names = {"-c", "--count"}, absentValue = "4") @Descriptor("number of requests") int count,
            @Parameter(names = {"-s", "--size"}, absentValue = "56") @Descriptor("bytes of data") int size,
            @Parameter(names = {"-W", "--timeout"}, absentValue = "2") @Descriptor("seconds to wait for each reply")
            double timeoutSeconds,
            @Parameter(names = {"-i", "--interval"}, absentValue = "1") @Descriptor("seconds between requests")
            double intervalSeconds,
            @Descriptor("address to ping, e.g. 192.0.2.1") String destination)
            throws java.io.IOException, InterruptedException {
        if (count < 1 || count > 1000) {
            throw new IllegalArgumentException("count must be 1..1000, not " + count);
        }
        netstack.api.net.IpAddress address = netstack.api.net.IpAddress.parse(destination);
        java.time.Duration timeout = java.time.Duration.ofMillis((long) (timeoutSeconds * 1000));
        long intervalMillis = Math.max(0, (long) (intervalSeconds * 1000));
        StringBuilder out = new StringBuilder("PING " + address + " " + size + " data bytes\n");
        int received = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        double sum = 0;
        for (int i = 0; i < count; i++) {
            if (i > 0 && intervalMillis > 0) {
                Thread.sleep(intervalMillis);
            }
            java.util.Optional<netstack.api.admin.EchoReply> reply = admin.echo(address, size, timeout);
            if (reply.isPresent()) {
                netstack.api.admin.EchoReply r = reply.get();
                double ms = r.roundTrip().toNanos() / 1e6;
                received++;
                min = Math.min(min, ms);
                max = Math.max(max, ms);
                sum += ms;
                out.append(r.payloadBytes() + 8).append(" bytes from ").append(r.from()).append(": icmp_seq=")
                        .append(r.sequence()).append(" ttl=").append(r.hopLimit()).append(" time=")
                        .append(String.format(java.util.Locale.ROOT, "%.3f", ms)).append(" ms\n");
            } else {
                out.append("no reply within ").append(timeout.toMillis()).append(" ms\n");
            }
        }
        out.append("--- ").append(address).append(" ping statistics ---\n").append(count)
                .append(" packets transmitted, ").append(received).append(" received, ")
                .append((count - received) * 100 / count).append("% packet loss\n");
        if (received > 0) {
            out.append(String.format(java.util.Locale.ROOT, "rtt min/avg/max = %.3f/%.3f/%.3f ms%n", min,
                    sum / received, max));
        }
        return out.toString();
    }

    /**
     * Starts a pcapng capture, like {@code tcpdump -i IFACE -w FILE} (all interfaces without {@code -i}).
     *
     * @param interfaceName the interface, or empty for all
     * @param action {@code start}
     * @param file the file to write
     * @return a confirmation
     * @throws java.io.IOException if the file cannot be written
     */
    @Descriptor("start capturing frames into a pcapng file: capture [-i IFACE] start FILE")
    public String capture(
            @Parameter(names = {"-i", "--interface"}, absentValue = "") @Descriptor("interface (default: all)")
            String interfaceName,
            @Descriptor("start") String action,
            @Descriptor("pcapng file to write") String file) throws java.io.IOException {
        if (!"start".equals(action)) {
            throw new IllegalArgumentException("usage: capture [-i IFACE] start FILE | capture stop");
        }
        java.nio.file.Path path = java.nio.file.Path.of(file).toAbsolutePath();
        admin.startCapture(path, interfaceName.isEmpty() ? null : interfaceName);
        return "capturing " + (interfaceName.isEmpty() ? "all interfaces" : interfaceName) + " into " + path + "\n";
    }

    /**
     * Stops the running capture.
     *
     * @param action {@code stop}
     * @return what was captured
     */
    @Descriptor("stop the running capture and show what it wrote: capture stop")
    public String capture(@Descriptor("stop") String action) {
        if (!"stop".equals(action)) {
            throw new IllegalArgumentException("usage: capture [-i IFACE] start FILE | capture stop");
        }
        return admin.stopCapture()
                .map(c -> "wrote " + c.writtenPackets() + " frames (" + c.writtenBytes() + " bytes) to " + c.file()
                        + "; " + c.capturedPackets() + " captured, " + c.droppedPackets() + " dropped"
                        + (c.error() == null ? "" : "; stopped early: " + c.error()) + "\n")
                .orElse("no capture is running\n");
    }
}
