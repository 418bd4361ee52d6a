package netstack.ip.wire;

import java.lang.foreign.MemorySegment;
import netstack.api.link.PacketBuffer;

/**
 * A view of an ARP packet (RFC 826) for IPv4 over Ethernet, the only combination the stack resolves.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Hardware Type (ar$hrd) = 1  |  Protocol Type (ar$pro) 0x0800|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | HLen (ar$hln)6| PLen (ar$pln)4|      Operation (ar$op)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Sender Hardware Address (ar$sha)               |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               | Sender Protocol Address (spa) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   ... (spa, continued)        |  Target Hardware Address (tha)|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               Target Protocol Address (ar$tpa)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * {@link #check()} accepts hardware type 1 (Ethernet) with 6-byte addresses, protocol type {@code 0x0800} with 4-byte
 * addresses and the operations request (1) and reply (2); it rejects everything else (RARP, InARP, other hardware),
 * and trims the window to the 28 bytes of the packet, so Ethernet padding after it is ignored. MAC addresses are
 * {@code long} bit patterns as in {@link netstack.api.net.MacAddress#bits()}, IPv4 addresses {@code int}s as in
 * {@link netstack.api.net.Ipv4Address#bits()}.
 *
 * <p>Gratuitous ARP ({@link #isGratuitous()}) and the RFC 5227 probe ({@link #isProbe()}) are recognised; what to do
 * with them (update the cache, detect an address conflict) is the neighbour cache's business, as are the validity
 * rules on the addresses themselves (a multicast sender hardware address, a sender protocol address that is
 * broadcast or one of ours).
 *
 * <p>Allocation-free; not thread-safe: one instance per thread, re-pointed per packet.
 */
public final class ArpPacket extends Flyweight {

    /** Offset of the hardware type (ar$hrd). */
    public static final int HARDWARE_TYPE = 0;
    /** Offset of the protocol type (ar$pro). */
    public static final int PROTOCOL_TYPE = 2;
    /** Offset of the hardware address length (ar$hln). */
    public static final int HARDWARE_LENGTH = 4;
    /** Offset of the protocol address length (ar$pln). */
    public static final int PROTOCOL_LENGTH = 5;
    /** Offset of the operation (ar$op). */
    public static final int OPERATION = 6;
    /** Offset of the sender hardware address (ar$sha). */
    public static final int SENDER_HARDWARE_ADDRESS = 8;
    /** Offset of the sender protocol address (ar$spa). */
    public static final int SENDER_PROTOCOL_ADDRESS = 14;
    /** Offset of the target hardware address (ar$tha). */
    public static final int TARGET_HARDWARE_ADDRESS = 18;
    /** Offset of the target protocol address (ar$tpa). */
    public static final int TARGET_PROTOCOL_ADDRESS = 24;
    /** Length of an Ethernet/IPv4 ARP packet. */
    public static final int PACKET_BYTES = 28;
    /** The fixed part before the addresses, enough to tell hardware and protocol apart. */
    public static final int FIXED_BYTES = 8;

    /** ar$hrd for Ethernet (the IANA "Hardware Types" registry). */
    public static final int HARDWARE_TYPE_ETHERNET = 1;
    /** ar$op of a request. */
    public static final int OPERATION_REQUEST = 1;
    /** ar$op of a reply. */
    public static final int OPERATION_REPLY = 2;

    /** Outcome of {@link #check()}. */
    public enum Status {
        /** An Ethernet/IPv4 request or reply; every accessor is valid. */
        OK,
        /** Shorter than its fixed part, or than the 28 bytes its lengths promise. */
        TRUNCATED,
        /** A hardware type other than Ethernet, or a hardware address length other than 6. */
        UNSUPPORTED_HARDWARE,
        /** A protocol type other than IPv4, or a protocol address length other than 4. */
        UNSUPPORTED_PROTOCOL,
        /** An operation other than request and reply (e.g. InARP, RFC 2390). */
        UNSUPPORTED_OPERATION
    }

    @Override
    public ArpPacket wrap(MemorySegment newSegment, long newOffset, int newLength) {
        super.wrap(newSegment, newOffset, newLength);
        return this;
    }

    @Override
    public ArpPacket wrap(PacketBuffer buffer) {
        super.wrap(buffer);
        return this;
    }

    /**
     * Validates the packet and, when it is valid, trims the window to {@value #PACKET_BYTES} bytes (dropping link
     * padding). Allocation-free.
     *
     * @return {@link Status#OK}, or why the stack must drop the packet
     */
    public Status check() {
        if (length < FIXED_BYTES) {
            return Status.TRUNCATED;
        }
        if (u16(HARDWARE_TYPE) != HARDWARE_TYPE_ETHERNET || u8(HARDWARE_LENGTH) != 6) {
            return Status.UNSUPPORTED_HARDWARE;
        }
        if (u16(PROTOCOL_TYPE) != EtherType.IPV4 || u8(PROTOCOL_LENGTH) != 4) {
            return Status.UNSUPPORTED_PROTOCOL;
        }
        if (length < PACKET_BYTES) {
            return Status.TRUNCATED;
        }
        int operation = u16(OPERATION);
        if (operation != OPERATION_REQUEST && operation != OPERATION_REPLY) {
            return Status.UNSUPPORTED_OPERATION;
        }
        length = PACKET_BYTES;
        return Status.OK;
    }

