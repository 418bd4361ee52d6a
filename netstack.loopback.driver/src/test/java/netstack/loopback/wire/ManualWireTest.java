package netstack.loopback.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import netstack.api.link.LinkOffload;
import netstack.api.link.LinkType;
import netstack.api.link.PacketBuffer;
import netstack.api.net.MacAddress;
import org.junit.jupiter.api.Test;

/** The wire on a manual clock: exact times, the impairment steps one by one, attachment, determinism. */
class ManualWireTest {

    private static final long MS = 1_000_000;

    private static Wire.Builder manual() {
        return Wire.builder().name("t").manualClock(new ManualClock());
    }

    @Test
    void describesItselfAsAnEthernetDriver() {
        try (Bench b = new Bench(manual().mtu(9000).macs(MacAddress.parse("02:00:00:00:00:0a"),
                MacAddress.parse("02:00:00:00:00:0b")).interfaceNames("left", "right"))) {
            WireEnd a = b.wire.a();
            assertEquals("left", a.interfaceName());
            assertEquals("right", b.wire.b().interfaceName());
            assertEquals(LinkType.ETHERNET, a.linkType());
            assertEquals(9000, a.mtu());
            assertEquals(9018, a.maxFrameBytes());
            assertEquals(MacAddress.parse("02:00:00:00:00:0a"), a.macAddress());
            assertEquals(MacAddress.parse("02:00:00:00:00:0b"), b.wire.b().macAddress());
            assertEquals(Set.of(), a.offloads());
            assertEquals(b.wire.b(), a.peer());
            assertEquals(a, b.wire.b().peer());
            assertEquals(Wire.Direction.A_TO_B, a.transmitDirection());
            assertTrue(a.description().contains("left") && a.description().contains("right"));
        }
    }

    @Test
    void defaultMacsAreUnicastLocalAndFollowTheSeed() {
        try (Wire w1 = manual().seed(5).build(); Wire w2 = manual().seed(5).build();
                Wire w3 = manual().seed(6).build()) {
            MacAddress a = w1.a().macAddress();
            assertFalse(a.isMulticast());
            assertTrue(a.isLocallyAdministered());
            assertNotEquals(a, w1.b().macAddress());
            assertEquals(a, w2.a().macAddress());
            assertEquals(w1.b().macAddress(), w2.b().macAddress());
            assertNotEquals(a, w3.a().macAddress());
        }
    }

