package netstack.ip.internal;

import static netstack.ip.internal.NeighborTransitions.CONFIRMED;
import static netstack.ip.internal.NeighborTransitions.CREATE;
import static netstack.ip.internal.NeighborTransitions.DELAY;
import static netstack.ip.internal.NeighborTransitions.DROP_QUEUED;
import static netstack.ip.internal.NeighborTransitions.FAILED;
import static netstack.ip.internal.NeighborTransitions.IGNORE;
import static netstack.ip.internal.NeighborTransitions.INCOMPLETE;
import static netstack.ip.internal.NeighborTransitions.NONE;
import static netstack.ip.internal.NeighborTransitions.PROBE;
import static netstack.ip.internal.NeighborTransitions.QUEUE_PACKET;
import static netstack.ip.internal.NeighborTransitions.REACHABLE;
import static netstack.ip.internal.NeighborTransitions.RECORD_ADDRESS;
import static netstack.ip.internal.NeighborTransitions.REMOVE;
import static netstack.ip.internal.NeighborTransitions.SEND_NOW;
import static netstack.ip.internal.NeighborTransitions.SEND_QUEUED;
import static netstack.ip.internal.NeighborTransitions.SOLICIT_MULTICAST;
import static netstack.ip.internal.NeighborTransitions.SOLICIT_UNICAST;
import static netstack.ip.internal.NeighborTransitions.STALE;
import static netstack.ip.internal.NeighborTransitions.STATIC;
import static netstack.ip.internal.NeighborTransitions.UPDATE_ROUTER;
import static netstack.ip.internal.NeighborTransitions.newState;
import static netstack.ip.internal.NeighborTransitions.onAdvertisement;
import static netstack.ip.internal.NeighborTransitions.onConfirmation;
import static netstack.ip.internal.NeighborTransitions.onLinkAddress;
import static netstack.ip.internal.NeighborTransitions.onSend;
import static netstack.ip.internal.NeighborTransitions.onTimeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@link NeighborTransitions}, the pure state machine: every row of RFC 4861 Appendix C written out by hand, and the
 * Neighbor Advertisement rules of §7.2.5 checked exhaustively (every state × option present/same/different × S × O)
 * against an oracle that transcribes the RFC's numbered text. {@link NeighborCacheTest} checks the same rules through
 * the cache, with packets and timers.
 */
class NeighborTransitionsTest {

    private static final int[] ALL_STATES = {NONE, INCOMPLETE, REACHABLE, STALE, DELAY, PROBE, FAILED, STATIC};
    private static final int[] NUD_STATES = {REACHABLE, STALE, DELAY, PROBE};

    private static String show(int decision) {
        StringBuilder sb = new StringBuilder(NeighborTransitions.name(newState(decision)));
        String[] names = {"IGNORE", "CREATE", "RECORD_ADDRESS", "UPDATE_ROUTER", "SEND_QUEUED", "QUEUE_PACKET",
            "SEND_NOW", "SOLICIT_MULTICAST", "SOLICIT_UNICAST", "DROP_QUEUED", "REMOVE", "CONFIRMED"};
        for (int bit = 0; bit < names.length; bit++) {
            if ((decision & (1 << (8 + bit))) != 0) {
                sb.append('|').append(names[bit]);
            }
        }
        return sb.toString();
    }

    private static void assertDecision(int expected, int actual, String row) {
        assertEquals(show(expected), show(actual), row);
    }

    // ---- Appendix C, first table: packets, timers, advertisements, confirmations ----

    @Test
    void packetToSendWithoutEntryCreatesIncompleteAndSolicitsMulticast() {
        assertDecision(INCOMPLETE | CREATE | QUEUE_PACKET | SOLICIT_MULTICAST, onSend(NONE),
                "- / packet to send / create entry, send multicast NS, start retransmit timer / INCOMPLETE");
    }

