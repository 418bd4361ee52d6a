package netstack.ip.internal;

import netstack.api.link.PacketBuffer;
import netstack.api.net.IpFamily;
import netstack.api.stats.StackCounter;
import netstack.ip.spi.PacketMeta;
import netstack.ip.spi.TransportContext;
import netstack.ip.spi.TransportProtocol;

/** The context one bound transport protocol gets; invalid after it is unbound. */
final class TransportBinding implements TransportContext {

    private final Stack stack;
    private final TransportProtocol protocol;
    private volatile boolean valid = true;

    TransportBinding(Stack stack, TransportProtocol protocol) {
        this.stack = stack;
        this.protocol = protocol;
    }

    TransportProtocol protocol() {
        return protocol;
    }

    void close() {
        valid = false;
    }

    @Override
    public long nowNanos() {
        return stack.nowNanos();
    }

    @Override
    public PacketBuffer allocate(int payloadCapacity) {
        return stack.pool().allocate(payloadCapacity);
    }

    /**
     * Routes and sends a transport packet. This version of the stack has no IPv4/IPv6 output path yet, so no
     * destination is routable: the packet is released and counted in ipOutNoRoutes / ipv6OutNoRoutes.
     */
    @Override
    public int send(PacketBuffer packet, PacketMeta meta) {
        packet.release();
        if (!valid) {
            return DROPPED;
        }
        stack.counters.increment(meta.family() == IpFamily.IPV4
                ? StackCounter.IP_OUT_NO_ROUTES
                : StackCounter.IPV6_OUT_NO_ROUTES);
        return NO_ROUTE;
    }

    @Override
    public void count(StackCounter counter, long delta) {
        stack.counters.add(counter, delta);
    }
}