    @Test
    void builderRefusesWhatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> Wire.builder().mtu(67));
        assertThrows(IllegalArgumentException.class, () -> Wire.builder().mtu(Wire.MAX_MTU_BYTES + 1));
        assertThrows(IllegalArgumentException.class, () -> Wire.builder().interfaceNames("x", "x").build());
        assertThrows(IllegalArgumentException.class, () -> Wire.builder().interfaceNames("a b", "c"));
        assertThrows(IllegalArgumentException.class, () -> Wire.builder().macs(MacAddress.BROADCAST, null));
        MacAddress same = MacAddress.parse("02:00:00:00:00:01");
        assertThrows(IllegalArgumentException.class, () -> Wire.builder().macs(same, same).build());
        assertThrows(IllegalArgumentException.class, () -> Wire.builder().capacityFrames(0));
        assertThrows(IllegalArgumentException.class,
                () -> Wire.builder().manualClock(new ManualClock()).mode(Wire.Mode.THREAD).build());
        assertThrows(IllegalStateException.class, () -> {
            try (Wire w = Wire.builder().mode(Wire.Mode.INLINE).build()) {
                w.manualClock();
            }
        });
    }

    @Test
    void delayIsExact() {
        try (Bench b = new Bench(manual().impairment(Impairment.NONE.withDelayNanos(5 * MS))).attach()) {
            assertTrue(b.sendA(1, 100));
            assertEquals(5 * MS, b.wire.nextDueNanos());
            assertEquals(0, b.wire.advanceTo(5 * MS - 1));
            assertTrue(b.ctxB.deliveries.isEmpty());
            assertEquals(1, b.ab().inFlightFrames());
            assertEquals(1, b.wire.advanceTo(5 * MS));
            TestContext.Delivery d = b.ctxB.deliveries.get(0);
            assertEquals(5 * MS, d.atNanos());
            assertArrayEquals(TestFrames.bytes(1, 100), d.bytes());
            assertEquals(0, d.flags());
            assertEquals(Long.MAX_VALUE, b.wire.nextDueNanos());
            WireCounters c = b.ab();
            assertEquals(1, c.sentFrames());
            assertEquals(100, c.sentBytes());
            assertEquals(1, c.deliveredFrames());
            assertEquals(100, c.deliveredBytes());
            assertEquals(0, c.inFlightFrames());
            assertTrue(c.balanced());
        }
    }

    @Test
    void zeroDelayFramesAreDeliveredAtTheSameInstant() {
        try (Bench b = new Bench(manual()).attach()) {
            b.wire.advanceTo(7 * MS);
            b.sendA(1, 60);
            b.sendA(2, 60);
            assertEquals(7 * MS, b.wire.nextDueNanos());
            assertEquals(2, b.wire.advanceTo(7 * MS));
            assertArrayEquals(new int[] {1, 2}, b.ctxB.sequences());
            assertEquals(7 * MS, b.ctxB.deliveries.get(1).atNanos());
        }
    }

    @Test
    void rateLimitSerializesFramesBackToBack() {
        // 8 Mbit/s: one byte per microsecond, so a 1000-byte frame occupies the link for exactly 1 ms.
        Impairment imp = Impairment.NONE.withRateBitsPerSecond(8_000_000).withDelayNanos(10 * MS);
        try (Bench b = new Bench(manual().impairment(imp)).attach()) {
            for (int i = 0; i < 3; i++) {
                assertTrue(b.sendA(i, 1000));
            }
            b.wire.advanceTo(100 * MS);
            assertEquals(List.of(11 * MS, 12 * MS, 13 * MS), times(b.ctxB));
            // An idle link starts the next frame at once: sent at 100 ms, it is on the link until 101 ms.
            b.sendA(3, 1000);
            b.wire.advanceTo(200 * MS);
            assertEquals(111 * MS, b.ctxB.deliveries.get(3).atNanos());
        }
    }

    @Test
    void frameOverheadCountsForTheRateOnly() {
        Impairment imp = Impairment.NONE.withRateBitsPerSecond(8_000_000)
                .withFrameOverheadBytes(Impairment.ETHERNET_OVERHEAD_BYTES);
        try (Bench b = new Bench(manual().impairment(imp)).attach()) {
            b.sendA(0, 1000);
            b.sendA(1, 1000);
            b.wire.advanceTo(10 * MS);
            assertEquals(List.of(1_024_000L, 2_048_000L), times(b.ctxB));
            assertEquals(1000, b.ctxB.deliveries.get(0).bytes().length);
        }
    }

    @Test
    void rateRemainderIsCarriedWhileTheLinkIsBusy() {
        // 100 bytes at 3 Gbit/s take 266.67 ns: the fractions add up, so three frames end at exactly 800 ns.
        try (Bench b = new Bench(manual().impairment(Impairment.NONE.withRateBitsPerSecond(3_000_000_000L)))
                .attach()) {
            for (int i = 0; i < 3; i++) {
                b.sendA(i, 100);
            }
            b.wire.advanceTo(MS);
            assertEquals(List.of(266L, 533L, 800L), times(b.ctxB));
        }
    }

    @Test
    void jitterStaysWithinItsBoundsAndNeverReorders() {
        Impairment imp = Impairment.NONE.withDelayNanos(MS).withJitterNanos(MS);
        try (Bench b = new Bench(manual().impairment(imp)).attach()) {
            // Frames 1 us apart: jitter would shuffle them; the FIFO keeps their order.
            for (int i = 0; i < 500; i++) {
                b.wire.advanceTo(i * 1_000L);
                b.sendA(i, 64);
            }
            b.wire.advanceTo(10 * MS);
            int[] sequences = b.ctxB.sequences();
            long previous = Long.MIN_VALUE;
            for (int i = 0; i < sequences.length; i++) {
                assertEquals(i, sequences[i]);
                long at = b.ctxB.deliveries.get(i).atNanos();
                assertTrue(at >= previous, "arrival times never decrease");
                assertTrue(at >= i * 1_000L + MS && at <= (499 * 1_000L) + 2 * MS, "within delay + jitter");
                previous = at;
            }
            assertEquals(0, b.ab().reorderedFrames());
        }
    }

    @Test
    void reorderedFrameSkipsTheDelayLine() {
        try (Bench b = new Bench(manual().impairment(Impairment.NONE.withDelayNanos(10 * MS))).attach()) {
            b.sendA(0, 64);
            b.wire.advanceTo(MS);
            b.wire.setImpairment(Wire.Direction.A_TO_B, b.wire.impairment(Wire.Direction.A_TO_B)
                    .withReorderProbability(1.0));
            b.sendA(1, 64);
            b.wire.setImpairment(Wire.Direction.A_TO_B, Impairment.NONE.withDelayNanos(10 * MS));
            b.sendA(2, 64);
            b.wire.advanceTo(20 * MS);
            assertArrayEquals(new int[] {1, 0, 2}, b.ctxB.sequences());
            assertEquals(List.of(MS, 10 * MS, 11 * MS), times(b.ctxB));
            assertEquals(1, b.ab().reorderedFrames());
        }
    }

    @Test
    void duplicateFollowsTheOriginalThroughTheLink() {
        Impairment imp = Impairment.NONE.withRateBitsPerSecond(8_000_000).withDuplicateProbability(1.0);
        try (Bench b = new Bench(manual().impairment(imp)).attach()) {
            b.sendA(9, 1000);
            b.wire.advanceTo(10 * MS);
            assertArrayEquals(new int[] {9, 9}, b.ctxB.sequences());
            assertEquals(List.of(MS, 2 * MS), times(b.ctxB));
            assertArrayEquals(b.ctxB.deliveries.get(0).bytes(), b.ctxB.deliveries.get(1).bytes());
            WireCounters c = b.ab();
            assertEquals(1, c.sentFrames());
            assertEquals(1, c.duplicatedFrames());
            assertEquals(2, c.deliveredFrames());
            assertTrue(c.balanced());
        }
    }

    @Test
    void corruptedFrameDiffersInExactlyOneBit() {
        try (Bench b = new Bench(manual().impairment(Impairment.NONE.withCorruptProbability(1.0))).attach()) {
            int[] lengths = {14, 15, 60, 61, 577, 1514, 1518};
            for (int i = 0; i < 300; i++) {
                b.sendA(i, lengths[i % lengths.length]);
            }
            b.wire.advanceTo(0);
            assertEquals(300, b.ctxB.deliveries.size());
            for (int i = 0; i < 300; i++) {
                TestContext.Delivery d = b.ctxB.deliveries.get(i);
                // The sequence number itself may be hit, so compare with the frame sent in that position.
                assertEquals(1, TestFrames.bitsDiffering(TestFrames.bytes(i, lengths[i % lengths.length]),
                        d.bytes()), "frame " + i);
            }
            assertEquals(300, b.ab().corruptedFrames());
        }
    }

    @Test
    void queueLimitInFramesTailDrops() {
        // 1 ms per frame on the link; the queue holds the frame being sent and two more.
        Impairment imp = Impairment.NONE.withRateBitsPerSecond(8_000_000).withQueueLimitFrames(3);
        try (Bench b = new Bench(manual().impairment(imp)).attach()) {
            assertTrue(b.sendA(0, 1000));
            assertTrue(b.sendA(1, 1000));
            assertTrue(b.sendA(2, 1000));
            assertFalse(b.sendA(3, 1000));
            assertFalse(b.sendA(4, 1000));
            assertEquals(2, b.ab().queueDroppedFrames());
            // At 1 ms frame 0 has left the queue: room for exactly one.
            b.wire.advanceTo(MS);
            assertTrue(b.sendA(5, 1000));
            assertFalse(b.sendA(6, 1000));
            b.wire.advanceTo(10 * MS);
            assertArrayEquals(new int[] {0, 1, 2, 5}, b.ctxB.sequences());
            assertEquals(List.of(MS, 2 * MS, 3 * MS, 4 * MS), times(b.ctxB));
            WireCounters c = b.ab();
            assertEquals(3, c.queueDroppedFrames());
            assertTrue(c.balanced());
        }
    }

    @Test
    void queueLimitInBytesTailDrops() {
        Impairment imp = Impairment.NONE.withRateBitsPerSecond(8_000_000).withQueueLimitBytes(2500);
        try (Bench b = new Bench(manual().impairment(imp)).attach()) {
            assertTrue(b.sendA(0, 1000));
            assertTrue(b.sendA(1, 1000));
            assertFalse(b.sendA(2, 1000));
            assertTrue(b.sendA(3, 500));
            assertFalse(b.sendA(4, 60));
            assertEquals(2, b.ab().queueDroppedFrames());
            b.wire.advanceTo(10 * MS);
            assertArrayEquals(new int[] {0, 1, 3}, b.ctxB.sequences());
        }
    }

    @Test
    void queueLimitNeedsARateToMatter() {
        try (Bench b = new Bench(manual().impairment(Impairment.NONE.withQueueLimitFrames(1)
                .withDelayNanos(MS))).attach()) {
            for (int i = 0; i < 10; i++) {
                assertTrue(b.sendA(i, 100));
            }
            b.wire.advanceTo(2 * MS);
            assertEquals(10, b.ctxB.deliveries.size());
        }
    }

    @Test
    void capacityBoundsTheFramesInFlight() {
        try (Bench b = new Bench(manual().capacityFrames(4).impairment(Impairment.NONE.withDelayNanos(MS)))
                .attach()) {
            for (int i = 0; i < 6; i++) {
                assertEquals(i < 4, b.sendA(i, 100));
            }
            assertEquals(2, b.ab().overflowDroppedFrames());
            b.wire.advanceTo(MS);
            assertTrue(b.sendA(6, 100));
            b.wire.advanceTo(3 * MS);
            assertArrayEquals(new int[] {0, 1, 2, 3, 6}, b.ctxB.sequences());
            assertTrue(b.ab().balanced());
        }
    }

    @Test
    void lostFramesAreAcceptedButNeverArrive() {
        try (Bench b = new Bench(manual().impairment(Impairment.NONE.withLossProbability(1.0))).attach()) {
            assertTrue(b.sendA(0, 100));
            b.wire.advanceTo(MS);
            assertTrue(b.ctxB.deliveries.isEmpty());
            assertEquals(1, b.ab().lostFrames());
            assertEquals(0, b.ctxB.receiveDiscards.get() + b.ctxA.otherDrops.get());
        }
    }

    @Test
    void directionsAreImpairedSeparately() {
        Wire.Builder builder = manual().impairment(Wire.Direction.A_TO_B, Impairment.NONE.withDelayNanos(2 * MS))
                .impairment(Wire.Direction.B_TO_A, Impairment.NONE.withDelayNanos(MS));
        try (Bench b = new Bench(builder).attach()) {
            b.sendA(1, 60);
            b.sendB(2, 60);
            assertEquals(MS, b.wire.nextDueNanos());
            b.wire.advanceTo(5 * MS);
            assertEquals(List.of(MS), times(b.ctxA));
            assertEquals(List.of(2 * MS), times(b.ctxB));
            assertEquals(Impairment.NONE.withDelayNanos(MS), b.wire.impairment(Wire.Direction.B_TO_A));
        }
    }

    @Test
    void simultaneousArrivalsFollowTheOrderSent() {
        List<String> order = new ArrayList<>();
        try (Bench b = new Bench(manual().impairment(Impairment.NONE.withDelayNanos(MS))).attach()) {
            b.ctxA.reaction = d -> order.add("A got " + d.sequence());
            b.ctxB.reaction = d -> order.add("B got " + d.sequence());
            b.sendB(1, 60);
            b.sendA(2, 60);
            b.sendB(3, 60);
            b.wire.advanceTo(MS);
            assertEquals(List.of("A got 1", "B got 2", "A got 3"), order);
        }
    }

    @Test
    void repliesSentDuringAdvanceAreDeliveredInTheSameCall() {
        try (Bench b = new Bench(manual().impairment(Impairment.NONE.withDelayNanos(MS))).attach()) {
            // B answers each frame below 5 with the next number; A does likewise: a ping-pong of 1 ms hops.
            b.ctxB.reaction = d -> {
                if (d.sequence() < 5) {
                    b.sendB(d.sequence() + 1, 60);
                }
            };
            b.ctxA.reaction = d -> {
                if (d.sequence() < 5) {
                    b.sendA(d.sequence() + 1, 60);
                }
            };
            b.sendA(0, 60);
            assertEquals(6, b.wire.advanceTo(100 * MS));
            assertEquals(List.of(MS, 3 * MS, 5 * MS), times(b.ctxB));
            assertEquals(List.of(2 * MS, 4 * MS, 6 * MS), times(b.ctxA));
            assertEquals(100 * MS, b.wire.nowNanos());
        }
    }

    @Test
    void advanceRefusesThePastAndReentry() {
        AtomicReference<Throwable> inner = new AtomicReference<>();
        try (Bench b = new Bench(manual()).attach()) {
            b.wire.advanceTo(10);
            assertThrows(IllegalArgumentException.class, () -> b.wire.advanceTo(9));
            assertThrows(IllegalArgumentException.class, () -> b.wire.advanceBy(-1));
            b.ctxB.reaction = d -> {
                try {
                    b.wire.advanceTo(20);
                } catch (Throwable e) {
                    inner.set(e);
                }
            };
            b.sendA(0, 60);
            b.wire.advanceBy(5);
            assertTrue(inner.get() instanceof IllegalStateException, String.valueOf(inner.get()));
            assertEquals(15, b.wire.manualClock().nowNanos());
        }
    }

    @Test
    void sharedClockIsMovedThroughEveryArrival() {
        ManualClock clock = new ManualClock(1_000);
        try (Bench b = new Bench(Wire.builder().manualClock(clock).impairment(Impairment.NONE.withDelayNanos(50)))
                .attach()) {
            b.sendA(0, 60);
            b.ctxB.reaction = d -> assertEquals(1_050, clock.nowNanos());
            b.wire.advanceTo(2_000);
            assertEquals(List.of(1_050L), times(b.ctxB));
            assertEquals(2_000, clock.nowNanos());
            assertThrows(IllegalArgumentException.class, () -> clock.advanceTo(1_999));
        }
    }

    @Test
    void invalidFramesAreRefused() {
        try (Bench b = new Bench(manual().mtu(1500)).attach()) {
            assertFalse(b.sendA(0, 13));
            assertFalse(b.sendA(0, 1519));
            assertTrue(b.sendA(1, 1518));
            assertTrue(b.sendA(2, 14));
            b.wire.advanceTo(0);
            assertEquals(2, b.ctxB.deliveries.size());
            assertEquals(2, b.ab().invalidFrames());
            assertTrue(b.ab().balanced());
        }
    }

    @Test
    void jumboFramesUpToMtu65535Cross() {
        try (Bench b = new Bench(manual().mtu(65535)).attach()) {
            assertTrue(b.sendA(1, 65535 + 14));
            assertTrue(b.sendA(2, 65535 + 18));
            assertFalse(b.sendA(3, 65535 + 19));
            b.wire.advanceTo(0);
            assertArrayEquals(TestFrames.bytes(1, 65535 + 14), b.ctxB.deliveries.get(0).bytes());
            assertArrayEquals(TestFrames.bytes(2, 65535 + 18), b.ctxB.deliveries.get(1).bytes());
        }
        try (Bench b = new Bench(manual().mtu(Wire.MAX_MTU_BYTES)).attach()) {
            assertTrue(b.sendB(4, Wire.MAX_MTU_BYTES + 14));
            b.wire.advanceTo(0);
            assertArrayEquals(TestFrames.bytes(4, Wire.MAX_MTU_BYTES + 14), b.ctxA.deliveries.get(0).bytes());
        }
    }

    @Test
    void anUnreadableFrameFailsTheCallerButLeaksNothing() {
        try (Bench b = new Bench(manual()).attach()) {
            PacketBuffer released = TestFrames.frame(b.poolA, 1, 60);
            released.release();
            assertThrows(IllegalStateException.class, () -> b.wire.a().transmit(released));
            assertEquals(0, b.poolB.outstanding(), "the receiver's buffer went back");
            assertEquals(1, b.ab().invalidFrames());
            assertTrue(b.ab().balanced());
        }
    }

    @Test
    void batchTransmitTakesEveryFrame() {
        try (Bench b = new Bench(manual()).attach()) {
            PacketBuffer[] frames = {null, TestFrames.frame(b.poolA, 1, 60), TestFrames.frame(b.poolA, 2, 5),
                TestFrames.frame(b.poolA, 3, 60)};
            assertEquals(2, b.wire.a().transmit(frames, 1, 3));
            assertNull(frames[1]);
            assertNull(frames[3]);
            b.wire.advanceTo(0);
            assertArrayEquals(new int[] {1, 3}, b.ctxB.sequences());
        }
    }

    @Test
    void carrierFollowsTheOtherEnd() {
        try (Bench b = new Bench(manual())) {
            assertFalse(b.wire.a().isLinkUp());
            b.wire.a().attach(b.ctxA);
            assertEquals(List.of(false), b.ctxA.linkStates);
            assertFalse(b.wire.a().isLinkUp());
            b.wire.b().attach(b.ctxB);
            assertEquals(List.of(false, true), b.ctxA.linkStates);
            assertEquals(List.of(true), b.ctxB.linkStates);
            assertTrue(b.wire.a().isLinkUp() && b.wire.b().isLinkUp());
            b.wire.b().detach();
            assertEquals(List.of(false, true, false), b.ctxA.linkStates);
            assertFalse(b.wire.a().isLinkUp());
            assertTrue(b.wire.b().isLinkUp(), "B's own carrier: A is still attached");
            b.wire.b().attach(b.ctxB);
            assertEquals(List.of(false, true, false, true), b.ctxA.linkStates);
            b.wire.close();
            assertEquals(false, b.ctxA.linkStates.getLast());
            assertEquals(false, b.ctxB.linkStates.getLast());
            assertFalse(b.wire.a().isLinkUp());
        }
    }

    @Test
    void attachingTwiceOrAfterCloseIsRefused() {
        try (Bench b = new Bench(manual()).attach()) {
            assertThrows(IllegalStateException.class, () -> b.wire.a().attach(b.ctxA));
            b.wire.close();
            b.wire.a().detach();
            assertThrows(IllegalStateException.class, () -> b.wire.a().attach(b.ctxA));
        }
    }

    @Test
    void detachDropsFramesInFlightAndReattachResumes() {
        try (Bench b = new Bench(manual().impairment(Impairment.NONE.withDelayNanos(MS))).attach()) {
            for (int i = 0; i < 3; i++) {
                b.sendA(i, 1000);
            }
            b.sendB(100, 1000);
            b.wire.advanceTo(MS / 2);
            b.wire.b().detach();
            assertEquals(0, b.poolB.outstanding(), "frames in flight to B were in B's buffers: all released");
            assertFalse(b.sendA(3, 1000), "nobody at the other end");
            WireCounters c = b.ab();
            assertEquals(4, c.detachedDroppedFrames());
            assertEquals(0, c.inFlightFrames());
            assertTrue(c.balanced());
            // The frame B sent before it was unplugged still reaches A.
            b.wire.advanceTo(2 * MS);
            assertArrayEquals(new int[] {100}, b.ctxA.sequences());
            assertTrue(b.ctxB.deliveries.isEmpty());

            TestContext again = new TestContext("b-again", b.poolB, b.wire::nowNanos);
            b.wire.b().attach(again);
            assertTrue(b.sendA(4, 1000));
            b.wire.advanceTo(4 * MS);
            assertArrayEquals(new int[] {4}, again.sequences());
            assertEquals(3 * MS, again.deliveries.get(0).atNanos());
            assertTrue(b.ab().balanced());
        }
    }

    @Test
    void detachFromInsideADeliveryStopsFurtherDeliveries() {
        try (Bench b = new Bench(manual()).attach()) {
            b.ctxB.reaction = d -> {
                b.wire.b().detach();
                b.ctxB.detached = true;
            };
            b.sendA(0, 60);
            b.sendA(1, 60);
            b.sendA(2, 60);
            b.wire.advanceTo(0);
            assertArrayEquals(new int[] {0}, b.ctxB.sequences());
            assertEquals(0, b.ctxB.deliveriesWhileDetached.get());
            assertEquals(2, b.ab().detachedDroppedFrames());
        }
    }

    @Test
    void receiverWithoutBuffersCountsADiscard() {
        try (Bench b = new Bench(manual()).attach()) {
            b.ctxB.starve = true;
            assertTrue(b.sendA(0, 60), "the wire took it; the receiving NIC had no buffer");
            assertEquals(1, b.ctxB.receiveDiscards.get());
            assertEquals(1, b.ab().noBufferFrames());
            b.ctxB.starve = false;
            b.sendA(1, 60);
            b.wire.advanceTo(0);
            assertArrayEquals(new int[] {1}, b.ctxB.sequences());
            assertTrue(b.ab().balanced());
        }
    }

    @Test
    void closeReleasesFramesInFlightAndRefusesMore() {
        Bench b = new Bench(manual().impairment(Impairment.NONE.withDelayNanos(MS))).attach();
        try (b) {
            for (int i = 0; i < 5; i++) {
                b.sendA(i, 500);
                b.sendB(i, 500);
            }
            b.wire.close();
            assertTrue(b.wire.isClosed());
            assertEquals(0, b.poolA.outstanding());
            assertEquals(0, b.poolB.outstanding());
            assertFalse(b.sendA(9, 60));
            assertEquals(6, b.ab().detachedDroppedFrames());
            assertEquals(5, b.ba().detachedDroppedFrames());
            b.wire.close();
        }
    }

    @Test
    void sameSeedSameRunOtherSeedOtherRun() {
        Run first = run(42);
        Run second = run(42);
        Run other = run(43);
        assertEquals(first.toB.size(), second.toB.size());
        for (int i = 0; i < first.toB.size(); i++) {
            assertEquals(first.toB.get(i).atNanos(), second.toB.get(i).atNanos(), "time of frame " + i);
            assertArrayEquals(first.toB.get(i).bytes(), second.toB.get(i).bytes(), "bytes of frame " + i);
        }
        assertEquals(first.toA.size(), second.toA.size());
        for (int i = 0; i < first.toA.size(); i++) {
            assertEquals(first.toA.get(i).atNanos(), second.toA.get(i).atNanos());
            assertArrayEquals(first.toA.get(i).bytes(), second.toA.get(i).bytes());
        }
        assertEquals(first.ab, second.ab);
        assertEquals(first.ba, second.ba);
        assertNotEquals(first.ab, other.ab);
        // Every impairment fired, so the comparison above covered all of them.
        assertTrue(first.ab.lostFrames() > 0 && first.ab.duplicatedFrames() > 0 && first.ab.corruptedFrames() > 0
                && first.ab.reorderedFrames() > 0 && first.ab.queueDroppedFrames() > 0, first.ab.toString());
        assertTrue(first.ba.deliveredFrames() > 0 && first.ba.lostFrames() > 0, first.ba.toString());
        assertTrue(first.ab.balanced() && first.ba.balanced());
        assertEquals(0, first.ab.inFlightFrames());
    }

    private record Run(List<TestContext.Delivery> toB, List<TestContext.Delivery> toA, WireCounters ab,
            WireCounters ba) {
    }

    /** A busy bidirectional run with every impairment: B echoes every third frame it receives, from deliver. */
    private static Run run(long seed) {
        Impairment imp = Impairment.NONE.withLossProbability(0.05).withDelayNanos(2 * MS).withJitterNanos(MS)
                .withReorderProbability(0.1).withDuplicateProbability(0.05).withCorruptProbability(0.05)
                .withRateBitsPerSecond(20_000_000).withQueueLimitFrames(8);
        try (Bench b = new Bench(manual().seed(seed).impairment(imp)).attach()) {
            b.ctxB.reaction = d -> {
                if (d.sequence() % 3 == 0) {
                    b.sendB(d.sequence() + 1_000_000, d.bytes().length);
                }
            };
            Random traffic = new Random(7);
            long t = 0;
            for (int i = 0; i < 2000; i++) {
                t += traffic.nextInt(200_000);
                b.wire.advanceTo(t);
                b.sendA(i, 60 + traffic.nextInt(1455));
            }
            b.wire.advanceTo(t + 100 * MS);
            return new Run(List.copyOf(b.ctxB.deliveries), List.copyOf(b.ctxA.deliveries), b.ab(), b.ba());
        }
    }

    private static List<Long> times(TestContext context) {
        return context.deliveries.stream().map(TestContext.Delivery::atNanos).toList();
    }

    @Test
    void offloadsAreAnnouncedOnlyWhenAsked() {
        try (Wire w = manual().checksumOffload(true).build()) {
            assertEquals(Set.of(LinkOffload.TX_CHECKSUM, LinkOffload.RX_CHECKSUM), w.a().offloads());
            assertTrue(w.checksumOffload());
        }
    }
}
