package netstack.ip.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import netstack.api.link.LinkContext;
import netstack.api.link.LinkDriver;
import netstack.api.link.LinkOffload;
import netstack.api.link.LinkType;
import netstack.api.link.PacketBuffer;
import netstack.api.net.MacAddress;

/**
 * A {@link LinkDriver} test double: records attach/detach and transmitted frames, and receives frames on the
 * caller's thread. Follows the driver contract: every transmitted buffer is released, sent or not.
 */
final class FakeLinkDriver implements LinkDriver {

    private final String name;
    private final LinkType type;
    private final int mtu;
    private final MacAddress mac;
    private final String label;
    volatile LinkContext context;
    int attaches;
    int detaches;
    boolean linkUpAtAttach = true;
    boolean acceptTransmit = true;
    RuntimeException failAttach;
    final List<byte[]> transmitted = java.util.Collections.synchronizedList(new ArrayList<>());

    FakeLinkDriver(String name, LinkType type, int mtu, MacAddress mac, String label) {
        this.name = name;
        this.type = type;
        this.mtu = mtu;
        this.mac = mac;
        this.label = label;
    }

    /** An Ethernet device with a locally administered MAC. */
    static FakeLinkDriver ethernet(String name, String label) {
        return new FakeLinkDriver(name, LinkType.ETHERNET, 1500, MacAddress.parse("02:00:00:00:00:01"), label);
    }

    /** A raw-IP device (like TUN or loopback). */
    static FakeLinkDriver rawIp(String name, String label) {
        return new FakeLinkDriver(name, LinkType.RAW_IP, 65536, null, label);
    }

    @Override
    public String interfaceName() {
        return name;
    }

    @Override
    public LinkType linkType() {
        return type;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public MacAddress macAddress() {
        return mac;
    }

    @Override
    public Set<LinkOffload> offloads() {
        return Set.of();
    }

    @Override
    public String description() {
        return "fake " + label;
    }

    @Override
    public boolean isLinkUp() {
        return linkUpAtAttach;
    }

    @Override
    public void attach(LinkContext ctx) {
        attaches++;
        if (failAttach != null) {
            throw failAttach;
        }
        context = ctx;
    }

    @Override
    public void detach() {
        detaches++;
        context = null;
    }

    boolean attached() {
        return context != null;
    }

    @Override
    public int transmit(PacketBuffer[] frames, int offset, int count) {
        int accepted = 0;
        for (int i = offset; i < offset + count; i++) {
            PacketBuffer frame = frames[i];
            if (acceptTransmit) {
                transmitted.add(frame.data().toArray(ValueLayout.JAVA_BYTE));
                accepted++;
            }
            frame.release();
        }
        return accepted;
    }

    /** Receives a frame the way a real driver does: a buffer from the context, filled, appended, delivered. */
    void receive(byte[] frame) {
        receiveVia(context, frame);
    }

    static void receiveVia(LinkContext ctx, byte[] frame) {
        PacketBuffer b = ctx.allocate(frame.length);
        MemorySegment.copy(MemorySegment.ofArray(frame), 0, b.segment(), b.start(), frame.length);
        b.append(frame.length);
        ctx.deliver(b);
    }
}
