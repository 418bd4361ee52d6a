package netstack.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import netstack.ip.wire.Icmpv6Packet;
import netstack.ip.wire.Ipv6ExtensionHeaders;
import netstack.ip.wire.Ipv6Packet;
import netstack.ip.wire.NdpOptions;
import netstack.ip.wire.NdpPacket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The IPv6 receive path of {@code netstack.ip.wire} over native segments, as the stack runs it per packet: the
 * {@link Ipv6Packet#check()} gate, the {@link Ipv6ExtensionHeaders} walk, the ICMPv6 checksum over the pseudo-header
 * and, for Neighbor Discovery, {@link NdpPacket#check(Ipv6Packet)} and the source link-layer address lookup. Run with
 * {@code -prof gc}: every case must allocate nothing (the views and the walker are re-used, as on a receive thread).
 *
 * <ul>
 *   <li>{@code echoRequest}: the kernel's 104-byte Echo Request (no extension headers).</li>
 *   <li>{@code neighborSolicitation}: the kernel's Neighbor Solicitation with a source link-layer address.</li>
 *   <li>{@code extensionChain}: Hop-by-Hop (Router Alert), Destination Options, Routing (segments left 0), then
 *       an Echo Request: three headers and their options walked.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class Ipv6ReceiveBenchmark {

    /** The Linux kernel's Echo Request (captured on a veth pair; see netstack.ip's Ipv6Golden). */
    static final String ECHO_REQUEST = "600c02e800403a4020010db800010000000000fffe00010a20010db800010000000000000000"
            + "00018000bddf1cbe0001cacd066b00000000c8f10a00000000006e6574737461636b6e6574737461636b6e65747374"
            + "61636b6e6574737461636b6e6574737461636b6e6574737461636b";
    /** The kernel's Neighbor Solicitation for 2001:db8:1::1 with a source link-layer address. */
    static final String NEIGHBOR_SOLICITATION = "6000000000203aff20010db800010000000000fffe00010aff02000000000000"
            + "00000001ff00000187001b150000000020010db8000100000000000000000001010102000000010a";
    /** An Echo Request behind Hop-by-Hop, Destination Options and Routing headers; checksum filled in setUp. */
    static final String EXTENSION_CHAIN = "60000000" + "00380040" + "20010db800010000000000000000000a"
            + "20010db8000100000000000000000001" + "3c00050200000100" + "2b011e0a000000000000000000000100"
            + "3a02000000000000" + "20010db8000000000000000000000002" + "8000000000010001";

    private Arena arena;
    MemorySegment echo;
    MemorySegment solicitation;
    MemorySegment chain;
    private final Ipv6Packet ip = new Ipv6Packet();
    private final Icmpv6Packet icmp = new Icmpv6Packet();
    private final NdpPacket ndp = new NdpPacket();
    private final NdpOptions options = new NdpOptions();
    private final Ipv6ExtensionHeaders walker = new Ipv6ExtensionHeaders();

    /** Copies the packets into native memory, as the packet pool holds them. */
    @Setup
    public void setUp() {
        arena = Arena.ofShared();
        echo = copy(ECHO_REQUEST);
        solicitation = copy(NEIGHBOR_SOLICITATION);
        chain = copy(EXTENSION_CHAIN);
        if (ip.wrap(chain, 0, (int) chain.byteSize()).check() != Ipv6Packet.Check.OK
                || walker.walk(ip) != Ipv6ExtensionHeaders.Verdict.UPPER_LAYER) {
            throw new IllegalStateException("the extension chain sample is malformed: " + walker.verdict());
        }
        icmp.wrap(chain, walker.upperLayerOffset(), (int) chain.byteSize() - walker.upperLayerOffset())
                .fillChecksum(ip);
    }

    private MemorySegment copy(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        return arena.allocate(bytes.length, 8).copyFrom(MemorySegment.ofArray(bytes));
    }

    /** Frees the native memory. */
    @TearDown
    public void tearDown() {
        arena.close();
    }

    /**
     * @param packet the packet
     * @return the upper-layer offset if the packet is valid ICMPv6, else a negative reason
     */
    int receiveIcmpv6(MemorySegment packet) {
        if (ip.wrap(packet, 0, (int) packet.byteSize()).check() != Ipv6Packet.Check.OK) {
            return -1;
        }
        if (walker.walk(ip) != Ipv6ExtensionHeaders.Verdict.UPPER_LAYER
                || walker.upperLayerProtocol() != Ipv6Packet.ICMPV6) {
            return -2;
        }
        int at = walker.upperLayerOffset();
        icmp.wrap(packet, at, ip.length() - at);
        if (!icmp.check() || !icmp.checksumValid(ip)) {
            return -3;
        }
        return at;
    }

    /** @return the upper-layer offset of the kernel's Echo Request */
    @Benchmark
    public int echoRequest() {
        return receiveIcmpv6(echo) + icmp.identifier();
    }

    /** @return the upper-layer offset of a three-header chain */
    @Benchmark
    public int extensionChain() {
        return receiveIcmpv6(chain) + walker.routerAlert();
    }

    /** @return low bits of the solicitor's link-layer address, or a negative reason */
    @Benchmark
    public long neighborSolicitation() {
        int at = receiveIcmpv6(solicitation);
        if (at < 0) {
            return at;
        }
        ndp.wrap(solicitation, at, ip.length() - at);
        if (ndp.check(ip) != NdpPacket.Check.OK) {
            return -4;
        }
        NdpOptions o = ndp.options(options);
        int sllao = o.find(NdpOptions.SOURCE_LINK_LAYER_ADDRESS);
        return sllao < 0 ? -5 : o.linkLayerAddress(sllao) + ndp.targetAddressLow();
    }
}
