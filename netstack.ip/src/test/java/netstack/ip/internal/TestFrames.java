package netstack.ip.internal;

import java.nio.ByteBuffer;

/**
 * Ethernet/ARP/IPv4/ICMP frames built field by field for the network-layer tests, independently of the stack's
 * own wire classes (RFC 826, RFC 791, RFC 792).
 */
final class TestFrames {

    static final long BROADCAST = 0xffff_ffff_ffffL;

    private TestFrames() {
    }

    static byte[] arp(int operation, long senderMac, int senderIp, long targetMac, int targetIp, long ethDst) {
        ByteBuffer b = ByteBuffer.allocate(60); // padded to the Ethernet minimum, as on a real wire
        mac(b, ethDst);
        mac(b, senderMac);
        b.putShort((short) 0x0806);
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) operation);
        mac(b, senderMac);
        b.putInt(senderIp);
        mac(b, targetMac);
        b.putInt(targetIp);
        return b.array();
    }

    /** An IPv4 datagram in Ethernet with a correct header checksum. */
    static byte[] ipv4(long ethDst, long ethSrc, int src, int dst, int protocol, int ttl, int flagsOffset, int id,
            byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + payload.length);
        mac(b, ethDst);
        mac(b, ethSrc);
        b.putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) id)
                .putShort((short) flagsOffset).put((byte) ttl).put((byte) protocol).putShort((short) 0)
                .putInt(src).putInt(dst);
        b.putShort(14 + 10, (short) checksum(b.array(), 14, 20));
        b.put(payload);
        return b.array();
    }

    /** An ICMP echo message (type 8 request, 0 reply) with a correct checksum. */
    static byte[] icmpEcho(int type, int id, int sequence, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length);
        b.put((byte) type).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) sequence).put(data);
        b.putShort(2, (short) checksum(b.array(), 0, b.capacity()));
        return b.array();
    }

    static int checksum(byte[] data, int offset, int length) {
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

    static int u16(byte[] b, int offset) {
        return ((b[offset] & 0xff) << 8) | (b[offset + 1] & 0xff);
    }

    static int u32(byte[] b, int offset) {
        return ByteBuffer.wrap(b).getInt(offset);
    }

    static long mac(byte[] b, int offset) {
        long m = 0;
        for (int i = 0; i < 6; i++) {
            m = (m << 8) | (b[offset + i] & 0xff);
        }
        return m;
    }

    private static void mac(ByteBuffer b, long mac) {
        for (int i = 5; i >= 0; i--) {
            b.put((byte) (mac >>> (8 * i)));
        }
    }
}
