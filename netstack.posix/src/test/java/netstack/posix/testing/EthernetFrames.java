package netstack.posix.testing;

import java.nio.ByteBuffer;
import netstack.api.net.Ipv4Address;
import netstack.api.net.MacAddress;

/**
 * Hand-built Ethernet frames for driver tests, written field by field from the RFCs so that they check the
 * drivers independently of the stack's own wire classes: ARP (RFC 826) and ICMP echo over IPv4 (RFC 791, 792).
 */
public final class EthernetFrames {

    /** EtherType of IPv4. */
    public static final int ETHERTYPE_IPV4 = 0x0800;
    /** EtherType of ARP. */
    public static final int ETHERTYPE_ARP = 0x0806;

    private EthernetFrames() {
    }

    /**
     * @param frame a frame
     * @return its EtherType (no VLAN tag expected)
     */
    public static int etherType(byte[] frame) {
        return frame.length < 14 ? -1 : ((frame[12] & 0xff) << 8) | (frame[13] & 0xff);
    }

    /**
     * @param frame a frame
     * @return its destination MAC address
     */
    public static MacAddress destination(byte[] frame) {
        return MacAddress.ofBytes(java.util.Arrays.copyOfRange(frame, 0, 6));
    }

    /**
     * @param frame a frame
     * @param target the address asked for
     * @return whether it is an ARP request for {@code target}
     */
    public static boolean isArpRequestFor(byte[] frame, Ipv4Address target) {
        if (etherType(frame) != ETHERTYPE_ARP || frame.length < 42) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(frame);
        return b.getShort(14 + 6) == 1 && b.getInt(14 + 24) == target.bits();
    }

    /**
     * An ARP reply (RFC 826): {@code senderMac} has {@code senderIp}, told to the requester.
     *
     * @param senderMac our MAC
     * @param senderIp our address
     * @param targetMac the requester's MAC
     * @param targetIp the requester's address
     * @return a 42-byte frame
     */
    public static byte[] arpReply(MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac,
            Ipv4Address targetIp) {
        ByteBuffer b = ByteBuffer.allocate(42);
        b.put(targetMac.toBytes()).put(senderMac.toBytes()).putShort((short) ETHERTYPE_ARP);
        b.putShort((short) 1).putShort((short) ETHERTYPE_IPV4).put((byte) 6).put((byte) 4).putShort((short) 2);
        b.put(senderMac.toBytes()).putInt(senderIp.bits()).put(targetMac.toBytes()).putInt(targetIp.bits());
        return b.array();
    }

    /**
     * An ICMP echo request or reply in IPv4 in Ethernet, with correct checksums.
     *
     * @param type 8 for a request, 0 for a reply
     * @param srcMac source MAC
     * @param dstMac destination MAC
     * @param src source address
     * @param dst destination address
     * @param id the echo identifier
     * @param sequence the echo sequence number
     * @param payload the echo data
     * @return the frame
     */
    public static byte[] icmpEcho(int type, MacAddress srcMac, MacAddress dstMac, Ipv4Address src, Ipv4Address dst,
            int id, int sequence, byte[] payload) {
        int icmpLength = 8 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + icmpLength);
        b.put(dstMac.toBytes()).put(srcMac.toBytes()).putShort((short) ETHERTYPE_IPV4);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + icmpLength)).putShort((short) id)
                .putShort((short) 0x4000).put((byte) 64).put((byte) 1).putShort((short) 0)
                .putInt(src.bits()).putInt(dst.bits());
        b.putShort(14 + 10, (short) checksum(b.array(), 14, 20));
        b.put((byte) type).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) sequence)
                .put(payload);
        b.putShort(34 + 2, (short) checksum(b.array(), 34, icmpLength));
        return b.array();
    }

    /**
     * @param frame a frame
     * @param type the ICMP type wanted
     * @param id the echo identifier wanted
     * @return whether it is an IPv4 ICMP echo message of that type and identifier
     */
    public static boolean isIcmpEcho(byte[] frame, int type, int id) {
        if (etherType(frame) != ETHERTYPE_IPV4 || frame.length < 42 || (frame[14] & 0xff) != 0x45
                || frame[14 + 9] != 1) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(frame);
        return (frame[34] & 0xff) == type && (b.getShort(34 + 4) & 0xffff) == id;
    }

    /**
     * The RFC 1071 Internet checksum, written plainly.
     *
     * @param data bytes
     * @param offset first byte
     * @param length how many
     * @return the checksum to store
     */
    public static int checksum(byte[] data, int offset, int length) {
        long sum = 0;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += ((data[offset + i] & 0xff) << 8) | (data[offset + i + 1] & 0xff);
        }
        if ((length & 1) != 0) {
            sum += (data[offset + length - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
