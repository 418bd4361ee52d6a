package netstack.ip.internal.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import netstack.api.link.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PcapngWriter}: exact bytes of each block against draft-ietf-opsawg-pcapng, padding hygiene, argument and
 * order checks, partial and failing channels, and tshark reading what it writes.
 */
class PcapngWriterTest {

    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replaceAll("\\s+", ""));
    }

    /** Section header "netstack", interface eth0 (Ethernet, snaplen 65535, ns), one 5-byte inbound packet. */
    private static byte[] golden(TestChannels.Memory channel) throws IOException {
        try (PcapngWriter w = new PcapngWriter(channel)) {
            w.writeSectionHeader("netstack");
            assertEquals(0, w.writeInterfaceDescription("eth0", PcapngWriter.LINKTYPE_ETHERNET, 65535));
            w.writeEnhancedPacket(0, 0x0123456789ABCDEFL, PcapngWriter.EPB_FLAGS_INBOUND,
                    MemorySegment.ofArray(hex("99 de ad be ef 01 99")), 1, 5, 60);
        }
        return channel.toByteArray();
    }

    private static final String GOLDEN = ""
            // Section Header Block: type, length 44, byte-order magic, version 1.0, section length -1
            + "0a0d0d0a 2c000000 4d3c2b1a 0100 0000 ffffffffffffffff"
            // shb_userappl (4), 8 bytes "netstack"; opt_endofopt; trailing length
            + "0400 0800 6e657473 7461636b 00000000 2c000000"
            // Interface Description Block: type 1, length 40, LINKTYPE_ETHERNET, reserved, snaplen 65535
            + "01000000 28000000 0100 0000 ffff0000"
            // if_name (2) "eth0"; if_tsresol (9) = 9, padded; opt_endofopt; trailing length
            + "0200 0400 65746830 0900 0100 09000000 00000000 28000000"
            // Enhanced Packet Block: type 6, length 52, interface 0, timestamp high, low, captured 5, original 60
            + "06000000 34000000 00000000 67452301 efcdab89 05000000 3c000000"
            // data padded to 32 bits; epb_flags (2) length 4 = inbound; opt_endofopt; trailing length
            + "deadbeef 01000000 0200 0400 01000000 00000000 34000000";

    @Test
    void writesGoldenBytes() throws IOException {
        assertEquals(HEX.formatHex(hex(GOLDEN)), HEX.formatHex(golden(new TestChannels.Memory())));
    }

    @Test
    void goldenFileParsesAndTsharkReadsIt() throws Exception {
        byte[] bytes = golden(new TestChannels.Memory());
        PcapngFile f = PcapngFile.parse(bytes);
        assertEquals(ByteOrder.LITTLE_ENDIAN, f.order);
        assertEquals("netstack", f.userApplication);
        assertEquals(List.of(new PcapngFile.Interface(1, 65535, "eth0", 9)), f.interfaces);
        assertEquals(1, f.packets.size());
        PcapngFile.Packet p = f.packets.get(0);
        assertEquals(0x0123456789ABCDEFL, p.timestampNanos());
        assertEquals(5, p.capturedLength());
        assertEquals(60, p.originalLength());
        assertEquals(PcapngWriter.EPB_FLAGS_INBOUND, p.direction());
        assertArrayEquals(hex("deadbeef01"), p.data());

        Path file = dir.resolve("golden.pcapng");
        Files.write(file, bytes);
        List<String[]> rows = Tshark.fields(file, "frame.len", "frame.cap_len", "frame.interface_name",
                "frame.time_epoch", "frame.packet_flags_direction");
        assertEquals(1, rows.size());
        // 0x0123456789ABCDEF ns = 81985529.216486895 s: all nine digits survive, so if_tsresol = 9 was honoured.
        assertArrayEquals(new String[] {"60", "5", "eth0", "81985529.216486895", "0x00000001"}, rows.get(0));
    }

    @Test
    void packetWithoutFlagsHasNoOptions() throws IOException {
        TestChannels.Memory channel = new TestChannels.Memory();
        try (PcapngWriter w = new PcapngWriter(channel)) {
            w.writeSectionHeader(null);
            w.writeInterfaceDescription(null, PcapngWriter.LINKTYPE_RAW, 100);
            w.writeEnhancedPacket(0, 1L, 0, MemorySegment.ofArray(new byte[4]), 0, 4, 4);
        }
        byte[] bytes = channel.toByteArray();
        // SHB without options: 28 bytes; IDB with only if_tsresol and opt_endofopt: 32; EPB: 32 + 4 data.
        assertEquals(28 + 32 + 36, bytes.length);
        PcapngFile f = PcapngFile.parse(bytes);
        assertEquals(null, f.userApplication);
        assertEquals(new PcapngFile.Interface(101, 100, null, 9), f.interfaces.get(0));
        assertEquals(-1, f.packets.get(0).direction());
        assertEquals(PcapngWriter.enhancedPacketBlockBytes(4, false), 36);
        assertEquals(PcapngWriter.enhancedPacketBlockBytes(5, true), 52);
    }

    @Test
    void paddingIsZeroedOverStaleStagingBytes() throws IOException {
        TestChannels.Memory channel = new TestChannels.Memory();
        try (PcapngWriter w = new PcapngWriter(channel)) {
            w.writeSectionHeader("netstack");
            w.writeInterfaceDescription("x", PcapngWriter.LINKTYPE_ETHERNET, 1000);
            byte[] ones = new byte[999];
            java.util.Arrays.fill(ones, (byte) 0xFF);
            w.writeEnhancedPacket(0, 0, PcapngWriter.EPB_FLAGS_OUTBOUND, MemorySegment.ofArray(ones), 0, 999, 999);
            w.flush();
            // Staging restarts at 0, over the bytes above: every length 1..7 leaves 3..1 stale bytes to pad.
            for (int n = 1; n <= 7; n++) {
                w.writeEnhancedPacket(0, n, PcapngWriter.EPB_FLAGS_OUTBOUND, MemorySegment.ofArray(ones), 0, n, n);
                w.flush();
            }
        }
        PcapngFile f = PcapngFile.parse(channel.toByteArray()); // asserts every padding byte is zero
        assertEquals(8, f.packets.size());
        for (int n = 1; n <= 7; n++) {
            assertEquals(n, f.packets.get(n).capturedLength());
        }
    }

    @Test
    void largestSnaplenPacketAndOriginalLengthAboveIt() throws Exception {
        Path file = dir.resolve("big.pcapng");
        int max = PcapngWriter.MAX_SNAPLEN_BYTES;
        byte[] frame = Frames.ethernetUdp(max + 1000, 0, 1);
        try (PcapngWriter w = new PcapngWriter(java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE))) {
            w.writeSectionHeader("netstack");
            w.writeInterfaceDescription("eth0", PcapngWriter.LINKTYPE_ETHERNET, max);
            w.writeEnhancedPacket(0, 5, PcapngWriter.EPB_FLAGS_INBOUND, MemorySegment.ofArray(frame), 0, max,
                    frame.length);
            w.writeEnhancedPacket(0, 6, PcapngWriter.EPB_FLAGS_OUTBOUND, MemorySegment.ofArray(frame), 0, 0,
                    frame.length);
        }
        PcapngFile f = PcapngFile.read(file);
        assertEquals(max, f.packets.get(0).capturedLength());
        assertArrayEquals(java.util.Arrays.copyOf(frame, max), f.packets.get(0).data());
        assertEquals(0, f.packets.get(1).capturedLength());
        List<String[]> rows = Tshark.fields(file, "frame.len", "frame.cap_len");
        assertArrayEquals(new String[] {"" + frame.length, "" + max}, rows.get(0));
        assertArrayEquals(new String[] {"" + frame.length, "0"}, rows.get(1));
    }

    @Test
    void partialWritesProduceTheSameFile() throws IOException {
        TestChannels.Memory trickle = new TestChannels.Memory(7, Long.MAX_VALUE, false);
        assertArrayEquals(hex(GOLDEN), golden(trickle));
    }

    @Test
    void manyBlocksAcrossStagingFlushes() throws IOException {
        TestChannels.Memory channel = new TestChannels.Memory();
        int count = 200;
        try (PcapngWriter w = new PcapngWriter(channel, PcapngWriter.MIN_BUFFER_BYTES)) {
            w.writeSectionHeader("netstack");
            w.writeInterfaceDescription("eth0", PcapngWriter.LINKTYPE_ETHERNET, 65535);
            w.writeInterfaceDescription("lo", PcapngWriter.LINKTYPE_RAW, 65535);
            for (int i = 0; i < count; i++) {
                int length = 1 + i * 97 % 9001;
                byte[] packet = Frames.ethernetUdp(Math.max(length, Frames.MIN_ETHERNET_UDP_BYTES), 0, i);
                w.writeEnhancedPacket(i % 2, i, PcapngWriter.EPB_FLAGS_OUTBOUND, MemorySegment.ofArray(packet), 0,
                        packet.length, packet.length);
            }
            assertEquals(2, w.interfaceCount());
        }
        PcapngFile f = PcapngFile.parse(channel.toByteArray());
        assertEquals(count, f.packets.size());
        for (int i = 0; i < count; i++) {
            int length = Math.max(1 + i * 97 % 9001, Frames.MIN_ETHERNET_UDP_BYTES);
            assertArrayEquals(Frames.ethernetUdp(length, 0, i), f.packets.get(i).data(), "packet " + i);
            assertEquals(i % 2, f.packets.get(i).interfaceId());
            assertEquals(i, f.packets.get(i).timestampNanos());
        }
    }

    @Test
    void rejectsMisuse() throws IOException {
        TestChannels.Memory channel = new TestChannels.Memory();
        try (PcapngWriter w = new PcapngWriter(channel)) {
            MemorySegment data = MemorySegment.ofArray(new byte[100]);
            assertThrows(IllegalStateException.class,
                    () -> w.writeInterfaceDescription("eth0", PcapngWriter.LINKTYPE_ETHERNET, 100));
            w.writeSectionHeader("netstack");
            assertThrows(IllegalStateException.class, () -> w.writeSectionHeader("netstack"));
            assertThrows(IllegalArgumentException.class, () -> w.writeEnhancedPacket(0, 0, 0, data, 0, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> w.writeInterfaceDescription("a", 1, 0));
            assertThrows(IllegalArgumentException.class,
                    () -> w.writeInterfaceDescription("a", 1, PcapngWriter.MAX_SNAPLEN_BYTES + 1));
            assertThrows(IllegalArgumentException.class, () -> w.writeInterfaceDescription("a", 0x10000, 10));
            w.writeInterfaceDescription("eth0", PcapngWriter.LINKTYPE_ETHERNET, 50);
            assertThrows(IllegalArgumentException.class, () -> w.writeEnhancedPacket(0, 0, 0, data, 0, 51, 51),
                    "captured above snaplen");
            assertThrows(IllegalArgumentException.class, () -> w.writeEnhancedPacket(0, 0, 0, data, 0, 20, 10),
                    "captured above original");
            assertThrows(IllegalArgumentException.class, () -> w.writeEnhancedPacket(0, 0, 0, data, 0, -1, 10));
            assertThrows(IllegalArgumentException.class, () -> w.writeEnhancedPacket(1, 0, 0, data, 0, 1, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> w.writeEnhancedPacket(0, 0, 0, data, 90, 20, 20));
        }
        // What was accepted is a valid file: the rejected calls staged nothing.
        PcapngFile f = PcapngFile.parse(channel.toByteArray());
        assertEquals(1, f.interfaces.size());
        assertEquals(0, f.packets.size());
        assertThrows(IllegalArgumentException.class,
                () -> new PcapngWriter(new TestChannels.Memory(), PcapngWriter.MIN_BUFFER_BYTES - 1));
    }

    @Test
    void channelFailureClosesTheWriter() throws IOException {
        TestChannels.Memory channel = new TestChannels.Memory(Integer.MAX_VALUE, 30, false);
        PcapngWriter w = new PcapngWriter(channel);
        w.writeSectionHeader("netstack"); // 44 bytes staged; the channel takes 30 and then fails
        IOException e = assertThrows(IOException.class, w::flush);
        assertTrue(e.getMessage().contains("injected"), e.getMessage());
        assertFalse(channel.isOpen(), "a failed writer closes its channel");
        assertThrows(ClosedChannelException.class, () -> w.writeInterfaceDescription("eth0", 1, 10));
        assertThrows(ClosedChannelException.class, w::flush);
        w.close(); // idempotent, and quiet once failed
        assertEquals(1, channel.closeCalls());
        assertEquals(30, w.bytesWritten());
    }

    @Test
    void closeIsIdempotentAndWritesFail() throws IOException {
        TestChannels.Memory channel = new TestChannels.Memory();
        PcapngWriter w = new PcapngWriter(channel);
        w.writeSectionHeader("netstack");
        w.close();
        w.close();
        assertEquals(1, channel.closeCalls());
        assertEquals(44, channel.toByteArray().length);
        assertThrows(ClosedChannelException.class, () -> w.writeSectionHeader("x"));
    }

    @Test
    void linkTypesOfNetstackLinks() {
        assertEquals(1, PcapngWriter.linkType(LinkType.ETHERNET));
        assertEquals(101, PcapngWriter.linkType(LinkType.RAW_IP));
        assertEquals(PcapngWriter.EPB_FLAGS_INBOUND, Direction.INBOUND.epbFlags());
        assertEquals(PcapngWriter.EPB_FLAGS_OUTBOUND, Direction.OUTBOUND.epbFlags());
    }

    @Test
    void tsharkDecodesEthernetAndRawIpInterfaces() throws Exception {
        Path file = dir.resolve("mixed.pcapng");
        byte[] eth = Frames.ethernetUdp(100, 3, 7);
        byte[] raw = Frames.ipv4Udp(60, 4, 8);
        try (PcapngWriter w = new PcapngWriter(java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE))) {
            w.writeSectionHeader("netstack");
            int e = w.writeInterfaceDescription("tap0", PcapngWriter.linkType(LinkType.ETHERNET), 65535);
            int l = w.writeInterfaceDescription("lo", PcapngWriter.linkType(LinkType.RAW_IP), 65535);
            w.writeEnhancedPacket(e, 1_700_000_000_000_000_001L, Direction.OUTBOUND.epbFlags(),
                    MemorySegment.ofArray(eth), 0, eth.length, eth.length);
            w.writeEnhancedPacket(l, 1_700_000_000_999_999_999L, Direction.INBOUND.epbFlags(),
                    MemorySegment.ofArray(raw), 0, raw.length, raw.length);
        }
        List<String[]> rows = Tshark.fields(file, "frame.interface_name", "frame.protocols", "ip.src", "ip.dst",
                "ip.id", "udp.srcport", "frame.packet_flags_direction", "frame.time_epoch", "ip.checksum.status",
                "udp.checksum.status");
        assertEquals(2, rows.size());
        assertArrayEquals(new String[] {"tap0", "eth:ethertype:ip:udp:data", "192.0.2.1", "192.0.2.2", "0x0007",
            "49155", "0x00000002", "1700000000.000000001", "1", "1"}, rows.get(0));
        assertArrayEquals(new String[] {"lo", "raw:ip:udp:data", "192.0.2.1", "192.0.2.2", "0x0008",
            "49156", "0x00000001", "1700000000.999999999", "1", "1"}, rows.get(1));
        assertFalse(Tshark.expert(file).contains("Errors"), "no expert errors");
    }
}
