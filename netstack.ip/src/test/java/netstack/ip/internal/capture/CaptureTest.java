package netstack.ip.internal.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import netstack.api.link.LinkType;
import netstack.api.link.PacketBuffer;
import netstack.ip.buffer.PacketPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Capture} end to end: frames of every length from several threads read back by tshark and by a strict
 * parser, snaplen truncation, both ring bounds with exact drop counts, concurrent producers, stop under load,
 * unwritable files and I/O errors (never thrown to producers), the interface filter, hot-swapped link types,
 * timestamps, and the allocation-free data path.
 */
class CaptureTest {

    private static final IntFunction<String> NAMES = index -> "eth" + index;
    private static final long EPOCH_2023_NANOS = 1_700_000_000_000_000_000L;

    @TempDir
    Path dir;

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static boolean record(Capture c, int index, LinkType type, Direction direction, byte[] frame,
            long timestampNanos) {
        return c.record(index, type, direction, MemorySegment.ofArray(frame), 0, frame.length, timestampNanos);
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    private static void assertClean(CaptureStats s, long captured) {
        assertEquals(Capture.State.STOPPED, s.state());
        assertEquals(captured, s.capturedPackets());
        assertEquals(captured, s.writtenPackets());
        assertEquals(0, s.lostPackets());
        assertEquals(0, s.ioErrors());
        assertNull(s.error());
    }

    // ---- what ends up in the file ----

    @Test
    void framesOfEveryLengthFromSeveralThreadsTruncatedAtSnaplen() throws Exception {
        int snaplen = 65535;
        int[] lengths = {0, 1, 13, 14, 41, 42, 43, 60, 64, 100, 1499, 1500, 1514, 1518, 4096, 9000, 9018, 65534,
            65535, 65536, 65549, 65550, 100_000, 262_144, 300_000};
        int producers = 4;
        Path file = dir.resolve("lengths.pcapng");
        Capture c = Capture.start(file, Capture.Options.defaults().withSnaplen(snaplen), NAMES);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    for (int seq = 0; seq < lengths.length; seq++) {
                        // Each producer is its own interface and both directions occur on each.
                        byte[] frame = Frames.ethernetUdp(lengths[seq], producer, seq);
                        Direction d = seq % 2 == 0 ? Direction.INBOUND : Direction.OUTBOUND;
                        if (!record(c, producer, LinkType.ETHERNET, d, frame, EPOCH_2023_NANOS + producer * 1000L
                                + seq)) {
                            throw new AssertionError("frame " + producer + "/" + seq + " not captured");
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), () -> "producer failures: " + failures);
        CaptureStats stats = c.stop();
        assertClean(stats, (long) producers * lengths.length);
        assertEquals(0, stats.droppedPackets());
        assertEquals(Files.size(file), stats.writtenBytes());

        PcapngFile f = PcapngFile.read(file);
        assertEquals("netstack", f.userApplication);
        assertEquals(producers, f.interfaces.size());
        Map<String, Integer> idByName = new HashMap<>();
        for (int id = 0; id < f.interfaces.size(); id++) {
            PcapngFile.Interface itf = f.interfaces.get(id);
            assertEquals(PcapngWriter.LINKTYPE_ETHERNET, itf.linkType());
            assertEquals(snaplen, itf.snaplenBytes());
            assertEquals(9, itf.tsresol());
            idByName.put(itf.name(), id);
        }
        assertEquals(producers * lengths.length, f.packets.size());
        int[] nextSeq = new int[producers];
        for (PcapngFile.Packet packet : f.packets) {
            int producer = Integer.parseInt(f.interfaces.get(packet.interfaceId()).name().substring(3));
            assertEquals(idByName.get("eth" + producer), packet.interfaceId());
            int seq = (int) (packet.timestampNanos() - EPOCH_2023_NANOS - producer * 1000L);
            assertEquals(nextSeq[producer]++, seq, "each producer's frames stay in order");
            int length = lengths[seq];
            assertEquals(length, packet.originalLength());
            assertEquals(Math.min(length, snaplen), packet.capturedLength());
            assertArrayEquals(Arrays.copyOf(Frames.ethernetUdp(length, producer, seq), packet.capturedLength()),
                    packet.data(), "bytes of " + producer + "/" + seq);
            assertEquals(seq % 2 == 0 ? 1 : 2, packet.direction());
        }

        List<String[]> rows = Tshark.fields(file, "frame.len", "frame.cap_len", "frame.interface_name",
                "frame.time_epoch", "frame.packet_flags_direction", "_ws.expert.severity");
        assertEquals(f.packets.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            PcapngFile.Packet packet = f.packets.get(i);
            String[] row = rows.get(i);
            String where = "frame " + (i + 1) + " " + Arrays.toString(row);
            assertEquals("" + packet.originalLength(), row[0], where);
            assertEquals("" + packet.capturedLength(), row[1], where);
            assertEquals(f.interfaces.get(packet.interfaceId()).name(), row[2], where);
            assertEquals(String.format("%d.%09d", packet.timestampNanos() / 1_000_000_000L,
                    packet.timestampNanos() % 1_000_000_000L), row[3], where);
            assertEquals(packet.direction() == 1 ? "0x00000001" : "0x00000002", row[4], where);
            // Runts shorter than Ethernet + IPv4 + UDP are malformed by construction; everything else, including
            // frames cut at the snaplen and frames with an Ethernet trailer, dissects without any expert info.
            boolean runt = packet.originalLength() < Frames.MIN_ETHERNET_UDP_BYTES;
            assertEquals(runt, !row[5].isEmpty(), where);
        }
    }

    @Test
    void wellFormedTrafficOnEthernetAndRawIpLinksDissectsCleanly() throws Exception {
        Path file = dir.resolve("clean.pcapng");
        IntFunction<String> names = index -> index == 1 ? "lo" : "tap" + index;
        Capture c = Capture.start(file, Capture.Options.defaults().withSnaplen(1500), names);
        int count = 0;
        for (int seq = 0; seq < 40; seq++) {
            int length = Frames.MIN_ETHERNET_UDP_BYTES + seq * 211; // 42 .. 8271: some cut at 1500
            Direction d = seq % 3 == 0 ? Direction.INBOUND : Direction.OUTBOUND;
            assertTrue(record(c, 2, LinkType.ETHERNET, d, Frames.ethernetUdp(length, 1, seq), EPOCH_2023_NANOS
                    + seq));
            assertTrue(record(c, 1, LinkType.RAW_IP, d, Frames.ipv4Udp(length - 14, 2, seq), EPOCH_2023_NANOS
                    + seq));
            count += 2;
        }
        assertClean(c.stop(), count);
        assertTrue(Tshark.expert(file).isBlank(), "tshark has no expert info for any frame");
        String verbose = Tshark.verbose(file);
        assertFalse(verbose.contains("Malformed"), "no malformed frame");
        assertTrue(verbose.contains("Interface name: tap2") && verbose.contains("Interface name: lo"));

        List<String[]> rows = Tshark.fields(file, "frame.interface_name", "frame.protocols", "ip.src", "ip.dst",
                "ip.id", "udp.srcport", "frame.cap_len", "frame.len", "ip.checksum.status", "udp.checksum.status");
        assertEquals(count, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            int seq = i / 2;
            boolean ethernet = i % 2 == 0;
            int length = Frames.MIN_ETHERNET_UDP_BYTES + seq * 211 - (ethernet ? 0 : 14);
            String where = Arrays.toString(row);
            assertEquals(ethernet ? "tap2" : "lo", row[0], where);
            boolean payload = length > (ethernet ? Frames.MIN_ETHERNET_UDP_BYTES : 28);
            assertEquals((ethernet ? "eth:ethertype:ip:udp" : "raw:ip:udp") + (payload ? ":data" : ""), row[1],
                    where);
            assertEquals("192.0.2.1", row[2], where);
            assertEquals("192.0.2.2", row[3], where);
            assertEquals(String.format("0x%04x", seq), row[4], where);
            assertEquals(ethernet ? "49153" : "49154", row[5], where);
            assertEquals("" + Math.min(length, 1500), row[6], where);
            assertEquals("" + length, row[7], where);
            assertEquals("1", row[8], "IPv4 header checksum verified good: " + where);
            // A UDP checksum can only be verified over the whole datagram.
            assertEquals(length <= 1500 ? "1" : "2", row[9], where);
        }
    }

    @Test
    void idleCaptureIsAValidEmptyFile() throws Exception {
        Path file = dir.resolve("idle.pcapng");
        Capture c = Capture.start(file, Capture.Options.defaults(), NAMES);
        assertEquals(Capture.State.RUNNING, c.state());
        assertClean(c.stop(), 0);
        PcapngFile f = PcapngFile.read(file);
        assertEquals(List.of(0x0A0D0D0A), f.blockTypes);
        assertTrue(Tshark.fields(file, "frame.len").isEmpty());
    }

    @Test
    void packetBufferWindowTimestampOffsetAndOwnership() throws Exception {
        Path file = dir.resolve("buffer.pcapng");
        long monotonicNow = 5_000;
        long offset = EPOCH_2023_NANOS - monotonicNow; // wall clock minus monotonic clock, read once at start
        Capture c = Capture.start(file, Capture.Options.defaults().withTimestampOffset(offset), NAMES);
        byte[] frame = Frames.ethernetUdp(300, 0, 1);
        try (PacketPool pool = new PacketPool(new PacketPool.Options(true, 128, 8, false, null))) {
            PacketBuffer buffer = pool.allocate(2048);
            buffer.appendFrom(ByteBuffer.wrap(frame));
            assertTrue(c.record(0, LinkType.ETHERNET, Direction.OUTBOUND, buffer, monotonicNow + 7));
            // The capture copied the frame: the caller may reuse and release its buffer at once.
            buffer.segment().fill((byte) 0x55);
            buffer.release();
            assertFalse(c.record(0, LinkType.ETHERNET, Direction.OUTBOUND, (PacketBuffer) null, 0));
        }
        CaptureStats s = c.stop();
        assertEquals(1, s.capturedPackets());
        assertEquals(1, s.invalidPackets());
        PcapngFile.Packet p = PcapngFile.read(file).packets.get(0);
        assertArrayEquals(frame, p.data());
        assertEquals(EPOCH_2023_NANOS + 7, p.timestampNanos());
        assertEquals("1700000000.000000007", Tshark.fields(file, "frame.time_epoch").get(0)[0]);
    }

    @Test
    void linkTypeChangeUnderOneInterfaceGetsItsOwnDescription() throws Exception {
        Path file = dir.resolve("hotswap.pcapng");
        Capture c = Capture.start(file, Capture.Options.defaults(), index -> "tap" + index);
        assertTrue(record(c, 3, LinkType.ETHERNET, Direction.INBOUND, Frames.ethernetUdp(60, 0, 1), 1));
        assertTrue(record(c, 3, LinkType.RAW_IP, Direction.INBOUND, Frames.ipv4Udp(46, 0, 2), 2));
        assertTrue(record(c, 3, LinkType.ETHERNET, Direction.OUTBOUND, Frames.ethernetUdp(60, 0, 3), 3));
        assertClean(c.stop(), 3);
        PcapngFile f = PcapngFile.read(file);
        assertEquals(List.of(new PcapngFile.Interface(1, 262_144, "tap3", 9),
                new PcapngFile.Interface(101, 262_144, "tap3", 9)), f.interfaces);
        assertEquals(List.of(0, 1, 0), f.packets.stream().map(PcapngFile.Packet::interfaceId).toList());
        List<String[]> rows = Tshark.fields(file, "frame.protocols", "ip.id");
        assertArrayEquals(new String[] {"eth:ethertype:ip:udp:data", "0x0001"}, rows.get(0));
        assertArrayEquals(new String[] {"raw:ip:udp:data", "0x0002"}, rows.get(1));
        assertArrayEquals(new String[] {"eth:ethertype:ip:udp:data", "0x0003"}, rows.get(2));
    }

    @Test
    void interfaceNamesFallBackWhenTheLookupFails() throws Exception {
        Path file = dir.resolve("names.pcapng");
        Capture c = Capture.start(file, Capture.Options.defaults(), index -> {
            if (index == 5) {
                throw new IllegalStateException("no such interface");
            }
            return null;
        });
        assertTrue(record(c, 5, LinkType.ETHERNET, Direction.INBOUND, Frames.ethernetUdp(60, 0, 1), 1));
        assertTrue(record(c, 6, LinkType.ETHERNET, Direction.INBOUND, Frames.ethernetUdp(60, 0, 2), 2));
        assertClean(c.stop(), 2);
        assertEquals(List.of("if5", "if6"), PcapngFile.read(file).interfaces.stream()
                .map(PcapngFile.Interface::name).toList());
    }

    @Test
    void filterKeepsOneInterface() throws Exception {
        Path file = dir.resolve("filter.pcapng");
        Capture c = Capture.start(file, Capture.Options.defaults().withInterface(2), NAMES);
        assertTrue(c.captures(2));
        assertFalse(c.captures(1));
        for (int seq = 0; seq < 10; seq++) {
            byte[] frame = Frames.ethernetUdp(60 + seq, 0, seq);
            assertFalse(record(c, 1, LinkType.ETHERNET, Direction.INBOUND, frame, seq));
            assertTrue(record(c, 2, LinkType.ETHERNET, Direction.INBOUND, frame, seq));
        }
        CaptureStats s = c.stop();
        assertClean(s, 10);
        assertEquals(0, s.droppedPackets(), "filtered frames are not drops");
        assertEquals(0, s.invalidPackets());
        PcapngFile f = PcapngFile.read(file);
        assertEquals(List.of("eth2"), f.interfaces.stream().map(PcapngFile.Interface::name).toList());
        assertEquals(10, f.packets.size());
    }

    @Test
    void invalidCallsAreCountedNeverThrown() throws Exception {
        Path file = dir.resolve("invalid.pcapng");
        Capture c = Capture.start(file, Capture.Options.defaults(), NAMES);
        MemorySegment seg = MemorySegment.ofArray(new byte[100]);
        MemorySegment closed;
        try (Arena arena = Arena.ofConfined()) {
            closed = arena.allocate(100);
        }
        MemorySegment otherThreads;
        Arena confined = Arena.ofConfined();
        otherThreads = confined.allocate(100);
        boolean[] results = new boolean[11];
        Thread t = Thread.ofPlatform().start(() -> {
            results[0] = c.record(-1, LinkType.ETHERNET, Direction.INBOUND, seg, 0, 10, 0);
            results[1] = c.record(0, null, Direction.INBOUND, seg, 0, 10, 0);
            results[2] = c.record(0, LinkType.ETHERNET, null, seg, 0, 10, 0);
            results[3] = c.record(0, LinkType.ETHERNET, Direction.INBOUND, null, 0, 10, 0);
            results[4] = c.record(0, LinkType.ETHERNET, Direction.INBOUND, seg, 0, -1, 0);
            results[5] = c.record(0, LinkType.ETHERNET, Direction.INBOUND, seg, -1, 10, 0);
            results[6] = c.record(0, LinkType.ETHERNET, Direction.INBOUND, seg, 95, 10, 0);
            results[7] = c.record(0, LinkType.ETHERNET, Direction.INBOUND, seg, Long.MAX_VALUE, 10, 0);
            results[8] = c.record(0, LinkType.ETHERNET, Direction.INBOUND, closed, 0, 10, 0);
            // Confined to the test thread: reading it here fails inside the copy, after ring space was claimed.
            results[9] = c.record(0, LinkType.ETHERNET, Direction.INBOUND, otherThreads, 0, 10, 0);
            results[10] = c.record(0, LinkType.ETHERNET, Direction.INBOUND, seg, 90, 10, 0);
        });
        t.join();
        confined.close();
        for (int i = 0; i < 10; i++) {
            assertFalse(results[i], "call " + i);
        }
        assertTrue(results[10], "the one valid call");
        CaptureStats s = c.stop();
        assertEquals(10, s.invalidPackets());
        assertClean(s, 1);
        assertEquals(1, PcapngFile.read(file).packets.size());
    }

    // ---- bounds ----

    @Test
    void fullRingDropsAndCountsExactly() throws Exception {
        // Snaplen 128: every record takes 32 + 128 bytes, so the smallest ring allowed, 320 bytes, holds two.
        Capture.Options options = Capture.Options.defaults().withSnaplen(128).withRing(320, 1000);
        TestChannels.Memory channel = new TestChannels.Memory(Integer.MAX_VALUE, Long.MAX_VALUE, true);
        Capture c = Capture.start(channel, "gated", options, NAMES);
        channel.awaitWriteEntered(); // the idle writer is flushing the section header, held at the gate
        byte[] frame = Frames.ethernetUdp(200, 0, 0);
        int accepted = 0;
        for (int i = 0; i < 50; i++) {
            if (record(c, 0, LinkType.ETHERNET, Direction.INBOUND, frame, i)) {
                accepted++;
                assertTrue(i < 2, "only the first two fit");
            }
        }
        assertEquals(2, accepted);
        CaptureStats during = c.stats();
        assertEquals(Capture.State.RUNNING, during.state());
        assertEquals(2, during.capturedPackets());
        assertEquals(48, during.droppedPackets());
        assertEquals(0, during.writtenPackets());

        channel.release();
        await("the writer to drain the ring", () -> c.stats().writtenPackets() == 2);
        assertTrue(record(c, 0, LinkType.ETHERNET, Direction.OUTBOUND, frame, 100), "room again once drained");
        CaptureStats s = c.stop();
        assertClean(s, 3);
        assertEquals(48, s.droppedPackets());
        assertEquals(s.writtenBytes(), channel.toByteArray().length);

        PcapngFile f = PcapngFile.parse(channel.toByteArray());
        assertEquals(List.of(0L, 1L, 100L), f.packets.stream().map(PcapngFile.Packet::timestampNanos).toList());
        for (PcapngFile.Packet p : f.packets) {
            assertEquals(128, p.capturedLength());
            assertEquals(200, p.originalLength());
        }
        Path file = dir.resolve("tiny.pcapng");
        Files.write(file, channel.toByteArray());
        List<String[]> rows = Tshark.fields(file, "frame.len", "frame.cap_len");
        assertEquals(3, rows.size());
        rows.forEach(r -> assertArrayEquals(new String[] {"200", "128"}, r));
    }

    @Test
    void recordLimitDropsAndCountsExactly() throws Exception {
        Capture.Options options = Capture.Options.defaults().withRing(8 << 20, 3);
        TestChannels.Memory channel = new TestChannels.Memory(Integer.MAX_VALUE, Long.MAX_VALUE, true);
        Capture c = Capture.start(channel, "gated", options, NAMES);
        channel.awaitWriteEntered();
        byte[] frame = Frames.ethernetUdp(60, 0, 0);
        for (int i = 0; i < 10; i++) {
            assertEquals(i < 3, record(c, 0, LinkType.ETHERNET, Direction.INBOUND, frame, i));
        }
        channel.release();
        CaptureStats s = c.stop();
        assertClean(s, 3);
        assertEquals(7, s.droppedPackets());
        assertEquals(3, PcapngFile.parse(channel.toByteArray()).packets.size());
    }

    @Test
    void optionsAreValidated() {
        Capture.Options d = Capture.Options.defaults();
        assertEquals(PcapngWriter.MAX_SNAPLEN_BYTES, d.snaplenBytes());
        assertEquals(Capture.Options.ALL_INTERFACES, d.interfaceIndex());
        assertThrows(IllegalArgumentException.class, () -> d.withSnaplen(0));
        assertThrows(IllegalArgumentException.class, () -> d.withSnaplen(PcapngWriter.MAX_SNAPLEN_BYTES + 1));
        assertThrows(IllegalArgumentException.class, () -> d.withSnaplen(128).withRing(319, 10));
        assertThrows(IllegalArgumentException.class, () -> d.withRing((1 << 30) + 8, 10));
        assertThrows(IllegalArgumentException.class, () -> d.withRing(1 << 20, 0));
        assertThrows(IllegalArgumentException.class, () -> d.withInterface(-2));
        assertEquals(320, d.withSnaplen(128).withRing(327, 1).ringBytes() & ~7, "rounded down to 8");
    }

    // ---- concurrency and lifecycle ----

    @Test
    void concurrentProducersEveryAcceptedFrameReachesTheFile() throws Exception {
        int producers = 4;
        int perProducer = 5000;
        Path file = dir.resolve("concurrent.pcapng");
        Capture c = Capture.start(file, Capture.Options.defaults().withRing(4 << 20, 4096), NAMES);
        long[] accepted = new long[producers];
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    byte[][] frames = new byte[8][];
                    for (int i = 0; i < frames.length; i++) {
                        frames[i] = Frames.ethernetUdp(60 + i * 200, producer, i);
                    }
                    for (int seq = 0; seq < perProducer; seq++) {
                        byte[] frame = frames[seq % frames.length];
                        if (record(c, producer % 2, LinkType.ETHERNET, Direction.OUTBOUND, frame,
                                (long) producer << 32 | seq)) {
                            accepted[producer]++;
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        CaptureStats s = c.stop();
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        long total = Arrays.stream(accepted).sum();
        assertClean(s, total);
        assertEquals((long) producers * perProducer, s.capturedPackets() + s.droppedPackets());

        PcapngFile f = PcapngFile.read(file);
        assertEquals(total, f.packets.size());
        long[] last = {-1, -1, -1, -1};
        long[] perFile = new long[producers];
        for (PcapngFile.Packet p : f.packets) {
            int producer = (int) (p.timestampNanos() >>> 32);
            long seq = p.timestampNanos() & 0xFFFFFFFFL;
            assertTrue(seq > last[producer], "producer order kept");
            last[producer] = seq;
            perFile[producer]++;
            assertEquals(60 + (seq % 8) * 200, p.originalLength());
            assertEquals(Frames.ethernetUdp(p.originalLength(), producer, (int) (seq % 8))[40], p.data()[40],
                    "UDP checksum byte of the right frame");
        }
        assertArrayEquals(accepted, perFile);
        assertEquals(total, Tshark.fields(file, "frame.len").size());
    }

    @Test
    void stopWhileProducersRun() throws Exception {
        int producers = 4;
        Path file = dir.resolve("stop.pcapng");
        Capture c = Capture.start(file, Capture.Options.defaults().withSnaplen(2000).withRing(1 << 20, 1024),
                NAMES);
        AtomicBoolean quit = new AtomicBoolean();
        CountDownLatch warmedUp = new CountDownLatch(producers);
        long[] accepted = new long[producers];
        long[] afterStop = new long[producers];
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    byte[] frame = Frames.ethernetUdp(1514, producer, 0);
                    long calls = 0;
                    while (!quit.get()) {
                        boolean stoppedBefore = c.state() == Capture.State.STOPPED;
                        boolean ok = record(c, producer, LinkType.ETHERNET, Direction.INBOUND, frame,
                                (long) producer << 32 | calls);
                        if (ok) {
                            accepted[producer]++;
                            if (stoppedBefore) {
                                afterStop[producer]++;
                            }
                        }
                        if (++calls == 1000) {
                            warmedUp.countDown();
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        assertTrue(warmedUp.await(30, TimeUnit.SECONDS));
        CaptureStats stopped = c.stop();
        assertEquals(Capture.State.STOPPED, stopped.state());
        assertFalse(threadAlive(c.writerThreadName()), "writer thread finished");
        // Producers keep calling after the stop for a while: they must be ignored, not blocked, not thrown at.
        long before = Arrays.stream(accepted).sum();
        for (int i = 0; i < 1000; i++) {
            assertFalse(record(c, 0, LinkType.ETHERNET, Direction.INBOUND, Frames.ethernetUdp(60, 0, 0), 0));
        }
        quit.set(true);
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        assertEquals(0, Arrays.stream(afterStop).sum(), "nothing accepted once stopped");
        long total = Arrays.stream(accepted).sum();
        assertTrue(total >= before && total > 0);
        assertClean(c.stats(), total);
        assertEquals(stopped, c.stats(), "counters are final after stop");
        assertEquals(total, PcapngFile.read(file).packets.size());
        assertEquals(total, Tshark.fields(file, "frame.len").size());
    }

    @Test
    void stopIsIdempotentFromSeveralThreads() throws Exception {
        Path file = dir.resolve("stops.pcapng");
        Capture c = Capture.start(file, Capture.Options.defaults(), NAMES);
        assertTrue(record(c, 0, LinkType.ETHERNET, Direction.INBOUND, Frames.ethernetUdp(60, 0, 0), 1));
        String name = c.writerThreadName();
        assertTrue(name.startsWith("netstack-capture-") && name.endsWith("stops.pcapng"), name);
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(name) && t.isDaemon()), "a daemon writer thread");
        CaptureStats[] results = new CaptureStats[3];
        Thread a = Thread.ofPlatform().start(() -> results[0] = c.stop());
        Thread b = Thread.ofPlatform().start(() -> results[1] = c.stop());
        a.join();
        b.join();
        results[2] = c.stop(Duration.ofSeconds(1));
        c.close();
        for (CaptureStats s : results) {
            assertClean(s, 1);
            assertEquals(results[0], s);
        }
        assertEquals(file.toString(), c.target());
        assertEquals(1, PcapngFile.read(file).packets.size());
    }

    @Test
    void stopWaitsForAFrameStillBeingCopied() throws Exception {
        TestChannels.Memory channel = new TestChannels.Memory();
        Capture c = Capture.start(channel, "straggler", Capture.Options.defaults(), NAMES);
        byte[] frame = Frames.ethernetUdp(60, 0, 0);
        // A producer that claimed ring space before the stop and has not finished copying into it.
        int at = c.ring().claim(frame.length);
        assertTrue(at >= 0);
        CaptureStats waiting = c.stop(Duration.ofMillis(50));
        assertEquals(Capture.State.STOPPING, waiting.state(), "the writer waits for the claimed frame");
        assertFalse(record(c, 0, LinkType.ETHERNET, Direction.INBOUND, frame, 2), "new frames are refused");
        int tag = LinkType.ETHERNET.ordinal() << 8 | Direction.INBOUND.ordinal();
        assertEquals(CaptureRing.OFFERED, c.ring().write(at, tag, 1, 0, frame.length, MemorySegment.ofArray(frame),
                0, frame.length));
        assertClean(c.stop(), 1);
        assertArrayEquals(frame, PcapngFile.parse(channel.toByteArray()).packets.get(0).data());
    }

    @Test
    void stopGivesUpOnAProducerStalledPastTheTimeout() throws Exception {
        TestChannels.Memory channel = new TestChannels.Memory();
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(50);
        Capture c = Capture.start(channel, "stalled", Capture.Options.defaults(), NAMES, timeoutNanos);
        byte[] frame = Frames.ethernetUdp(60, 0, 0);
        assertTrue(record(c, 0, LinkType.ETHERNET, Direction.INBOUND, frame, 1));
        int at = c.ring().claim(frame.length); // never written before the stop gives up
        long started = System.nanoTime();
        CaptureStats s = c.stop();
        assertTrue(System.nanoTime() - started >= timeoutNanos, "waited for the straggler");
        assertClean(s, 1);
        assertEquals(1, PcapngFile.parse(channel.toByteArray()).packets.size(), "the file is complete and valid");
        // The producer finally finishes: harmless, and its frame shows as captured but lost.
        int tag = LinkType.ETHERNET.ordinal() << 8 | Direction.INBOUND.ordinal();
        assertEquals(CaptureRing.OFFERED, c.ring().write(at, tag, 2, 0, frame.length, MemorySegment.ofArray(frame),
                0, frame.length));
        assertEquals(1, c.stats().lostPackets());
        assertEquals(Capture.State.STOPPED, c.stats().state());
    }

    // ---- errors ----

    @Test
    void unwritablePathFailsAtStartWithAMessage() throws Exception {
        Path missingParent = dir.resolve("no/such/dir/x.pcapng");
        IOException e = assertThrows(IOException.class,
                () -> Capture.start(missingParent, Capture.Options.defaults(), NAMES));
        assertTrue(e.getMessage().contains(missingParent.toString()), e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot write capture file"), e.getMessage());

        IOException isDir = assertThrows(IOException.class,
                () -> Capture.start(dir, Capture.Options.defaults(), NAMES));
        assertTrue(isDir.getMessage().contains(dir.toString()), isDir.getMessage());
        assertFalse(threadAlive("netstack-capture-" + missingParent) || threadAlive("netstack-capture-" + dir),
                "no writer thread was left behind");
    }

    @Test
    void diskFullEndsTheCaptureWithoutDisturbingProducers() throws Exception {
        Path full = Path.of("/dev/full");
        assertTrue(Files.isWritable(full), "/dev/full is part of every Linux system this runs on");
        Capture c = Capture.start(full, Capture.Options.defaults(), NAMES);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int producer = p;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    byte[] frame = Frames.ethernetUdp(1514, producer, 0);
                    while (c.state() == Capture.State.RUNNING) {
                        record(c, producer, LinkType.ETHERNET, Direction.OUTBOUND, frame, 0);
                    }
                    for (int i = 0; i < 1000; i++) {
                        if (record(c, producer, LinkType.ETHERNET, Direction.OUTBOUND, frame, 0)) {
                            throw new AssertionError("accepted after the failure");
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        await("the capture to fail", () -> c.state() == Capture.State.FAILED);
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), () -> "producers saw: " + failures);
        CaptureStats s = c.stop();
        assertEquals(Capture.State.FAILED, s.state());
        assertEquals(1, s.ioErrors());
        assertTrue(s.error().contains("/dev/full") && s.error().contains("No space left on device"), s.error());
        assertEquals(0, s.writtenBytes());
        assertEquals(s.capturedPackets(), s.lostPackets() + s.writtenPackets());
        assertEquals(s, c.stop(), "stop after failure is idempotent");
        assertFalse(threadAlive(c.writerThreadName()));
    }

    @Test
    void ioErrorMidCaptureIsReportedAndKeepsWhatWasWritten() throws Exception {
        TestChannels.Memory channel = new TestChannels.Memory(Integer.MAX_VALUE, 5000, false);
        Capture c = Capture.start(channel, "failing", Capture.Options.defaults(), NAMES);
        byte[] frame = Frames.ethernetUdp(1000, 0, 0);
        int calls = 0;
        while (c.state() == Capture.State.RUNNING) {
            record(c, 0, LinkType.ETHERNET, Direction.INBOUND, frame, calls++);
            if (calls % 8 == 0) {
                LockSupport.parkNanos(100_000); // let the writer flush batches, so the failure comes mid-stream
            }
            assertTrue(calls < 10_000_000, "the channel should have failed by now");
        }
        await("the writer to finish", () -> !threadAlive(c.writerThreadName()));
        CaptureStats s = c.stats();
        assertEquals(Capture.State.FAILED, s.state());
        assertEquals(1, s.ioErrors());
        assertTrue(s.error().startsWith("capture to failing failed: IOException: injected failure"), s.error());
        assertEquals(5000, s.writtenBytes());
        assertEquals(5000, channel.toByteArray().length);
        assertFalse(channel.isOpen(), "the channel is closed after the failure");
        assertTrue(s.lostPackets() > 0);
        assertFalse(record(c, 0, LinkType.ETHERNET, Direction.INBOUND, frame, 0));
        assertSame(Capture.State.FAILED, c.stop().state());
    }

    // ---- allocation ----

    @Test
    void recordIsAllocationFreeInSteadyState() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        Capture c = Capture.start(dir.resolve("alloc.pcapng"), Capture.Options.defaults().withSnaplen(128)
                .withRing(64 << 10, 256), NAMES);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(1514);
            MemorySegment.copy(Frames.ethernetUdp(1514, 0, 0), 0, frame, java.lang.foreign.ValueLayout.JAVA_BYTE,
                    0, 1514);
            int calls = 200_000;
            // Warm up: let the JIT compile the path, and the writer meet the interfaces.
            for (int i = 0; i < calls; i++) {
                c.record(i & 1, LinkType.ETHERNET, Direction.INBOUND, frame, 0, 1514, i);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                c.record(i & 1, LinkType.ETHERNET, (i & 2) == 0 ? Direction.INBOUND : Direction.OUTBOUND, frame, 0,
                        1514, i);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // One object per call would be at least 16 bytes x 200 000; this bound allows a few stray ones.
            assertTrue(allocated < 64 * 1024, "record() allocated " + allocated + " bytes in " + calls + " calls");
        }
        CaptureStats s = c.stop();
        assertEquals(400_000, s.capturedPackets() + s.droppedPackets(), "every call was captured or dropped");
        assertClean(new CaptureStats(s.state(), s.capturedPackets(), 0, 0, s.writtenPackets(), 0, 0, null),
                s.capturedPackets());
    }
}
