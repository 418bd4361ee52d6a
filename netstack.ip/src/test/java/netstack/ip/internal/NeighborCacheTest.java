package netstack.ip.internal;

import static netstack.ip.internal.NeighborActions.MULTICAST;
import static netstack.ip.internal.NeighborCache.DROPPED;
import static netstack.ip.internal.NeighborCache.NO_DEADLINE;
import static netstack.ip.internal.NeighborCache.NO_LINK_ADDRESS;
import static netstack.ip.internal.NeighborCache.QUEUED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import netstack.api.admin.NeighborInfo;
import netstack.api.admin.NeighborState;
import netstack.api.link.PacketBuffer;
import netstack.api.net.IpAddress;
import netstack.api.net.IpFamily;
import netstack.api.net.Ipv4Address;
import netstack.api.net.Ipv6Address;
import netstack.api.net.MacAddress;
import netstack.ip.buffer.PacketPool;
import netstack.ip.internal.NeighborCache.RouterFlag;
import netstack.ip.internal.RecordingNeighborActions.Action;
import netstack.ip.internal.RecordingNeighborActions.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link NeighborCache} on a manual clock, with a {@link RecordingNeighborActions} that owns and releases what it is
 * handed and a leak-tracking {@link PacketPool}: after every test the link goes down and the pool must have every
 * buffer back, none leaked and none released twice (the tracking pool throws on a double release).
 *
 * <p>The timer is driven only through what the cache announces with {@link NeighborActions#scheduleTimer}; after
 * every step the test checks that no deadline was left unannounced.
 *
 * <h2>RFC 4861 Appendix C, first table, row by row</h2>
 * <ol>
 *   <li>- / packet to send / create, multicast NS, retransmit timer / INCOMPLETE:
 *       {@link #packetToUnknownNeighborCreatesIncompleteQueuesAndSolicitsMulticast}
 *   <li>INCOMPLETE / retransmit timeout, fewer than N / retransmit NS / INCOMPLETE, and
 *   <li>INCOMPLETE / retransmit timeout, N or more / discard entry, send ICMP error / -:
 *       {@link #incompleteRetransmitsEveryRetransTimerThenFailsReportingEachQueuedPacket} (FAILED, then removed:
 *       {@link #failedEntryIsShownForItsLifetimeThenRemoved}, {@link #failedEntryRestartsResolutionOnTheNextPacket})
 *   <li>INCOMPLETE / NA S=0 O=any / record, send queued / STALE:
 *       {@link #incompleteUnsolicitedAdvertisementRecordsSendsQueuedAndDelays}
 *   <li>INCOMPLETE / NA S=1 O=any / record, send queued / REACHABLE:
 *       {@link #incompleteSolicitedAdvertisementBecomesReachableAndSendsQueuedInOrder}
 *   <li>INCOMPLETE / NA without link-layer address: {@link #incompleteAdvertisementWithoutLinkAddressIsDiscarded}
 *   <li>- / NA / - / -: {@link #advertisementForUnknownNeighborIsIgnored}
 *   <li>!INCOMPLETE / NA S=1 O=0 same / - / REACHABLE; !INCOMPLETE / NA no link-layer address / IsRouter /
 *       unchanged; REACHABLE / NA S=1 O=0 different / - / STALE; STALE, PROBE, DELAY / NA S=1 O=0 different / - /
 *       unchanged; !INCOMPLETE / NA S=1 O=1 / record / REACHABLE; !INCOMPLETE / NA S=0 O=0 / - / unchanged;
 *       !INCOMPLETE / NA S=0 O=1 same / - / unchanged; !INCOMPLETE / NA S=0 O=1 different / record / STALE: all
 *       48 combinations in {@link #advertisementTableOfSection725}, against the §7.2.5 oracle of
 *       {@link NeighborTransitionsTest}
 *   <li>!INCOMPLETE / upper-layer reachability confirmation / - / REACHABLE:
 *       {@link #upperLayerConfirmationMakesEntriesReachable}, {@link #confirmationsKeepAnEntryReachable}
 *   <li>REACHABLE / timeout / - / STALE: {@link #reachableEntryGoesStaleAfterReachableTime},
 *       {@link #lateTimerIsMadeUpForWhenSending}
 *   <li>STALE / sending packet / start delay timer / DELAY, and
 *   <li>DELAY / delay timeout / unicast NS probe, retransmit timer / PROBE:
 *       {@link #staleSendMovesToDelayAndDelayTimeoutProbes}
 *   <li>PROBE / retransmit timeout, fewer than N / retransmit NS / PROBE, and
 *   <li>PROBE / retransmit timeout, N or more / discard entry / -: {@link #probeRetransmitsUnicastThenFails}
 * </ol>
 *
 * <h2>Appendix C, second table (NS, RS, RA, Redirect)</h2>
 * <ol>
 *   <li>- / with link-layer address / create / STALE: {@link #solicitationFromUnknownNeighborCreatesStaleEntry},
 *       {@link #routerAdvertisementCreatesStaleRouterEntry}
 *   <li>INCOMPLETE / with link-layer address / record, send queued / STALE:
 *       {@link #solicitationResolvesIncompleteEntry}
 *   <li>!INCOMPLETE / different link-layer address / update / STALE:
 *       {@link #solicitationWithNewAddressMakesEntryStale}
 *   <li>INCOMPLETE / no link-layer address / - / unchanged: {@link #messagesWithoutLinkAddressOnlyTouchIsRouter}
 *   <li>!INCOMPLETE / same link-layer address / - / unchanged: {@link #solicitationWithSameAddressChangesNothing}
 * </ol>
 */
class NeighborCacheTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MILLI = 1_000_000L;
    private static final Ipv6Address A = Ipv6Address.parse("2001:db8::a");
    private static final Ipv6Address B = Ipv6Address.parse("2001:db8::b");
    private static final Ipv6Address C = Ipv6Address.parse("fe80::c");
    private static final Ipv4Address V4_A = Ipv4Address.parse("192.0.2.10");
    private static final Ipv4Address V4_B = Ipv4Address.parse("192.0.2.11");
    private static final long MAC_A = 0x02_00_5e_00_00_0aL;
    private static final long MAC_A2 = 0x02_00_5e_00_01_0aL;
    private static final long MAC_B = 0x02_00_5e_00_00_0bL;

    private final List<String> leaks = new ArrayList<>();
    private PacketPool pool;
    private RecordingNeighborActions out;
    private NeighborCache cache;
    private long now = 5 * SECOND;
    private int nextId;

    @BeforeEach
    void setUp() {
        pool = new PacketPool(new PacketPool.Options(false, 64, 256, true, leaks::add));
        out = new RecordingNeighborActions();
        cache = newCache(IpFamily.IPV6, NeighborParams.defaults());
    }

    @AfterEach
    void everyBufferCameBackExactlyOnce() {
        cache.linkDown(now);
        assertEquals(0, pool.outstanding(), "buffers still leased after the link went down");
        assertEquals(List.of(), leaks);
        pool.close();
    }

    private NeighborCache newCache(IpFamily family, NeighborParams params) {
        return new NeighborCache("eth0", family, params, new SplittableRandom(7), out, now);
    }

    private PacketBuffer pkt() {
        return RecordingNeighborActions.packet(pool, nextId++);
    }

    /** Resolves a fresh packet; if a MAC comes back the test owns the packet, "sends" it and releases it. */
    private long send(IpAddress to) {
        PacketBuffer p = pkt();
        long result = cache.resolve(to, p, now);
        if (result >= 0) {
            p.release();
        }
        return result;
    }

    /** Moves the clock forward, firing the timer exactly when the cache asked for it. */
    private void advance(long nanos) {
        long target = now + nanos;
        for (int guard = 0; ; guard++) {
            assertTrue(guard < 100_000, "timer loop does not progress");
            long deadline = out.scheduledDeadlineNanos;
            if (deadline == NO_DEADLINE || deadline - target > 0) {
                break;
            }
            if (deadline - now > 0) {
                now = deadline;
            }
            cache.onTimer(now);
        }
        now = target;
        assertTimerAnnounced();
    }

    /** The announced deadline is never later than the real one (earlier is a harmless spurious wake-up). */
    private void assertTimerAnnounced() {
        long next = cache.nextDeadlineNanos();
        if (next != NO_DEADLINE) {
            assertNotEquals(NO_DEADLINE, out.scheduledDeadlineNanos, "deadline " + next + " never announced");
            assertTrue(out.scheduledDeadlineNanos - next <= 0,
                    "announced " + out.scheduledDeadlineNanos + " after the real deadline " + next);
        }
    }

    private NeighborState state(IpAddress a) {
        NeighborInfo info = cache.find(a);
        return info == null ? null : info.state();
    }

    private long mac(IpAddress a) {
        MacAddress mac = cache.find(a).macAddress();
        return mac == null ? NO_LINK_ADDRESS : mac.bits();
    }

    private static Action solicit(IpAddress a, long mac, long at) {
        return new Action(Kind.SOLICIT, a, mac, -1, null, at);
    }

    private static Action transmit(IpAddress a, long mac, int id) {
        return new Action(Kind.TRANSMIT, a, mac, id, null, 0);
    }

    private static Action drop(IpAddress a, int id, NeighborDropReason reason) {
        return new Action(Kind.DROP, a, 0, id, reason, 0);
    }

    private static Action routerCleared(IpAddress a) {
        return new Action(Kind.ROUTER_CLEARED, a, 0, -1, null, 0);
    }

    /** Brings {@code a} into {@code target} with link address {@code mac} and IsRouter false, forgetting actions. */
    private void bring(IpAddress a, long mac, NeighborState target) {
        switch (target) {
            case INCOMPLETE -> assertEquals(QUEUED, send(a));
            case REACHABLE -> {
                bring(a, mac, NeighborState.INCOMPLETE);
                cache.advertisementReceived(a, mac, true, true, false, now);
            }
            case STALE -> cache.solicitationReceived(a, mac, now);
            case DELAY -> {
                bring(a, mac, NeighborState.STALE);
                assertEquals(mac, send(a));
            }
            case PROBE -> {
                bring(a, mac, NeighborState.DELAY);
                advance(5 * SECOND);
            }
            case FAILED -> {
                bring(a, mac, NeighborState.INCOMPLETE);
                advance(3 * SECOND);
            }
            case PERMANENT -> cache.addStatic(a, new MacAddress(mac), false, now);
            default -> throw new AssertionError(target);
        }
        assertEquals(target, state(a), "setting up " + a);
        out.take();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Appendix C, first table
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void packetToUnknownNeighborCreatesIncompleteQueuesAndSolicitsMulticast() {
        assertEquals(QUEUED, send(A));
        assertEquals(NeighborState.INCOMPLETE, state(A));
        assertNull(cache.find(A).macAddress());
        assertEquals(List.of(solicit(A, MULTICAST, now)), out.take());
        assertEquals(now + SECOND, out.scheduledDeadlineNanos, "retransmit timer armed");
        assertEquals(QUEUED, send(A));
        assertEquals(List.of(), out.take(), "further packets wait; no extra solicitation");
        NeighborCacheStats stats = cache.stats();
        assertEquals(1, stats.dynamicEntries());
        assertEquals(1, stats.allocs());
        assertEquals(1, stats.multicastSolicitations());
        assertEquals(2, pool.outstanding(), "both packets are held in the queue");
    }

    @Test
    void incompleteRetransmitsEveryRetransTimerThenFailsReportingEachQueuedPacket() {
        long t0 = now;
        send(A);
        send(A);
        send(A);
        assertEquals(List.of(solicit(A, MULTICAST, t0)), out.take());
        advance(SECOND);
        assertEquals(List.of(solicit(A, MULTICAST, t0 + SECOND)), out.take());
        advance(SECOND);
        assertEquals(List.of(solicit(A, MULTICAST, t0 + 2 * SECOND)), out.take());
        advance(SECOND - 1);
        assertEquals(List.of(), out.take(), "MAX_MULTICAST_SOLICIT is 3");
        assertEquals(NeighborState.INCOMPLETE, state(A));
        advance(1);
        assertEquals(List.of(drop(A, 0, NeighborDropReason.RESOLUTION_FAILED),
                drop(A, 1, NeighborDropReason.RESOLUTION_FAILED), drop(A, 2, NeighborDropReason.RESOLUTION_FAILED)),
                out.take(), "every queued packet is reported, oldest first");
        assertTrue(NeighborDropReason.RESOLUTION_FAILED.reportsUnreachable(), "ICMP address unreachable (§7.2.2)");
        assertEquals(NeighborState.FAILED, state(A));
        NeighborCacheStats stats = cache.stats();
        assertEquals(1, stats.resolutionFailures());
        assertEquals(3, stats.unreachableDrops());
        assertEquals(3, stats.totalDrops());
        assertEquals(0, pool.outstanding());
    }

    @Test
    void solicitationsCarryTheNewestPromptingSource() {
        Ipv6Address ours = Ipv6Address.parse("2001:db8::1");
        Ipv6Address ours2 = Ipv6Address.parse("2001:db8::2");
        assertEquals(QUEUED, cache.resolve(A, ours, pkt(), now));
        advance(SECOND);
        assertEquals(QUEUED, cache.resolve(A, ours2, pkt(), now));
        assertEquals(QUEUED, cache.resolve(A, null, pkt(), now));
        advance(SECOND);
        assertEquals(List.of(ours, ours, ours2), out.solicitationSources,
                "RFC 4861 §7.2.2: the source of the packet prompting the solicitation; unknown keeps the last one");
        cache.advertisementReceived(A, MAC_A, false, false, false, now); // DELAY, then PROBE
        advance(5 * SECOND);
        assertNull(out.solicitationSources.get(3), "a probe has no prompting packet");
        out.take();
    }

    @Test
    void failedEntryIsShownForItsLifetimeThenRemoved() {
        bring(A, MAC_A, NeighborState.FAILED);
        assertNull(cache.find(A).macAddress());
        advance(15 * SECOND - 1);
        assertEquals(NeighborState.FAILED, state(A));
        advance(1);
        assertNull(cache.find(A));
        assertEquals(1, cache.stats().destroys());
        assertEquals(0, cache.stats().dynamicEntries());
        assertEquals(NO_DEADLINE, cache.nextDeadlineNanos());
        assertEquals(NO_DEADLINE, out.scheduledDeadlineNanos, "the timer is cancelled once nothing is due");
        assertEquals(List.of(), out.take());
    }

    @Test
    void failedEntryRestartsResolutionOnTheNextPacket() {
        bring(A, MAC_A, NeighborState.FAILED);
        advance(SECOND);
        assertEquals(QUEUED, send(A));
        assertEquals(NeighborState.INCOMPLETE, state(A));
        assertEquals(List.of(solicit(A, MULTICAST, now)), out.take());
        advance(2 * SECOND);
        assertEquals(2, out.take().size(), "a full set of retransmissions again");
        cache.advertisementReceived(A, MAC_A, true, false, false, now);
        assertEquals(List.of(transmit(A, MAC_A, nextId - 1)), out.take());
        assertEquals(NeighborState.REACHABLE, state(A));
        assertEquals(1, cache.stats().allocs(), "the FAILED entry was reused, not recreated");
    }

    @Test
    void lateAdvertisementRevivesFailedEntry() {
        bring(A, MAC_A, NeighborState.FAILED);
        cache.advertisementReceived(A, MAC_A, false, false, true, now);
        assertEquals(NeighborState.STALE, state(A), "Linux accepts a late answer for a FAILED entry");
        assertEquals(MAC_A, mac(A));
        assertTrue(cache.find(A).router());
        bring(B, MAC_B, NeighborState.FAILED);
        cache.advertisementReceived(B, MAC_B, true, false, false, now);
        assertEquals(NeighborState.REACHABLE, state(B));
        cache.advertisementReceived(A, NO_LINK_ADDRESS, true, true, false, now);
        assertEquals(NeighborState.REACHABLE, state(A), "STALE entry with an address: S=1 without TLLA confirms");
    }

    @ParameterizedTest(name = "override={0}")
    @ValueSource(booleans = {false, true})
    void incompleteUnsolicitedAdvertisementRecordsSendsQueuedAndDelays(boolean override) {
        send(A);
        send(A);
        out.take();
        cache.advertisementReceived(A, MAC_A, false, override, false, now);
        assertEquals(List.of(transmit(A, MAC_A, 0), transmit(A, MAC_A, 1)), out.take());
        // STALE, and sending the queued packets is sending to a STALE neighbor: DELAY (§7.3.3), as Linux does.
        assertEquals(NeighborState.DELAY, state(A));
        assertEquals(MAC_A, mac(A));
        advance(5 * SECOND);
        assertEquals(List.of(solicit(A, MAC_A, now)), out.take());
        assertEquals(NeighborState.PROBE, state(A));
    }

    @Test
    void incompleteSolicitedAdvertisementBecomesReachableAndSendsQueuedInOrder() {
        for (int i = 0; i < 5; i++) {
            send(A);
        }
        out.take();
        cache.advertisementReceived(A, MAC_A, true, false, true, now);
        assertEquals(List.of(transmit(A, MAC_A, 0), transmit(A, MAC_A, 1), transmit(A, MAC_A, 2),
                transmit(A, MAC_A, 3), transmit(A, MAC_A, 4)), out.take());
        assertEquals(NeighborState.REACHABLE, state(A));
        assertTrue(cache.find(A).router(), "IsRouter from the R flag");
        assertEquals(MAC_A, send(A), "later packets get the address at once");
        assertEquals(List.of(), out.take());
        advance(3 * SECOND);
        assertEquals(List.of(), out.take(), "the retransmit timer was cancelled");
    }

    @Test
    void incompleteAdvertisementWithoutLinkAddressIsDiscarded() {
        send(A);
        out.take();
        cache.advertisementReceived(A, NO_LINK_ADDRESS, true, true, true, now);
        assertEquals(NeighborState.INCOMPLETE, state(A));
        assertFalse(cache.find(A).router(), "discarded entirely, IsRouter included");
        assertEquals(List.of(), out.take());
    }

    @Test
    void advertisementForUnknownNeighborIsIgnored() {
        cache.advertisementReceived(A, MAC_A, true, true, true, now);
        cache.advertisementReceived(A, MAC_A, false, true, false, now);
        assertNull(cache.find(A));
        assertEquals(0, cache.stats().allocs());
        assertEquals(List.of(), out.take());
    }

    static Stream<Arguments> advertisementCases() {
        List<Arguments> cases = new ArrayList<>();
        for (NeighborState state : new NeighborState[] {NeighborState.REACHABLE, NeighborState.STALE,
            NeighborState.DELAY, NeighborState.PROBE}) {
            for (String option : new String[] {"none", "same", "different"}) {
                for (boolean s : new boolean[] {false, true}) {
                    for (boolean o : new boolean[] {false, true}) {
                        cases.add(Arguments.of(state, option, s, o));
                    }
                }
            }
        }
        return cases.stream();
    }

    private static int transitionsState(NeighborState state) {
        return switch (state) {
            case INCOMPLETE -> NeighborTransitions.INCOMPLETE;
            case REACHABLE -> NeighborTransitions.REACHABLE;
            case STALE -> NeighborTransitions.STALE;
            case DELAY -> NeighborTransitions.DELAY;
            case PROBE -> NeighborTransitions.PROBE;
            case FAILED -> NeighborTransitions.FAILED;
            case PERMANENT -> NeighborTransitions.STATIC;
        };
    }

    private static NeighborState apiState(int state) {
        for (NeighborState s : NeighborState.values()) {
            if (transitionsState(s) == state) {
                return s;
            }
        }
        throw new AssertionError(state);
    }

    @ParameterizedTest(name = "{0} option={1} S={2} O={3}")
    @MethodSource("advertisementCases")
    void advertisementTableOfSection725(NeighborState start, String option, boolean solicited, boolean override) {
        bring(A, MAC_A, start);
        long carried = switch (option) {
            case "none" -> NO_LINK_ADDRESS;
            case "same" -> MAC_A;
            default -> MAC_A2;
        };
        cache.advertisementReceived(A, carried, solicited, override, true, now);
        int expected = NeighborTransitionsTest.rfc4861Section725(transitionsState(start), carried != NO_LINK_ADDRESS,
                carried == MAC_A, solicited, override);
        boolean ignored = NeighborTransitions.has(expected, NeighborTransitions.IGNORE);
        NeighborState expectedState = ignored ? start : apiState(NeighborTransitions.newState(expected));
        assertEquals(expectedState, state(A), "state");
        assertEquals(NeighborTransitions.has(expected, NeighborTransitions.RECORD_ADDRESS) ? MAC_A2 : MAC_A, mac(A),
                "link-layer address");
        assertEquals(NeighborTransitions.has(expected, NeighborTransitions.UPDATE_ROUTER), cache.find(A).router(),
                "IsRouter");
        assertEquals(List.of(), out.take(), "an advertisement for a resolved entry sends nothing");
        if (expectedState == NeighborState.REACHABLE) {
            assertEquals(NeighborTransitions.has(expected, NeighborTransitions.RECORD_ADDRESS) ? MAC_A2 : MAC_A,
                    send(A));
            advance(cache.reachableTimeNanos() - 1);
            assertEquals(NeighborState.REACHABLE, state(A), "confirmed at the advertisement");
        }
        assertTimerAnnounced();
    }

    @Test
    void upperLayerConfirmationMakesEntriesReachable() {
        bring(A, MAC_A, NeighborState.STALE);
        bring(B, MAC_B, NeighborState.DELAY);
        cache.confirmReachable(A, now);
        cache.confirmReachable(B, now);
        assertEquals(NeighborState.REACHABLE, state(A));
        assertEquals(NeighborState.REACHABLE, state(B));
        advance(5 * SECOND);
        assertEquals(List.of(), out.take(), "the DELAY timer was replaced: no probe");
        assertEquals(NeighborState.REACHABLE, state(B));

        bring(C, MAC_A2, NeighborState.PROBE);
        cache.confirmReachable(C, now);
        assertEquals(NeighborState.REACHABLE, state(C));
        advance(3 * SECOND);
        assertEquals(List.of(), out.take(), "no more probes");

        Ipv6Address incomplete = Ipv6Address.parse("2001:db8::1:1");
        send(incomplete);
        out.take();
        cache.confirmReachable(incomplete, now);
        assertEquals(NeighborState.INCOMPLETE, state(incomplete), "no address to confirm");
        cache.confirmReachable(Ipv6Address.parse("2001:db8::1:2"), now);
        assertNull(cache.find(Ipv6Address.parse("2001:db8::1:2")), "confirmations create nothing");
    }

    @Test
    void confirmationsKeepAnEntryReachable() {
        bring(A, MAC_A, NeighborState.REACHABLE);
        long reachable = cache.reachableTimeNanos();
        advance(reachable / 2);
        cache.confirmReachable(A, now);
        long confirmedAt = now;
        advance(reachable / 2 + SECOND);
        assertEquals(NeighborState.REACHABLE, state(A), "the first expiry found a newer confirmation");
        advance(confirmedAt + reachable - 1 - now);
        assertEquals(NeighborState.REACHABLE, state(A));
        advance(1);
        assertEquals(NeighborState.STALE, state(A), "exactly ReachableTime after the last confirmation");
        assertEquals(List.of(), out.take());
    }

    @Test
    void reachableEntryGoesStaleAfterReachableTime() {
        bring(A, MAC_A, NeighborState.REACHABLE);
        long reachable = cache.reachableTimeNanos();
        assertTrue(reachable >= 15 * SECOND && reachable < 45 * SECOND, "ReachableTime " + reachable);
        advance(reachable - 1);
        assertEquals(NeighborState.REACHABLE, state(A));
        advance(1);
        assertEquals(NeighborState.STALE, state(A));
        assertEquals(MAC_A, mac(A));
        assertEquals(NO_DEADLINE, cache.nextDeadlineNanos(), "STALE has no timer");
        assertEquals(List.of(), out.take());
    }

    @Test
    void lateTimerIsMadeUpForWhenSending() {
        bring(A, MAC_A, NeighborState.REACHABLE);
        now += cache.reachableTimeNanos() + SECOND; // the timer facility is late: onTimer has not run
        assertEquals(MAC_A, send(A), "the address is still usable");
        assertEquals(NeighborState.DELAY, state(A), "expired to STALE, then the send moved it to DELAY");
        assertEquals(now + 5 * SECOND, cache.nextDeadlineNanos());
    }

    @Test
    void staleSendMovesToDelayAndDelayTimeoutProbes() {
        bring(A, MAC_A, NeighborState.STALE);
        assertEquals(MAC_A, send(A));
        assertEquals(NeighborState.DELAY, state(A));
        assertEquals(MAC_A, send(A), "DELAY sends with the cached address");
        advance(5 * SECOND - 1);
        assertEquals(List.of(), out.take());
        advance(1);
        assertEquals(List.of(solicit(A, MAC_A, now)), out.take(), "a unicast probe to the cached address");
        assertEquals(NeighborState.PROBE, state(A));
        assertEquals(1, cache.stats().unicastSolicitations());
    }

    @Test
    void probeRetransmitsUnicastThenFails() {
        bring(A, MAC_A, NeighborState.PROBE);
        long probeStart = now;
        assertEquals(MAC_A, send(A), "PROBE sends with the cached address");
        advance(SECOND);
        assertEquals(List.of(solicit(A, MAC_A, probeStart + SECOND)), out.take());
        advance(SECOND);
        assertEquals(List.of(solicit(A, MAC_A, probeStart + 2 * SECOND)), out.take());
        advance(SECOND - 1);
        assertEquals(NeighborState.PROBE, state(A));
        advance(1);
        assertEquals(NeighborState.FAILED, state(A), "MAX_UNICAST_SOLICIT probes unanswered");
        assertEquals(List.of(), out.take(), "nothing was queued");
        assertEquals(3, cache.stats().unicastSolicitations());
        assertEquals(1, cache.stats().resolutionFailures());
        advance(15 * SECOND);
        assertNull(cache.find(A));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Appendix C, second table, and the IsRouter flag
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void solicitationFromUnknownNeighborCreatesStaleEntry() {
        cache.solicitationReceived(A, MAC_A, now);
        NeighborInfo info = cache.find(A);
        assertEquals(NeighborState.STALE, info.state());
        assertEquals(new MacAddress(MAC_A), info.macAddress());
        assertFalse(info.router(), "§7.2.3: a created entry's IsRouter is false");
        assertEquals(NO_DEADLINE, cache.nextDeadlineNanos());
        assertEquals(List.of(), out.take());
    }

    @Test
    void solicitationResolvesIncompleteEntry() {
        send(A);
        send(A);
        out.take();
        cache.solicitationReceived(A, MAC_A, now);
        assertEquals(List.of(transmit(A, MAC_A, 0), transmit(A, MAC_A, 1)), out.take());
        assertEquals(NeighborState.DELAY, state(A), "STALE, then DELAY because the queued packets went out");
    }

    @ParameterizedTest
    @ValueSource(strings = {"REACHABLE", "STALE", "DELAY", "PROBE"})
    void solicitationWithNewAddressMakesEntryStale(NeighborState start) {
        bring(A, MAC_A, start);
        cache.solicitationReceived(A, MAC_A2, now);
        assertEquals(NeighborState.STALE, state(A));
        assertEquals(MAC_A2, mac(A));
        assertEquals(NO_DEADLINE, cache.nextDeadlineNanos(), "no timer in STALE");
        advance(60 * SECOND);
        assertEquals(List.of(), out.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"REACHABLE", "STALE", "DELAY", "PROBE"})
    void solicitationWithSameAddressChangesNothing(NeighborState start) {
        bring(A, MAC_A, start);
        long deadline = cache.nextDeadlineNanos();
        cache.solicitationReceived(A, MAC_A, now);
        assertEquals(start, state(A));
        assertEquals(deadline, cache.nextDeadlineNanos());
        assertEquals(List.of(), out.take());
    }

    @Test
    void messagesWithoutLinkAddressOnlyTouchIsRouter() {
        send(A);
        out.take();
        cache.linkAddressReceived(A, NO_LINK_ADDRESS, RouterFlag.SET, true, now);
        assertEquals(NeighborState.INCOMPLETE, state(A), "RA without SLLA: unchanged");
        assertTrue(cache.find(A).router(), "§6.3.4: IsRouter MUST be set even without the option");
        cache.linkAddressReceived(B, NO_LINK_ADDRESS, RouterFlag.SET, true, now);
        assertNull(cache.find(B), "nothing to create without an address");
        assertEquals(List.of(), out.take());
    }

    @Test
    void routerAdvertisementCreatesStaleRouterEntry() {
        cache.linkAddressReceived(A, MAC_A, RouterFlag.SET, true, now);
        assertEquals(NeighborState.STALE, state(A));
        assertTrue(cache.find(A).router());
        cache.linkAddressReceived(A, MAC_A, RouterFlag.SET, true, now);
        assertEquals(NeighborState.STALE, state(A));
    }

    @Test
    void losingTheRouterFlagIsReported() {
        bring(A, MAC_A, NeighborState.INCOMPLETE);
        cache.advertisementReceived(A, MAC_A, true, true, true, now);
        out.take();
        assertTrue(cache.find(A).router());
        cache.advertisementReceived(A, MAC_A, false, false, false, now);
        assertFalse(cache.find(A).router());
        assertEquals(List.of(routerCleared(A)), out.take(), "§7.2.5: remove it from the Default Router List");
        cache.advertisementReceived(A, MAC_A, false, false, false, now);
        assertEquals(List.of(), out.take(), "reported once, on the change");
        cache.linkAddressReceived(A, NO_LINK_ADDRESS, RouterFlag.SET, false, now);
        cache.linkAddressReceived(A, NO_LINK_ADDRESS, RouterFlag.CLEAR, false, now);
        assertEquals(List.of(routerCleared(A)), out.take(), "§6.2.6: a Router Solicitation's sender is a host");
        cache.advertisementReceived(A, MAC_A2, false, false, true, now);
        assertFalse(cache.find(A).router(), "§7.2.5 I: ignored advertisements leave IsRouter alone");
    }

    // ---------------------------------------------------------------------------------------------------------
    // ARP
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void arpResolutionUsesBroadcastRequestsAndUnicastProbes() {
        cache = newCache(IpFamily.IPV4, NeighborParams.defaults());
        long t0 = now;
        PacketBuffer first = pkt();
        assertEquals(QUEUED, cache.resolve(V4_A, first, now));
        assertEquals(List.of(solicit(V4_A, MULTICAST, t0)), out.take(), "a broadcast ARP request");
        cache.arpReceived(V4_A, MAC_A, true, true, now);
        assertEquals(List.of(transmit(V4_A, MAC_A, 0)), out.take());
        assertEquals(NeighborState.REACHABLE, state(V4_A), "a reply to us: Solicited+Override");
        advance(cache.reachableTimeNanos());
        assertEquals(NeighborState.STALE, state(V4_A));
        assertEquals(MAC_A, send(V4_A));
        advance(5 * SECOND);
        assertEquals(List.of(solicit(V4_A, MAC_A, now)), out.take(), "a unicast ARP request probes");
        cache.arpReceived(V4_A, MAC_A, true, true, now);
        assertEquals(NeighborState.REACHABLE, state(V4_A));
        assertEquals(List.of(), out.take());
    }

    @Test
    void arpMergeRules() {
        cache = newCache(IpFamily.IPV4, NeighborParams.defaults());
        cache.arpReceived(V4_A, MAC_A, false, false, now);
        assertNull(cache.find(V4_A), "a request for someone else creates nothing");
        cache.arpReceived(V4_A, MAC_A, true, true, now);
        assertNull(cache.find(V4_A), "an unsolicited reply creates nothing (arp_accept=0)");
        cache.arpReceived(V4_A, MAC_A, false, true, now);
        assertEquals(NeighborState.STALE, state(V4_A), "RFC 826: a request for us adds the sender");
        cache.arpReceived(V4_A, MAC_A2, false, false, now);
        assertEquals(MAC_A2, mac(V4_A), "merge: a known sender's new address is taken");
        assertEquals(NeighborState.STALE, state(V4_A));
        cache.arpReceived(V4_A, MAC_A2, true, true, now);
        assertEquals(NeighborState.REACHABLE, state(V4_A));
        cache.arpReceived(V4_A, MAC_A, true, true, now);
        assertEquals(NeighborState.REACHABLE, state(V4_A), "replies override (solicited+override)");
        assertEquals(MAC_A, mac(V4_A));
        // RFC 5227 §2.3 announcement: request with sender == target, not for us.
        cache.arpReceived(V4_A, MAC_A2, false, false, now);
        assertEquals(NeighborState.STALE, state(V4_A));
        assertEquals(MAC_A2, mac(V4_A));
        cache.arpReceived(V4_A, MAC_A2, true, false, now);
        assertEquals(NeighborState.STALE, state(V4_A), "a reply to someone else does not confirm reachability");
        cache.arpReceived(Ipv4Address.ANY, MAC_B, false, true, now);
        assertNull(cache.find(Ipv4Address.ANY), "RFC 5227 ARP probes (sender 0.0.0.0) teach nothing");
        cache.arpReceived(V4_B, MacAddress.BROADCAST.bits(), false, true, now);
        cache.arpReceived(V4_B, 0x01_00_5e_00_00_01L, false, true, now);
        assertNull(cache.find(V4_B), "RFC 1812 §3.3.2: no multicast or broadcast link address for a unicast host");
        cache.arpReceived(V4_A, 0x01_00_5e_00_00_01L, true, true, now);
        assertEquals(MAC_A2, mac(V4_A));
        assertEquals(List.of(), out.take());
    }

    @Test
    void arpRequestResolvesIncompleteEntry() {
        cache = newCache(IpFamily.IPV4, NeighborParams.defaults());
        send(V4_A);
        out.take();
        cache.arpReceived(V4_A, MAC_A, false, true, now);
        assertEquals(List.of(transmit(V4_A, MAC_A, 0)), out.take());
        assertEquals(NeighborState.DELAY, state(V4_A));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Queues, ordering, callbacks
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void queueOverflowDropsTheOldestAndCountsIt() {
        cache.params(NeighborParams.defaults().withQueueLimits(3, Long.MAX_VALUE), now);
        for (int i = 0; i < 5; i++) {
            assertEquals(QUEUED, send(A));
        }
        assertEquals(List.of(solicit(A, MULTICAST, now), drop(A, 0, NeighborDropReason.QUEUE_OVERFLOW),
                drop(A, 1, NeighborDropReason.QUEUE_OVERFLOW)), out.take());
        assertFalse(NeighborDropReason.QUEUE_OVERFLOW.reportsUnreachable());
        assertEquals(2, cache.stats().queueOverflowDrops());
        cache.advertisementReceived(A, MAC_A, true, true, false, now);
        assertEquals(List.of(transmit(A, MAC_A, 2), transmit(A, MAC_A, 3), transmit(A, MAC_A, 4)), out.take());
    }

    @Test
    void defaultQueueHoldsLinuxUnresQlenPackets() {
        for (int i = 0; i < 105; i++) {
            send(A);
        }
        assertEquals(101, pool.outstanding());
        assertEquals(4, cache.stats().queueOverflowDrops());
    }

    @Test
    void queueByteLimitKeepsAtLeastTheNewestPacket() {
        PacketBuffer probe = pkt();
        int capacity = probe.capacity();
        probe.release();
        cache.params(NeighborParams.defaults().withQueueLimits(100, 2L * capacity), now);
        send(A);
        send(A);
        send(A);
        assertEquals(List.of(solicit(A, MULTICAST, now), drop(A, 1, NeighborDropReason.QUEUE_OVERFLOW)),
                out.take(), "two buffers' worth of bytes");
        cache.params(NeighborParams.defaults().withQueueLimits(100, capacity / 2), now);
        send(A);
        assertEquals(List.of(drop(A, 2, NeighborDropReason.QUEUE_OVERFLOW),
                drop(A, 3, NeighborDropReason.QUEUE_OVERFLOW)), out.take());
        assertEquals(1, pool.outstanding(), "§7.2.2: the queue MUST hold at least one packet");
        cache.solicitationReceived(A, MAC_A, now);
        assertEquals(List.of(transmit(A, MAC_A, 4)), out.take());
    }

    @Test
    void packetsResolvedDuringTheFlushQueueBehindTheWaitingOnes() {
        for (int i = 0; i < 3; i++) {
            send(A);
        }
        out.take();
        List<Long> nested = new ArrayList<>();
        out.onTransmit = a -> {
            if (a.packetId() == 0) {
                nested.add(send(A)); // e.g. a TCP ACK produced by the first packet's transmission path
            }
        };
        cache.advertisementReceived(A, MAC_A, true, true, false, now);
        assertEquals(List.of(QUEUED), nested, "still waiting packets come first");
        assertEquals(List.of(transmit(A, MAC_A, 0), transmit(A, MAC_A, 1), transmit(A, MAC_A, 2),
                transmit(A, MAC_A, 3)), out.take());
        out.onTransmit = a -> { };
        assertEquals(MAC_A, send(A), "once the outbox is empty the fast path answers");
    }

    @Test
    void dropCallbacksMayCallBackIntoTheCache() {
        send(A);
        send(A);
        out.take();
        // An ICMP error about a dropped packet is itself sent, here towards B on the same link.
        out.onDrop = a -> send(B);
        advance(3 * SECOND);
        List<Action> actions = out.take();
        assertEquals(List.of(solicit(A, MULTICAST, now - 2 * SECOND), solicit(A, MULTICAST, now - SECOND),
                drop(A, 0, NeighborDropReason.RESOLUTION_FAILED), drop(A, 1, NeighborDropReason.RESOLUTION_FAILED),
                solicit(B, MULTICAST, now)), actions);
        assertEquals(NeighborState.INCOMPLETE, state(B));
        assertEquals(2, pool.outstanding(), "the two ICMP stand-ins wait for B");
        out.onDrop = a -> { };
    }

    @Test
    void exceptionFromAnActionDoesNotStrandOtherBuffers() {
        for (int i = 0; i < 3; i++) {
            send(A);
        }
        out.take();
        out.onTransmit = a -> {
            if (a.packetId() == 1) {
                throw new IllegalStateException("driver hiccup");
            }
        };
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> cache.advertisementReceived(A, MAC_A, true, true, false, now));
        assertEquals("driver hiccup", thrown.getMessage(), "rethrown to the thread that ran the outbox");
        assertEquals(List.of(transmit(A, MAC_A, 0), transmit(A, MAC_A, 1), transmit(A, MAC_A, 2)), out.take(),
                "the actions after the failing one still ran");
        assertEquals(0, pool.outstanding());
        out.onTransmit = a -> { };
        assertEquals(MAC_A, send(A), "pendingTransmits went back to zero");
        assertEquals(NeighborState.REACHABLE, state(A));
    }

    // ---------------------------------------------------------------------------------------------------------
    // ReachableTime
    // ---------------------------------------------------------------------------------------------------------

    private static List<Long> drawReachableTimes(long seed, int draws) {
        NeighborCache c = new NeighborCache("eth0", IpFamily.IPV6, NeighborParams.defaults(),
                new SplittableRandom(seed), new RecordingNeighborActions(), 0);
        List<Long> values = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < draws; i++) {
            values.add(c.reachableTimeNanos());
            t += 300 * SECOND;
            c.onTimer(t);
        }
        return values;
    }

    @Test
    void reachableTimeIsUniformBetweenHalfAndOneAndAHalfBase() {
        List<Long> values = drawReachableTimes(42, 2000);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        double sum = 0;
        for (long v : values) {
            assertTrue(v >= 15 * SECOND && v < 45 * SECOND, "RFC 4861 §6.3.2 bounds: " + v);
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        assertTrue(min < 16 * SECOND && max > 44 * SECOND, "spread over the range: " + min + ".." + max);
        assertEquals(30.0, sum / values.size() / SECOND, 1.0, "mean near BaseReachableTime");
        assertTrue(new HashSet<>(values).size() > 1990, "drawn anew each time");
        assertEquals(values, drawReachableTimes(42, 2000), "a seeded random repeats exactly");
        assertNotEquals(values, drawReachableTimes(43, 2000));
    }

    @Test
    void reachableTimeIsRedrawnEveryRefreshIntervalAndWhenTheBaseChanges() {
        long first = cache.reachableTimeNanos();
        advance(299 * SECOND);
        cache.onTimer(now);
        assertEquals(first, cache.reachableTimeNanos(), "kept for 300 s");
        advance(SECOND);
        cache.onTimer(now);
        long second = cache.reachableTimeNanos();
        assertNotEquals(first, second, "redrawn after 300 s (§6.3.4: at least once every few hours)");
        cache.params(cache.params().withRetransTimerNanos(2 * SECOND), now);
        assertEquals(second, cache.reachableTimeNanos(), "other parameters do not redraw it");
        cache.params(cache.params().withBaseReachableTimeNanos(10 * SECOND), now);
        long third = cache.reachableTimeNanos();
        assertTrue(third >= 5 * SECOND && third < 15 * SECOND, "§6.3.4: recomputed at once for a new base: " + third);
        assertThrows(IllegalArgumentException.class,
                () -> cache.params(cache.params().withMaxEntries(5, 5), now), "table limits are fixed");
    }

    @Test
    void routerAdvertisedRetransTimerIsUsed() {
        cache.params(cache.params().withRetransTimerNanos(250 * MILLI), now);
        long t0 = now;
        send(A);
        advance(SECOND);
        assertEquals(List.of(solicit(A, MULTICAST, t0), solicit(A, MULTICAST, t0 + 250 * MILLI),
                solicit(A, MULTICAST, t0 + 500 * MILLI), drop(A, 0, NeighborDropReason.RESOLUTION_FAILED)),
                out.take());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bounds and garbage collection
    // ---------------------------------------------------------------------------------------------------------

    private static Ipv6Address host(int i) {
        return new Ipv6Address(0x2001_0db8_0000_0000L, 0x1000 + i);
    }

    @Test
    void fullTableCollectsFailedEntriesFirstThenTheOldestStale() {
        cache = newCache(IpFamily.IPV6, NeighborParams.defaults().withMaxEntries(16, 2));
        for (int i = 0; i < 2; i++) {
            send(host(i)); // will fail
        }
        advance(3 * SECOND);
        for (int i = 2; i < 16; i++) {
            cache.solicitationReceived(host(i), MAC_A + i, now);
            advance(500 * MILLI); // distinct update times, all well within the FAILED lifetime
        }
        cache.solicitationReceived(host(2), MAC_B, now); // host 2 updated last: now the youngest
        out.take();
        assertEquals(16, cache.stats().dynamicEntries());
        assertEquals(QUEUED, send(host(100)));
        // 16 - 16/8 = 14 kept: both FAILED go, then no STALE (2 freed, then the new entry).
        assertNull(cache.find(host(0)));
        assertNull(cache.find(host(1)));
        assertEquals(15, cache.stats().dynamicEntries());
        assertEquals(QUEUED, send(host(101)));
        assertEquals(16, cache.stats().dynamicEntries());
        assertEquals(QUEUED, send(host(102)));
        // Full again: the two least recently updated STALE entries go (hosts 3 and 4; host 2 was refreshed).
        assertNull(cache.find(host(3)));
        assertNull(cache.find(host(4)));
        assertEquals(NeighborState.STALE, state(host(2)));
        assertEquals(NeighborState.STALE, state(host(5)));
        assertEquals(15, cache.stats().dynamicEntries());
        NeighborCacheStats stats = cache.stats();
        assertEquals(2, stats.forcedGcRuns());
        assertEquals(4, stats.gcEvictions());
        assertEquals(0, stats.tableFullDrops());
    }

    @Test
    void fullTableOfEntriesInUseRefusesNewResolutionsWithACountedDrop() {
        cache = newCache(IpFamily.IPV6, NeighborParams.defaults().withMaxEntries(8, 2));
        cache.addStatic(C, new MacAddress(MAC_B), false, now);
        bring(host(0), MAC_A, NeighborState.REACHABLE);
        bring(host(1), MAC_A, NeighborState.DELAY);
        for (int i = 2; i < 8; i++) {
            send(host(i));
        }
        out.take();
        int before = (int) pool.outstanding();
        assertEquals(DROPPED, send(host(50)));
        assertEquals(List.of(drop(host(50), nextId - 1, NeighborDropReason.TABLE_FULL)), out.take());
        assertFalse(NeighborDropReason.TABLE_FULL.reportsUnreachable());
        assertEquals(before, pool.outstanding(), "the refused packet was handed back");
        assertNull(cache.find(host(50)));
        assertEquals(NeighborState.REACHABLE, state(host(0)), "entries in use are never evicted");
        assertEquals(NeighborState.PERMANENT, state(C));
        NeighborCacheStats stats = cache.stats();
        assertEquals(1, stats.tableFullDrops());
        assertEquals(0, stats.forcedGcRuns(), "nothing collectable: refused without scanning the table");
        assertEquals(8, stats.dynamicEntries());
        assertEquals(1, stats.staticEntries(), "operator entries do not count against maxEntries");
        cache.solicitationReceived(host(51), MAC_A, now);
        assertNull(cache.find(host(51)), "a solicitation cannot make room either");
        // Once the INCOMPLETE entries fail they become collectable.
        advance(3 * SECOND);
        out.take();
        assertEquals(QUEUED, send(host(50)));
        assertEquals(NeighborState.INCOMPLETE, state(host(50)));
        assertEquals(NeighborState.PERMANENT, state(C), "never collected");
        assertEquals(1, cache.stats().forcedGcRuns());
        assertEquals(6, cache.stats().gcEvictions(), "all six FAILED entries");
    }

    @Test
    void hashTableSurvivesChurn() {
        cache = newCache(IpFamily.IPV6, NeighborParams.defaults().withMaxEntries(64, 0));
        SplittableRandom random = new SplittableRandom(1);
        Set<Ipv6Address> live = new HashSet<>();
        for (int round = 0; round < 5000; round++) {
            Ipv6Address a = host(random.nextInt(200));
            if (live.contains(a) && random.nextBoolean()) {
                assertTrue(cache.delete(a, now));
                live.remove(a);
            } else if (!live.contains(a) && live.size() < 64) {
                cache.solicitationReceived(a, MAC_A, now);
                live.add(a);
            }
            if (round % 500 == 0) {
                for (int i = 0; i < 200; i++) {
                    assertEquals(live.contains(host(i)), cache.find(host(i)) != null, "host " + i);
                }
            }
        }
        assertEquals(live.size(), cache.snapshot().size());
        assertEquals(live.size(), cache.stats().dynamicEntries());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Operator entries, deletion, link down
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void staticEntryAnswersAtOnceAndIgnoresTheProtocol() {
        cache.addStatic(A, new MacAddress(MAC_A), true, now);
        assertEquals(MAC_A, send(A));
        cache.advertisementReceived(A, MAC_A2, true, true, false, now);
        cache.solicitationReceived(A, MAC_A2, now);
        cache.linkAddressReceived(A, MAC_A2, RouterFlag.CLEAR, true, now);
        cache.confirmReachable(A, now);
        NeighborInfo info = cache.find(A);
        assertEquals(NeighborState.PERMANENT, info.state());
        assertEquals(new MacAddress(MAC_A), info.macAddress());
        assertTrue(info.router());
        assertEquals(NO_DEADLINE, cache.nextDeadlineNanos());
        advance(3600 * SECOND);
        assertEquals(NeighborState.PERMANENT, state(A));
        assertEquals(List.of(), out.take());
        cache.addStatic(A, new MacAddress(MAC_A2), false, now);
        assertEquals(MAC_A2, send(A), "replaced");
        assertEquals(List.of(routerCleared(A)), out.take());
        assertTrue(cache.delete(A, now));
        assertNull(cache.find(A));
        assertEquals(0, cache.stats().staticEntries());
    }

    @Test
    void staticEntryOverAnIncompleteOneSendsTheWaitingPackets() {
        send(A);
        send(A);
        out.take();
        cache.addStatic(A, new MacAddress(MAC_A), false, now);
        assertEquals(List.of(transmit(A, MAC_A, 0), transmit(A, MAC_A, 1)), out.take());
        assertEquals(NeighborState.PERMANENT, state(A));
        NeighborCacheStats stats = cache.stats();
        assertEquals(0, stats.dynamicEntries());
        assertEquals(1, stats.staticEntries());
        advance(5 * SECOND);
        assertEquals(List.of(), out.take(), "the retransmit timer is gone");
    }

    @Test
    void staticEntriesAreBoundedAndMustBeUnicast() {
        cache = newCache(IpFamily.IPV6, NeighborParams.defaults().withMaxEntries(8, 2));
        cache.addStatic(A, new MacAddress(MAC_A), false, now);
        cache.addStatic(B, new MacAddress(MAC_B), false, now);
        cache.addStatic(B, new MacAddress(MAC_A), false, now);
        IllegalStateException full = assertThrows(IllegalStateException.class,
                () -> cache.addStatic(C, new MacAddress(MAC_A), false, now));
        assertTrue(full.getMessage().contains("eth0"), full.getMessage());
        assertNull(cache.find(C));
        assertThrows(IllegalArgumentException.class,
                () -> cache.addStatic(Ipv6Address.ALL_NODES, new MacAddress(MAC_A), false, now));
        assertThrows(IllegalArgumentException.class,
                () -> cache.addStatic(Ipv6Address.ANY, new MacAddress(MAC_A), false, now));
        assertThrows(IllegalArgumentException.class,
                () -> cache.addStatic(V4_A, new MacAddress(MAC_A), false, now), "wrong family");
        assertEquals(2, cache.stats().staticEntries());
    }

    @Test
    void linkDownFlushesDynamicEntriesSilentlyAndKeepsStaticOnes() {
        send(A);
        send(A);
        bring(B, MAC_B, NeighborState.REACHABLE);
        cache.addStatic(C, new MacAddress(MAC_A), false, now);
        out.take();
        cache.linkDown(now);
        assertEquals(List.of(drop(A, 0, NeighborDropReason.LINK_DOWN), drop(A, 1, NeighborDropReason.LINK_DOWN)),
                out.take());
        assertFalse(NeighborDropReason.LINK_DOWN.reportsUnreachable(), "Linux purges without ICMP");
        assertNull(cache.find(A));
        assertNull(cache.find(B));
        assertEquals(NeighborState.PERMANENT, state(C));
        assertEquals(NO_DEADLINE, cache.nextDeadlineNanos());
        assertEquals(0, cache.stats().dynamicEntries());
        assertEquals(QUEUED, send(B), "resolution starts afresh");
    }

    @Test
    void operatorDeletionReportsWaitingPacketsUnreachable() {
        send(A);
        send(A);
        bring(B, MAC_B, NeighborState.STALE);
        cache.addStatic(C, new MacAddress(MAC_A), false, now);
        out.take();
        assertTrue(cache.delete(A, now));
        assertEquals(List.of(drop(A, 0, NeighborDropReason.DELETED), drop(A, 1, NeighborDropReason.DELETED)),
                out.take());
        assertTrue(NeighborDropReason.DELETED.reportsUnreachable(), "as Linux's neigh_invalidate");
        assertFalse(cache.delete(A, now));
        send(A);
        out.take();
        cache.flush(now);
        assertEquals(List.of(drop(A, 2, NeighborDropReason.DELETED)), out.take());
        assertNull(cache.find(B));
        assertEquals(NeighborState.PERMANENT, state(C), "ip neigh flush keeps permanent entries");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Operator view, validation, clock, allocation
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void snapshotListsEveryStateLikeIpNeigh() {
        Ipv6Address[] addresses = new Ipv6Address[7];
        NeighborState[] states = NeighborState.values();
        // Bring them up in an order where later set-ups do not move earlier entries on.
        NeighborState[] order = {NeighborState.FAILED, NeighborState.PROBE, NeighborState.DELAY,
            NeighborState.REACHABLE, NeighborState.STALE, NeighborState.INCOMPLETE, NeighborState.PERMANENT};
        for (NeighborState s : order) {
            addresses[s.ordinal()] = host(10 - s.ordinal());
            bring(addresses[s.ordinal()], MAC_A + s.ordinal(), s);
        }
        List<NeighborInfo> snapshot = cache.snapshot();
        assertEquals(states.length, snapshot.size());
        for (int i = 0; i < snapshot.size(); i++) {
            NeighborInfo info = snapshot.get(i);
            assertEquals(host(4 + i), info.address(), "ordered by address");
            NeighborState s = states[10 - (4 + i)];
            assertEquals(s, info.state());
            assertEquals("eth0", info.interfaceName());
            boolean hasMac = s != NeighborState.INCOMPLETE && s != NeighborState.FAILED;
            assertEquals(hasMac ? new MacAddress(MAC_A + s.ordinal()) : null, info.macAddress(), s.toString());
        }
    }

    @Test
    void whatCannotBeResolvedIsDroppedNotCached() {
        for (IpAddress bad : new IpAddress[] {Ipv6Address.ALL_NODES, Ipv6Address.ANY, V4_A}) {
            assertEquals(DROPPED, send(bad));
        }
        assertEquals(List.of(drop(Ipv6Address.ALL_NODES, 0, NeighborDropReason.NOT_RESOLVABLE),
                drop(Ipv6Address.ANY, 1, NeighborDropReason.NOT_RESOLVABLE),
                drop(V4_A, 2, NeighborDropReason.NOT_RESOLVABLE)), out.take());
        assertEquals(3, cache.stats().otherDrops());
        assertEquals(0, cache.stats().allocs());
        cache.solicitationReceived(A, 0x33_33_00_00_00_01L, now);
        cache.solicitationReceived(Ipv6Address.ALL_NODES, MAC_A, now);
        cache.solicitationReceived(V4_A, MAC_A, now);
        assertEquals(0, cache.stats().allocs(), "multicast link address, multicast or foreign source: ignored");

        cache.linkDown(now);
        cache = newCache(IpFamily.IPV4, NeighborParams.defaults());
        for (IpAddress bad : new IpAddress[] {Ipv4Address.BROADCAST, Ipv4Address.parse("224.0.0.1"),
            Ipv4Address.ANY, A}) {
            assertEquals(DROPPED, send(bad));
        }
        assertEquals(4, cache.stats().otherDrops());
        assertEquals(0, cache.stats().allocs());
    }

    @Test
    void clockMayBeNegativeAndCrossZero() {
        now = -2 * SECOND - 500 * MILLI;
        cache = newCache(IpFamily.IPV6, NeighborParams.defaults());
        long t0 = now;
        send(A);
        advance(3 * SECOND);
        assertEquals(List.of(solicit(A, MULTICAST, t0), solicit(A, MULTICAST, t0 + SECOND),
                solicit(A, MULTICAST, t0 + 2 * SECOND), drop(A, 0, NeighborDropReason.RESOLUTION_FAILED)),
                out.take());
        assertEquals(NeighborState.FAILED, state(A));
    }

    @Test
    void timerAnnouncementsFollowTheEarliestDeadline() {
        bring(A, MAC_A, NeighborState.REACHABLE);
        int calls = out.scheduleCalls;
        long reachableDeadline = cache.nextDeadlineNanos();
        assertTrue(out.scheduledDeadlineNanos - reachableDeadline <= 0);
        advance(10 * SECOND);
        send(B);
        assertEquals(now + SECOND, out.scheduledDeadlineNanos, "an earlier deadline is announced at once");
        assertTrue(out.scheduleCalls > calls);
        advance(3 * SECOND);
        assertEquals(cache.nextDeadlineNanos(), out.scheduledDeadlineNanos, "after onTimer: the next real one");
        out.take();
    }

    @Test
    void resolvingAReachableNeighborAllocatesNothing() {
        bring(A, MAC_A, NeighborState.REACHABLE);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        PacketBuffer p = pkt();
        long sink = 0;
        for (int i = 0; i < 200_000; i++) { // warm up so the JIT compiles the fast path
            sink += cache.resolve(A, p, now);
            cache.confirmReachable(A, now + (i & 1));
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sink += cache.resolve(A, p, now);
            cache.confirmReachable(A, now + (i & 1));
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        p.release();
        assertEquals(MAC_A * 300_000, sink);
        // One object per call would be at least 1.6 MB; a few KB is the JVM's own bookkeeping on this thread.
        assertTrue(allocated < 100_000, "resolve + confirm on a REACHABLE entry allocated " + allocated
                + " bytes in 100 000 calls");
    }
}