    @Test
    void incompleteRetransmitsUntilMaxMulticastSolicitThenFails() {
        assertDecision(INCOMPLETE | SOLICIT_MULTICAST, onTimeout(INCOMPLETE, 1, 3, 3), "INCOMPLETE, 1 of 3 sent");
        assertDecision(INCOMPLETE | SOLICIT_MULTICAST, onTimeout(INCOMPLETE, 2, 3, 3), "INCOMPLETE, 2 of 3 sent");
        assertDecision(FAILED | DROP_QUEUED, onTimeout(INCOMPLETE, 3, 3, 3),
                "INCOMPLETE / N or more retransmissions / discard entry, send ICMP error");
    }

    @Test
    void incompleteQueuesFurtherPackets() {
        assertDecision(INCOMPLETE | QUEUE_PACKET, onSend(INCOMPLETE), "INCOMPLETE / packet to send / queue");
    }

    @Test
    void incompleteAdvertisementRecordsAndSendsQueued() {
        for (boolean override : new boolean[] {false, true}) {
            assertDecision(STALE | RECORD_ADDRESS | UPDATE_ROUTER | SEND_QUEUED,
                    onAdvertisement(INCOMPLETE, true, false, false, override), "INCOMPLETE / NA S=0 O=" + override);
            assertDecision(REACHABLE | CONFIRMED | RECORD_ADDRESS | UPDATE_ROUTER | SEND_QUEUED,
                    onAdvertisement(INCOMPLETE, true, false, true, override), "INCOMPLETE / NA S=1 O=" + override);
        }
    }

    @Test
    void incompleteAdvertisementWithoutAddressIsDiscarded() {
        // §7.2.5: "If the link layer has addresses and no Target Link-Layer Address option is included, the
        // receiving node SHOULD silently discard the received advertisement."
        for (boolean s : new boolean[] {false, true}) {
            for (boolean o : new boolean[] {false, true}) {
                assertDecision(IGNORE, onAdvertisement(INCOMPLETE, false, false, s, o), "INCOMPLETE / NA no TLLA");
            }
        }
    }

    @Test
    void advertisementWithoutEntryIsIgnored() {
        assertDecision(IGNORE, onAdvertisement(NONE, true, false, true, true), "- / NA / - / -");
    }

    @Test
    void solicitedAdvertisementWithSameAddressConfirms() {
        for (int state : NUD_STATES) {
            assertDecision(REACHABLE | CONFIRMED | UPDATE_ROUTER, onAdvertisement(state, true, true, true, false),
                    NeighborTransitions.name(state) + " / NA S=1 O=0 same address / - / REACHABLE");
        }
    }

    @Test
    void advertisementWithoutAddressUpdatesIsRouterAndConfirmsOnlyIfSolicited() {
        for (int state : NUD_STATES) {
            for (boolean o : new boolean[] {false, true}) {
                assertDecision(state | UPDATE_ROUTER, onAdvertisement(state, false, false, false, o),
                        NeighborTransitions.name(state) + " / NA S=0 no TLLA / update IsRouter / unchanged");
                // §7.2.5 II (normative) over Appendix C's "unchanged": a solicited answer to a unicast probe may
                // omit the option (§7.2.4) and still confirms reachability.
                assertDecision(REACHABLE | CONFIRMED | UPDATE_ROUTER, onAdvertisement(state, false, false, true, o),
                        NeighborTransitions.name(state) + " / NA S=1 no TLLA");
            }
        }
    }

    @Test
    void reachableSolicitedNonOverrideDifferentAddressGoesStaleWithoutRecording() {
        assertDecision(STALE, onAdvertisement(REACHABLE, true, false, true, false),
                "REACHABLE / NA S=1 O=0 different / - / STALE");
        // §7.2.5 I.a applies whatever S is (the appendix lists S=1 only).
        assertDecision(STALE, onAdvertisement(REACHABLE, true, false, false, false),
                "REACHABLE / NA S=0 O=0 different / - / STALE");
    }