    /** @return ar$hrd */
    public int hardwareType() {
        return u16(HARDWARE_TYPE);
    }

    /** @return ar$pro, an EtherType */
    public int protocolType() {
        return u16(PROTOCOL_TYPE);
    }

    /** @return ar$hln in bytes */
    public int hardwareLength() {
        return u8(HARDWARE_LENGTH);
    }

    /** @return ar$pln in bytes */
    public int protocolLength() {
        return u8(PROTOCOL_LENGTH);
    }

    /** @return ar$op: {@link #OPERATION_REQUEST} or {@link #OPERATION_REPLY} after a successful check */
    public int operation() {
        return u16(OPERATION);
    }

    /** @return ar$sha, 48 bits */
    public long senderHardwareAddress() {
        return mac(SENDER_HARDWARE_ADDRESS);
    }

    /** @return ar$spa */
    public int senderProtocolAddress() {
        return u32(SENDER_PROTOCOL_ADDRESS);
    }

    /** @return ar$tha, 48 bits (zero, or anything, in a request: RFC 826 leaves it unspecified) */
    public long targetHardwareAddress() {
        return mac(TARGET_HARDWARE_ADDRESS);
    }

    /** @return ar$tpa */
    public int targetProtocolAddress() {
        return u32(TARGET_PROTOCOL_ADDRESS);
    }

    /** @return {@code true} for a request */
    public boolean isRequest() {
        return operation() == OPERATION_REQUEST;
    }

    /** @return {@code true} for a reply */
    public boolean isReply() {
        return operation() == OPERATION_REPLY;
    }

    /**
     * A gratuitous ARP (RFC 5227 §3 "ARP announcement", RFC 5944 §4.6): a request or reply whose sender and target
     * protocol addresses are the same, non-zero address, sent to announce or refresh a mapping rather than to ask.
     *
     * @return {@code true} if this packet is one
     */
    public boolean isGratuitous() {
        int sender = senderProtocolAddress();
        return sender != 0 && sender == targetProtocolAddress();
    }

    /**
     * An ARP probe (RFC 5227 §2.1.1): a request with sender protocol address 0.0.0.0, sent by a host checking that
     * the target address is free. It must not update the cache (the sender owns no address yet).
     *
     * @return {@code true} if this packet is one
     */
    public boolean isProbe() {
        return isRequest() && senderProtocolAddress() == 0;
    }

    /**
     * @param operation ar$op
     * @return {@code this}
     */
    public ArpPacket operation(int operation) {
        u16(OPERATION, operation);
        return this;
    }

    /**
     * @param bits ar$sha, 48 bits
     * @return {@code this}
     */
    public ArpPacket senderHardwareAddress(long bits) {
        mac(SENDER_HARDWARE_ADDRESS, bits);
        return this;
    }

    /**
     * @param address ar$spa
     * @return {@code this}
     */
    public ArpPacket senderProtocolAddress(int address) {
        u32(SENDER_PROTOCOL_ADDRESS, address);
        return this;
    }

    /**
     * @param bits ar$tha, 48 bits
     * @return {@code this}
     */
    public ArpPacket targetHardwareAddress(long bits) {
        mac(TARGET_HARDWARE_ADDRESS, bits);
        return this;
    }

    /**
     * @param address ar$tpa
     * @return {@code this}
     */
    public ArpPacket targetProtocolAddress(int address) {
        u32(TARGET_PROTOCOL_ADDRESS, address);
        return this;
    }

    /**
     * Writes a whole Ethernet/IPv4 ARP packet (all 28 bytes) at the window's start. Allocation-free.
     *
     * @param operation {@link #OPERATION_REQUEST} or {@link #OPERATION_REPLY}
     * @param senderHardwareAddress ar$sha bits
     * @param senderProtocolAddress ar$spa
     * @param targetHardwareAddress ar$tha bits (0 in a request)
     * @param targetProtocolAddress ar$tpa
     * @return {@code this}
     * @throws IndexOutOfBoundsException if the window is shorter than 28 bytes
     */
    public ArpPacket emit(int operation, long senderHardwareAddress, int senderProtocolAddress,
            long targetHardwareAddress, int targetProtocolAddress) {
        if (length < PACKET_BYTES) {
            throw new IndexOutOfBoundsException("an ARP packet needs 28 bytes, the window has " + length);
        }
        u16(HARDWARE_TYPE, HARDWARE_TYPE_ETHERNET);
        u16(PROTOCOL_TYPE, EtherType.IPV4);
        u8(HARDWARE_LENGTH, 6);
        u8(PROTOCOL_LENGTH, 4);
        u16(OPERATION, operation);
        mac(SENDER_HARDWARE_ADDRESS, senderHardwareAddress);
        u32(SENDER_PROTOCOL_ADDRESS, senderProtocolAddress);
        mac(TARGET_HARDWARE_ADDRESS, targetHardwareAddress);
        u32(TARGET_PROTOCOL_ADDRESS, targetProtocolAddress);
        return this;
    }

    private long mac(int at) {
        return ((long) u16(at) << 32) | (u32(at + 2) & 0xffff_ffffL);
    }

    private void mac(int at, long bits) {
        u16(at, (int) (bits >>> 32));
        u32(at + 2, (int) bits);
    }
}
