package netstack.ip.internal;

import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import netstack.api.link.PacketBuffer;
import netstack.api.net.IpAddress;
import netstack.ip.buffer.PacketPool;

/**
 * A {@link NeighborActions} for tests: records every action in order, owns every buffer it is handed (checks it is
 * still leased, reads its id, releases it) and remembers the last timer request. Single-threaded use only.
 */
final class RecordingNeighborActions implements NeighborActions {

    enum Kind { SOLICIT, TRANSMIT, DROP, ROUTER_CLEARED }

    /**
     * One recorded action.
     *
     * @param kind what
     * @param address the neighbor
     * @param mac the unicast MAC of a solicitation ({@link NeighborActions#MULTICAST} for multicast) or a transmit
     * @param packetId the id written into the packet by {@link #packet}, or -1
     * @param reason a drop's reason
     * @param timeNanos a solicitation's time
     */
    record Action(Kind kind, IpAddress address, long mac, int packetId, NeighborDropReason reason, long timeNanos) {
        @Override
        public String toString() {
            return kind + " " + address + (mac == MULTICAST ? " multicast" : " mac=" + Long.toHexString(mac))
                    + (packetId >= 0 ? " #" + packetId : "") + (reason != null ? " " + reason : "")
                    + (kind == Kind.SOLICIT ? " @" + timeNanos : "");
        }
    }

    private static final ValueLayout.OfInt ID = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    final List<Action> log = new ArrayList<>();
    /** The prompting source of each solicitation, in order (null entries allowed). */
    final List<IpAddress> solicitationSources = new ArrayList<>();
    long scheduledDeadlineNanos = NeighborCache.NO_DEADLINE;
    int scheduleCalls;
    /** Runs inside {@link #dropUnresolved} after recording; may call back into the cache or throw. */
    Consumer<Action> onDrop = a -> { };
    /** Runs inside {@link #transmit} after recording; may call back into the cache or throw. */
    Consumer<Action> onTransmit = a -> { };

    /** @return a leased buffer whose first four data bytes hold {@code id} */
    static PacketBuffer packet(PacketPool pool, int id) {
        PacketBuffer b = pool.allocate(100);
        b.appendFrom(ByteBuffer.allocate(Integer.BYTES).putInt(0, id));
        return b;
    }

    static int id(PacketBuffer b) {
        return b.segment().get(ID, b.start());
    }

    @Override
    public void sendSolicitation(IpAddress target, IpAddress promptingSource, long unicastMacBits, long nowNanos) {
        log.add(new Action(Kind.SOLICIT, target, unicastMacBits, -1, null, nowNanos));
        solicitationSources.add(promptingSource);
    }

    @Override
    public void transmit(IpAddress neighbor, PacketBuffer packet, long macBits) {
        Action a = new Action(Kind.TRANSMIT, neighbor, macBits, id(packet), null, 0);
        log.add(a);
        try {
            onTransmit.accept(a);
        } finally {
            packet.release();
        }
    }

    @Override
    public void dropUnresolved(IpAddress neighbor, PacketBuffer packet, NeighborDropReason reason) {
        Action a = new Action(Kind.DROP, neighbor, 0, id(packet), reason, 0);
        log.add(a);
        try {
            onDrop.accept(a);
        } finally {
            packet.release();
        }
    }

    @Override
    public void routerFlagCleared(IpAddress neighbor) {
        log.add(new Action(Kind.ROUTER_CLEARED, neighbor, 0, -1, null, 0));
    }

    @Override
    public void scheduleTimer(long deadlineNanos) {
        scheduledDeadlineNanos = deadlineNanos;
        scheduleCalls++;
    }

    /** @return the actions recorded since the last call, and forgets them */
    List<Action> take() {
        List<Action> taken = new ArrayList<>(log);
        log.clear();
        return taken;
    }
}