    @Test
    void otherStatesIgnoreNonOverrideDifferentAddress() {
        for (int state : new int[] {STALE, DELAY, PROBE}) {
            for (boolean s : new boolean[] {false, true}) {
                assertDecision(IGNORE, onAdvertisement(state, true, false, s, false),
                        NeighborTransitions.name(state) + " / NA S=" + s + " O=0 different / - / unchanged");
            }
        }
    }

    @Test
    void solicitedOverrideRecordsAndConfirms() {
        for (int state : NUD_STATES) {
            assertDecision(REACHABLE | CONFIRMED | UPDATE_ROUTER | RECORD_ADDRESS,
                    onAdvertisement(state, true, false, true, true),
                    NeighborTransitions.name(state) + " / NA S=1 O=1 different / record / REACHABLE");
            assertDecision(REACHABLE | CONFIRMED | UPDATE_ROUTER, onAdvertisement(state, true, true, true, true),
                    NeighborTransitions.name(state) + " / NA S=1 O=1 same / - / REACHABLE");
        }
    }

    @Test
    void unsolicitedAdvertisements() {
        for (int state : NUD_STATES) {
            String name = NeighborTransitions.name(state);
            assertDecision(state | UPDATE_ROUTER, onAdvertisement(state, true, true, false, false),
                    name + " / NA S=0 O=0 same / - / unchanged");
            assertDecision(state | UPDATE_ROUTER, onAdvertisement(state, true, true, false, true),
                    name + " / NA S=0 O=1 same / - / unchanged");
            assertDecision(STALE | UPDATE_ROUTER | RECORD_ADDRESS, onAdvertisement(state, true, false, false, true),
                    name + " / NA S=0 O=1 different / record / STALE");
        }
    }

    @Test
    void upperLayerConfirmation() {
        for (int state : NUD_STATES) {
            assertDecision(REACHABLE | CONFIRMED, onConfirmation(state),
                    NeighborTransitions.name(state) + " / upper-layer reachability confirmation / - / REACHABLE");
        }
        for (int state : new int[] {NONE, INCOMPLETE, FAILED, STATIC}) {
            assertDecision(IGNORE, onConfirmation(state), NeighborTransitions.name(state) + " / confirmation");
        }
    }

    @Test
    void reachableTimeoutGoesStale() {
        assertDecision(STALE, onTimeout(REACHABLE, 0, 3, 3), "REACHABLE / timeout / - / STALE");
    }

    @Test
    void sendingPackets() {
        assertDecision(DELAY | SEND_NOW, onSend(STALE), "STALE / sending packet / start delay timer / DELAY");
        for (int state : new int[] {REACHABLE, DELAY, PROBE, STATIC}) {
            assertDecision(state | SEND_NOW, onSend(state), NeighborTransitions.name(state) + " / sending packet");
        }
        assertDecision(INCOMPLETE | QUEUE_PACKET | SOLICIT_MULTICAST, onSend(FAILED), "FAILED / packet: start over");
    }

    @Test
    void delayTimeoutProbes() {
        assertDecision(PROBE | SOLICIT_UNICAST, onTimeout(DELAY, 0, 3, 3),
                "DELAY / delay timeout / send unicast NS probe, start retransmit timer / PROBE");
    }

    @Test
    void probeRetransmitsUntilMaxUnicastSolicitThenFails() {
        assertDecision(PROBE | SOLICIT_UNICAST, onTimeout(PROBE, 1, 3, 3), "PROBE, 1 of 3");
        assertDecision(PROBE | SOLICIT_UNICAST, onTimeout(PROBE, 2, 3, 3), "PROBE, 2 of 3");
        assertDecision(FAILED | DROP_QUEUED, onTimeout(PROBE, 3, 3, 3), "PROBE / N or more / discard entry");
    }

    @Test
    void failedEntriesAreRemovedOnTheirTimerAndOthersHaveNone() {
        assertDecision(NONE | REMOVE, onTimeout(FAILED, 0, 3, 3), "FAILED / lifetime over / remove");
        for (int state : new int[] {NONE, STALE, STATIC}) {
            assertDecision(IGNORE, onTimeout(state, 0, 3, 3), NeighborTransitions.name(state) + " has no timer");
        }
    }

