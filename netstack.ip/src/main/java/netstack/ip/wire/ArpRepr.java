package netstack.ip.wire;

import java.util.Objects;
import netstack.api.net.Ipv4Address;
import netstack.api.net.MacAddress;

/**
 * A validated Ethernet/IPv4 ARP packet (RFC 826) as values, for the neighbour cache's control path: parse a checked
 * {@link ArpPacket}, build requests and replies, emit them.
 *
 * <p>Hardware and protocol type, and their lengths, are implied (Ethernet, IPv4), so every {@code ArpRepr} is
 * representable on the wire and {@link #emit} cannot fail for want of a field. Creating one allocates; the views do
 * not.
 *
 * @param operation request or reply
 * @param senderHardwareAddress ar$sha
 * @param senderProtocolAddress ar$spa ({@link Ipv4Address#ANY} in an RFC 5227 probe)
 * @param targetHardwareAddress ar$tha ({@link MacAddress#ZERO} in a request: RFC 826 leaves it unspecified, and
 *     Linux and RFC 5227 §2.1.1 send zeros)
 * @param targetProtocolAddress ar$tpa
 */
public record ArpRepr(Operation operation, MacAddress senderHardwareAddress, Ipv4Address senderProtocolAddress,
        MacAddress targetHardwareAddress, Ipv4Address targetProtocolAddress) {

    /** The two operations of RFC 826. */
    public enum Operation {
        /** ar$op 1: who has the target protocol address? */
        REQUEST(ArpPacket.OPERATION_REQUEST),
        /** ar$op 2: the sender has the sender protocol address. */
        REPLY(ArpPacket.OPERATION_REPLY);

        private final int code;

        Operation(int code) {
            this.code = code;
        }

        /** @return the ar$op value */
        public int code() {
            return code;
        }
    }

    /**
     * @throws NullPointerException if any component is null
     */
    public ArpRepr {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(senderHardwareAddress, "senderHardwareAddress");
        Objects.requireNonNull(senderProtocolAddress, "senderProtocolAddress");
        Objects.requireNonNull(targetHardwareAddress, "targetHardwareAddress");
        Objects.requireNonNull(targetProtocolAddress, "targetProtocolAddress");
    }

    /**
     * @param packet a packet whose {@link ArpPacket#check()} returned {@link ArpPacket.Status#OK}
     * @return its values
     * @throws IllegalArgumentException if the packet's operation is neither request nor reply (it was not checked)
     */
    public static ArpRepr parse(ArpPacket packet) {
        Operation operation = switch (packet.operation()) {
            case ArpPacket.OPERATION_REQUEST -> Operation.REQUEST;
            case ArpPacket.OPERATION_REPLY -> Operation.REPLY;
            default -> throw new IllegalArgumentException("ARP operation " + packet.operation()
                    + " is neither request nor reply: parse only packets that passed check()");
        };
        return new ArpRepr(operation, new MacAddress(packet.senderHardwareAddress()),
                Ipv4Address.of(packet.senderProtocolAddress()), new MacAddress(packet.targetHardwareAddress()),
                Ipv4Address.of(packet.targetProtocolAddress()));
    }

    /**
     * A request asking who has {@code target}.
     *
     * @param senderHardwareAddress our MAC address
     * @param senderProtocolAddress our IPv4 address on that link
     * @param target the address to resolve
     * @return the request
     */
    public static ArpRepr request(MacAddress senderHardwareAddress, Ipv4Address senderProtocolAddress,
            Ipv4Address target) {
        return new ArpRepr(Operation.REQUEST, senderHardwareAddress, senderProtocolAddress, MacAddress.ZERO, target);
    }

    /**
     * A gratuitous ARP announcement (RFC 5227 §2.3): a request for our own address, so that every cache on the link
     * learns or refreshes it. Broadcast it.
     *
     * @param hardwareAddress our MAC address
     * @param protocolAddress the address we announce
     * @return the announcement
     */
    public static ArpRepr announcement(MacAddress hardwareAddress, Ipv4Address protocolAddress) {
        return new ArpRepr(Operation.REQUEST, hardwareAddress, protocolAddress, MacAddress.ZERO, protocolAddress);
    }

    /**
     * An ARP probe (RFC 5227 §2.1.1): a request from sender address 0.0.0.0 asking whether anyone holds
     * {@code candidate}, sent before using it.
     *
     * @param hardwareAddress our MAC address
     * @param candidate the address we would like to use
     * @return the probe
     */
    public static ArpRepr probe(MacAddress hardwareAddress, Ipv4Address candidate) {
        return new ArpRepr(Operation.REQUEST, hardwareAddress, Ipv4Address.ANY, MacAddress.ZERO, candidate);
    }

    /**
     * The reply to this request (RFC 826 "Packet Reception": swap sender and target, put our hardware address in
     * the sender field, set the opcode to reply). Send it unicast to the requester's hardware address.
     *
     * @param ourHardwareAddress the MAC address of the interface that owns {@link #targetProtocolAddress()}
     * @return the reply
     * @throws IllegalStateException if this is not a request
     */
    public ArpRepr answer(MacAddress ourHardwareAddress) {
        if (operation != Operation.REQUEST) {
            throw new IllegalStateException("only a request can be answered, this is a " + operation);
        }
        return new ArpRepr(Operation.REPLY, ourHardwareAddress, targetProtocolAddress, senderHardwareAddress,
                senderProtocolAddress);
    }

    /** @return {@code true} for a gratuitous ARP, as {@link ArpPacket#isGratuitous()} */
    public boolean isGratuitous() {
        return !senderProtocolAddress.isUnspecified() && senderProtocolAddress.equals(targetProtocolAddress);
    }

    /** @return {@code true} for an RFC 5227 probe, as {@link ArpPacket#isProbe()} */
    public boolean isProbe() {
        return operation == Operation.REQUEST && senderProtocolAddress.isUnspecified();
    }

    /** @return {@value ArpPacket#PACKET_BYTES}, the bytes {@link #emit} writes */
    public int bufferLength() {
        return ArpPacket.PACKET_BYTES;
    }

    /**
     * Writes all 28 bytes of the packet at the start of the view's window.
     *
     * @param packet a view whose window holds at least 28 bytes
     * @throws IndexOutOfBoundsException if the window is shorter
     */
    public void emit(ArpPacket packet) {
        packet.emit(operation.code(), senderHardwareAddress.bits(), senderProtocolAddress.bits(),
                targetHardwareAddress.bits(), targetProtocolAddress.bits());
    }
}
