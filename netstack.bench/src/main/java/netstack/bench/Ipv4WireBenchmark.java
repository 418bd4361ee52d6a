package netstack.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import netstack.ip.wire.ArpPacket;
import netstack.ip.wire.EtherType;
import netstack.ip.wire.EthernetFrame;
import netstack.ip.wire.Icmpv4Packet;
import netstack.ip.wire.Ipv4Packet;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The IPv4-side receive and transmit paths through the {@code netstack.ip.wire} views, over native memory: run with
 * {@code -prof gc} to see that they allocate nothing ({@code gc.alloc.rate.norm} = 0 B/op).
 * <ul>
 * <li>{@code receiveEcho}: an 802.1Q-tagged frame carrying an ICMP echo request, as the Linux kernel sent it:
 * Ethernet check (through the tag), IPv4 check (checksum, lengths, trimming), ICMP check (checksum over the message),
 * then turning the echo into its reply in place.</li>
 * <li>{@code receiveArp}: a padded 60-byte ARP request: Ethernet and ARP check and every field.</li>
 * <li>{@code emitUdpHeaders}: Ethernet and IPv4 headers (with checksum) for a 1472-byte UDP payload, as a send path
 * writes them into headroom.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class Ipv4WireBenchmark {

    /** An 802.1Q priority-tagged echo request (scapy-built, answered by Linux), from netstack.ip's golden frames. */
    static final byte[] TAGGED_ECHO = HexFormat.of().parseHex("0200000000fe0200000000018100a0000800450000214e56"
            + "00004001a786c0000201c00002fe08003c24007900013830323151");
    /** An ARP request padded to 60 bytes. */
    static final byte[] PADDED_ARP = HexFormat.of().parseHex("ffffffffffff02000000000108060001080006040001020000"
            + "000001c0000202000000000000c00002fe000000000000000000000000000000000000");

    private final EthernetFrame ethernet = new EthernetFrame();
    private final Ipv4Packet ip = new Ipv4Packet();
    private final Icmpv4Packet icmp = new Icmpv4Packet();
    private final ArpPacket arp = new ArpPacket();
    private Arena arena;
    private MemorySegment echo;
    private MemorySegment arpFrame;
    private MemorySegment out;
    private int identification;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        echo = arena.allocate(TAGGED_ECHO.length).copyFrom(MemorySegment.ofArray(TAGGED_ECHO));
        arpFrame = arena.allocate(PADDED_ARP.length).copyFrom(MemorySegment.ofArray(PADDED_ARP));
        out = arena.allocate(2048);
        if (receiveEcho() != 0x0079 || receiveArp() != 0xc00002fe) {
            throw new IllegalStateException("the views misread the golden frames");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** @return the echo identifier, or -1 if any check failed */
    @Benchmark
    public int receiveEcho() {
        if (ethernet.wrap(echo, 0, TAGGED_ECHO.length).check() != EthernetFrame.Status.OK
                || ethernet.etherType() != EtherType.IPV4) {
            return -1;
        }
        if (ip.wrap(echo, ethernet.payloadOffset(), ethernet.payloadLength()).check() != Ipv4Packet.Status.OK
                || ip.protocol() != Ipv4Packet.PROTOCOL_ICMP) {
            return -1;
        }
        if (icmp.wrap(echo, ip.payloadOffset(), ip.payloadLength()).check() != Icmpv4Packet.Status.OK) {
            return -1;
        }
        int type = icmp.type();
        if (type == Icmpv4Packet.TYPE_ECHO_REQUEST) {
            icmp.turnIntoEchoReply();
        } else {
            icmp.type(Icmpv4Packet.TYPE_ECHO_REQUEST).fillChecksum(); // back again for the next call
        }
        return icmp.echoIdentifier();
    }

    /** @return the target protocol address, or -1 if any check failed */
    @Benchmark
    public int receiveArp() {
        if (ethernet.wrap(arpFrame, 0, PADDED_ARP.length).check() != EthernetFrame.Status.OK
                || ethernet.etherType() != EtherType.ARP) {
            return -1;
        }
        if (arp.wrap(arpFrame, ethernet.payloadOffset(), ethernet.payloadLength()).check() != ArpPacket.Status.OK) {
            return -1;
        }
        long sender = arp.senderHardwareAddress();
        return arp.isRequest() && !arp.isGratuitous() && sender != 0 ? arp.targetProtocolAddress() : -1;
    }

    /** @return the IPv4 header checksum written */
    @Benchmark
    public int emitUdpHeaders() {
        ethernet.wrap(out, 0, 1514).emit(0x02_00_00_00_00_feL, 0x02_00_00_00_00_01L, EtherType.IPV4);
        ip.wrap(out, 14, 1500).emit(0, identification++ & 0xffff, true, 64, Ipv4Packet.PROTOCOL_UDP, 0xc000_0201,
                0xc000_02fe, 1480);
        return ip.headerChecksum();
    }
}
