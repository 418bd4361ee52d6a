package netstack.loopback.wire;

import java.util.EnumSet;
import java.util.Set;
import netstack.api.link.LinkContext;
import netstack.api.link.LinkDriver;
import netstack.api.link.LinkOffload;
import netstack.api.link.LinkType;
import netstack.api.link.PacketBuffer;
import netstack.api.net.MacAddress;

/**
 * One end of a {@link Wire}: an Ethernet {@link LinkDriver} whose frames go to the other end. Attach it to a
 * stack like any driver; it can be detached and attached again (to the same stack or another) at any time.
 *
 * <h2>Carrier</h2>
 * As with a veth pair, an end has carrier while the other end is attached (and the wire is open): attaching or
 * detaching one end reports {@code linkStateChanged} to the other. Frames transmitted while the other end is
 * detached are refused ({@code transmit} returns {@code false}) and counted as detached drops; frames in flight to
 * an end that detaches are released and counted likewise, so that a detached stack holds none of the wire's
 * buffers.
 *
 * <h2>Transmit</h2>
 * Takes ownership of each frame: its bytes are copied into a buffer allocated from the receiving end's
 * {@link LinkContext} (the two stacks may have different pools), and the frame is released before
 * {@code transmit} returns, accepted or not. A frame must hold a complete Ethernet frame of 14 to
 * {@link #maxFrameBytes()} bytes. {@code transmit} returns {@code false} for frames the wire refuses (invalid,
 * detached peer, full queue) and {@code true} for frames it took, including those the impairment then loses.
 * Thread-safe; never blocks on the network (an {@link Wire.Mode#INLINE} wire runs the receiving stack before
 * returning).
 */
public final class WireEnd implements LinkDriver {

    private static final Set<LinkOffload> CHECKSUM_OFFLOADS =
            Set.copyOf(EnumSet.of(LinkOffload.TX_CHECKSUM, LinkOffload.RX_CHECKSUM));

    private final Wire wire;
    private final String interfaceName;
    private final MacAddress mac;
    private final Lane outbound;
    private final Lane inbound;
    private final boolean inline;

    WireEnd(Wire wire, String interfaceName, MacAddress mac, Lane outbound, Lane inbound) {
        this.wire = wire;
        this.interfaceName = interfaceName;
        this.mac = mac;
        this.outbound = outbound;
        this.inbound = inbound;
        this.inline = wire.mode() == Wire.Mode.INLINE;
    }

    /** @return the wire this end belongs to */
    public Wire wire() {
        return wire;
    }

    /** @return the other end */
    public WireEnd peer() {
        return this == wire.a() ? wire.b() : wire.a();
    }

    /** @return the direction this end transmits in */
    public Wire.Direction transmitDirection() {
        return outbound.direction;
    }

    /** @return the counters of the direction this end transmits in */
    public WireCounters transmitCounters() {
        return outbound.counters();
    }

    /** @return the counters of the direction this end receives from */
    public WireCounters receiveCounters() {
        return inbound.counters();
    }

    /** @return whether a stack is attached to this end */
    public boolean isAttached() {
        return inbound.receiver() != null;
    }

    /** @return the longest frame this end carries: the MTU plus a 14-byte Ethernet header and a 4-byte 802.1Q tag */
    public int maxFrameBytes() {
        return wire.mtu() + Lane.ETHERNET_HEADER_BYTES + 4;
    }

    @Override
    public String interfaceName() {
        return interfaceName;
    }

    @Override
    public LinkType linkType() {
        return LinkType.ETHERNET;
    }

    @Override
    public int mtu() {
        return wire.mtu();
    }

    @Override
    public MacAddress macAddress() {
        return mac;
    }

    /**
     * @return {@code TX_CHECKSUM} and {@code RX_CHECKSUM} if the wire was built with checksum offload, else none;
     *     never {@code LOOPBACK} (the wire may lose and corrupt frames), never segmentation offload
     */
    @Override
    public Set<LinkOffload> offloads() {
        return wire.checksumOffload() ? CHECKSUM_OFFLOADS : Set.of();
    }

    @Override
    public String description() {
        return "wire " + wire.name() + " " + interfaceName + " <-> " + peer().interfaceName();
    }

    /**
     * @throws IllegalStateException if this end is already attached, or the wire is closed
     */
    @Override
    public void attach(LinkContext context) {
        wire.attach(this, context);
    }

    /** Detaches; frames in flight to this end are released. Returns once no delivery to the old context runs. */
    @Override
    public void detach() {
        wire.detach(this);
    }

    /** Allocation-free in steady state. */
    @Override
    public int transmit(PacketBuffer[] frames, int offset, int count) {
        int accepted = 0;
        int i = offset;
        try {
            for (; i < offset + count; i++) {
                PacketBuffer frame = frames[i];
                frames[i] = null;
                if (transmit(frame)) {
                    accepted++;
                }
            }
        } finally {
            // Ownership of every frame passed to us: should a delivery throw an Error, release the rest.
            for (int j = i + 1; j < offset + count; j++) {
                if (frames[j] != null) {
                    frames[j].release();
                    frames[j] = null;
                }
            }
        }
        return accepted;
    }

    /** Allocation-free in steady state. */
    @Override
    public boolean transmit(PacketBuffer frame) {
        return inline ? outbound.transmitInline(frame) : outbound.transmit(frame);
    }

    /** @return whether the other end is attached and the wire open */
    @Override
    public boolean isLinkUp() {
        return outbound.carrier();
    }

    Lane outbound() {
        return outbound;
    }

    Lane inbound() {
        return inbound;
    }

    @Override
    public String toString() {
        return "WireEnd[" + interfaceName + " " + mac + " of " + wire.name() + "]";
    }
}