    // ---- Appendix C, second table: NS, RS, RA, Redirect ----

    @Test
    void unsolicitedLinkAddressInformation() {
        assertDecision(STALE | CREATE | RECORD_ADDRESS, onLinkAddress(NONE, false, true),
                "- / NS, RS, RA, Redirect / create entry / STALE");
        assertDecision(IGNORE, onLinkAddress(NONE, false, false), "- / ARP not for us / no entry created");
        assertDecision(STALE | RECORD_ADDRESS | SEND_QUEUED, onLinkAddress(INCOMPLETE, false, true),
                "INCOMPLETE / NS, RS, RA, Redirect / record, send queued / STALE");
        for (int state : NUD_STATES) {
            assertDecision(STALE | RECORD_ADDRESS, onLinkAddress(state, false, true),
                    NeighborTransitions.name(state) + " / different address / update / STALE");
            assertDecision(IGNORE, onLinkAddress(state, true, true),
                    NeighborTransitions.name(state) + " / same address / - / unchanged");
        }
        assertDecision(STALE | RECORD_ADDRESS, onLinkAddress(FAILED, true, false), "FAILED learns an address");
        assertDecision(IGNORE, onLinkAddress(STATIC, false, true), "operator entries are not learned over");
    }

    // ---- §7.2.5 exhaustively ----

    /**
     * RFC 4861 §7.2.5, transcribed: the decision for every combination, with "IsRouter updated" as UPDATE_ROUTER.
     */
    static int rfc4861Section725(int state, boolean hasAddress, boolean same, boolean s, boolean o) {
        if (state == NONE || state == STATIC) {
            return IGNORE; // "If no entry exists, the advertisement SHOULD be silently discarded."
        }
        if (state == INCOMPLETE || state == FAILED) {
            if (!hasAddress) {
                return IGNORE;
            }
            int result = RECORD_ADDRESS | UPDATE_ROUTER | SEND_QUEUED;
            return result | (s ? REACHABLE | CONFIRMED : STALE);
        }
        boolean suppliedDiffers = hasAddress && !same;
        if (!o && suppliedDiffers) {
            // I. a. REACHABLE -> STALE, nothing else. b. otherwise ignore.
            return state == REACHABLE ? STALE : IGNORE;
        }
        // II. Override set, or same address, or no option: MUST update.
        int result = UPDATE_ROUTER;
        if (suppliedDiffers) {
            result |= RECORD_ADDRESS;
        }
        if (s) {
            return result | REACHABLE | CONFIRMED;
        }
        return result | (suppliedDiffers ? STALE : state);
    }

    @Test
    void advertisementRulesMatchSection725ForEveryCombination() {
        int checked = 0;
        for (int state : ALL_STATES) {
            for (int option = 0; option < 3; option++) { // 0: none, 1: same, 2: different
                boolean hasAddress = option != 0;
                boolean same = option == 1;
                for (boolean s : new boolean[] {false, true}) {
                    for (boolean o : new boolean[] {false, true}) {
                        assertDecision(rfc4861Section725(state, hasAddress, same, s, o),
                                onAdvertisement(state, hasAddress, same, s, o),
                                NeighborTransitions.name(state) + " option=" + option + " S=" + s + " O=" + o);
                        checked++;
                    }
                }
            }
        }
        assertEquals(ALL_STATES.length * 3 * 4, checked);
    }

    @Test
    void unknownStatesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> onSend(42));
        assertThrows(IllegalArgumentException.class, () -> onTimeout(42, 0, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> onConfirmation(42));
        assertThrows(IllegalArgumentException.class, () -> onLinkAddress(42, true, true));
        assertThrows(IllegalArgumentException.class, () -> onAdvertisement(42, true, true, true, true));
    }
}
