package netstack.ip.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import netstack.api.admin.AddressOrigin;
import netstack.api.admin.AddressState;
import netstack.api.admin.InterfaceAddress;
import netstack.api.link.LinkType;
import netstack.api.link.PacketBuffer;
import netstack.api.net.IpAddress;
import netstack.api.net.IpFamily;
import netstack.api.net.IpPrefix;
import netstack.api.net.Ipv6Address;
import netstack.api.net.MacAddress;
import netstack.api.stats.StackCounter;
import netstack.ip.spi.TransportContext;
import netstack.ip.wire.EtherType;
import netstack.ip.wire.EthernetFrame;
import netstack.ip.wire.Icmpv6Packet;
import netstack.ip.wire.Ipv6Packet;
import netstack.ip.wire.MldPacket;
import netstack.ip.wire.MldRepr;
import netstack.ip.wire.NdpOptions;
import netstack.ip.wire.NdpPacket;
import netstack.ip.wire.NdpRepr;

/**
 * IPv6 on one interface: its addresses (configured ones plus, on Ethernet, the automatic link-local address of
 * RFC 4862 §5.3), the multicast groups it has joined (all-nodes and the solicited-node group of every address),
 * Duplicate Address Detection (RFC 4862 §5.4), and Neighbor Discovery (RFC 4861) with the interface's
 * {@link NeighborCache}. The link-level end of the IPv6 output path: {@link #output} frames a packet for the link,
 * mapping multicast destinations to {@code 33:33:xx:xx:xx:xx} (RFC 2464 §7) and resolving unicast next hops.
 *
 * <p>Threading: addresses are an immutable array behind a volatile field whose elements carry a volatile state
 * (DAD moves it); the neighbor cache is thread-safe; receive threads, senders and the stack loop call in
 * concurrently. {@link #refresh} runs under {@code Stack.configLock}.
 */
final class Ipv6Link implements NeighborActions {

    private static final System.Logger LOG = System.getLogger(Ipv6Link.class.getName());
    /** RFC 4861 §10 RetransTimer: 1 s, the time DAD waits for an answer to its one solicitation. */
    static final long RETRANS_TIMER_NANOS = 1_000_000_000L;
    /** RFC 4862 §5.1 DupAddrDetectTransmits: 1 (Linux's {@code dad_transmits} default). */
    static final int DUP_ADDR_DETECT_TRANSMITS = 1;
    /** ff02::16, all MLDv2-capable routers (RFC 3810 §5.2.14). */
    static final Ipv6Address ALL_MLDV2_ROUTERS = new Ipv6Address(0xff02L << 48, 0x16);
    private static final long ALL_NODES_HIGH = 0xff02L << 48;

    private final Stack stack;
    private final Nic nic;
    private final NeighborCache ndp;
    private final TimerWheel.Timer ndpTimer;
    private final TimerWheel.Timer dadTimer;

    /** This interface's IPv6 addresses: the link-local one first (if any), then configured ones; replaced. */
    private volatile Address[] addresses = new Address[0];
    /** Routes learned from Router Advertisements; guarded by {@code this}, replaced. */
    private List<LearnedRoute> learned = List.of();
    private final TimerWheel.Timer lifetimeTimer;
    /** ff02::2, all routers (RFC 4291 §2.7.1). */
    private static final Ipv6Address ALL_ROUTERS = Ipv6Address.ALL_ROUTERS;
    /** RFC 4862 §5.5.3 (e): the two hours below which an unauthenticated RA cannot shorten a valid lifetime. */
    private static final long TWO_HOURS_NANOS = 7_200_000_000_000L;
    private static final IpPrefix DEFAULT_ROUTE = new IpPrefix(Ipv6Address.ANY, 0);

    /**
     * A route learned from a Router Advertisement (RFC 4861 §6.3.4): the default route through a router (router
     * lifetime) or an on-link prefix (Prefix Information option with L set, valid lifetime).
     *
     * @param destination the prefix
     * @param gateway the router's link-local address, or null for an on-link prefix
     * @param expiresNanos when it goes; {@link Long#MAX_VALUE} for an infinite lifetime
     */
    record LearnedRoute(IpPrefix destination, Ipv6Address gateway, long expiresNanos) {
    }

    /** One IPv6 address of this interface; its state moves from TENTATIVE to PREFERRED or DUPLICATE. */
    static final class Address {
        final long high;
        final long low;
        final int prefixLength;
        final AddressOrigin origin;
        volatile AddressState state;
        /** When DAD declares the address unique, if it is still TENTATIVE then. */
        volatile long dadDeadlineNanos;
        /** SLAAC: when the valid lifetime ends (the address goes); {@link Long#MAX_VALUE} for infinity. */
        volatile long validUntilNanos = Long.MAX_VALUE;
        /** SLAAC: when the preferred lifetime ends (the address is DEPRECATED); {@link Long#MAX_VALUE} for infinity. */
        volatile long preferredUntilNanos = Long.MAX_VALUE;

        Address(long high, long low, int prefixLength, AddressOrigin origin, AddressState state) {
            this.high = high;
            this.low = low;
            this.prefixLength = prefixLength;
            this.origin = origin;
            this.state = state;
        }

        Ipv6Address address() {
            return new Ipv6Address(high, low);
        }

        boolean usable() {
            AddressState s = state;
            return s == AddressState.PREFERRED || s == AddressState.DEPRECATED;
        }

        boolean is(long h, long l) {
            return high == h && low == l;
        }
    }

    Ipv6Link(Stack stack, Nic nic) {
        this.stack = stack;
        this.nic = nic;
        this.ndp = new NeighborCache(nic.name, IpFamily.IPV6, NeighborParams.defaults(), ThreadLocalRandom.current(),
                this, stack.nowNanos());
        this.ndpTimer = stack.loop().newTimer((timer, now) -> ndp.onTimer(now));
        this.dadTimer = stack.loop().newTimer((timer, now) -> dadTimer(now));
        this.lifetimeTimer = stack.loop().newTimer((timer, now) -> lifetimeTimer(now));
    }

    // ---- addresses ----

    /**
     * Recomputes the address list from the configuration and the attached link. Addresses that stay keep their
     * state; new ones on an Ethernet link start TENTATIVE and DAD begins for them (RFC 4862 §5.4: "before assigning
     * it to an interface"); on other links (loopback) they are PREFERRED at once (§5.4: DAD is not performed on
     * loopback interfaces). Called under {@code Stack.configLock}.
     *
     * <p>IPv6 is enabled on an interface by configuring an IPv6 address on it: only then does it get its link-local
     * address and speak NDP and MLD. An interface configured with IPv4 addresses alone stays silent in IPv6, as with
     * Linux's {@code disable_ipv6=1}; this keeps IPv4-only set-ups free of IPv6 chatter.
     *
     * @param configured the interface's configured addresses (any family; IPv6 ones are kept)
     * @param nowNanos the time
     */
    synchronized void refresh(List<IpPrefix> configured, long nowNanos) {
        Address[] old = addresses;
        List<Address> next = new ArrayList<>();
        MacAddress mac = nic.mac();
        boolean ethernet = nic.linkType() == LinkType.ETHERNET && mac != null;
        List<Address> fresh = new ArrayList<>();
        boolean enabled = false;
        for (IpPrefix p : configured) {
            enabled |= p.address() instanceof Ipv6Address;
        }
        if (ethernet && enabled) {
            Ipv6Address ll = LinkAddressing.linkLocal(mac);
            next.add(keepOrCreate(old, ll.high(), ll.low(), 64, AddressOrigin.LINK_LOCAL, fresh));
        }
        for (IpPrefix p : configured) {
            if (p.address() instanceof Ipv6Address v6 && find(next, v6.high(), v6.low()) == null) {
                next.add(keepOrCreate(old, v6.high(), v6.low(), p.length(), AddressOrigin.STATIC, fresh));
            }
        }
        if (ethernet && enabled) {
            for (Address a : old) {
                if (a.origin == AddressOrigin.SLAAC && find(next, a.high, a.low) == null) {
                    next.add(a); // learned from a router: stays until its lifetime ends
                }
            }
        } else {
            learned = List.of();
        }
        for (Address a : fresh) {
            a.state = ethernet ? AddressState.TENTATIVE : AddressState.PREFERRED;
            // Before the address is published: the DAD timer may run at any moment and reads the deadline.
            a.dadDeadlineNanos = nowNanos + DUP_ADDR_DETECT_TRANSMITS * RETRANS_TIMER_NANOS;
        }
        addresses = next.toArray(new Address[0]);
        if (ethernet) {
            for (Address a : fresh) {
                startDad(a, nowNanos);
            }
        }
    }

    private static Address keepOrCreate(Address[] old, long high, long low, int prefixLength, AddressOrigin origin,
            List<Address> fresh) {
        Address existing = find(old, high, low);
        if (existing != null && existing.prefixLength == prefixLength) {
            return existing;
        }
        Address created = new Address(high, low, prefixLength, origin, AddressState.TENTATIVE);
        fresh.add(created);
        return created;
    }

    private static Address find(Address[] list, long high, long low) {
        for (Address a : list) {
            if (a.is(high, low)) {
                return a;
            }
        }
        return null;
    }

    private static Address find(List<Address> list, long high, long low) {
        for (Address a : list) {
            if (a.is(high, low)) {
                return a;
            }
        }
        return null;
    }

    /**
     * @return the address with these bits in any state, or null
     */
    Address address(long high, long low) {
        return find(addresses, high, low);
    }

    /** @return whether the address is assigned here and usable (not tentative, not duplicate) */
    boolean isLocal(long high, long low) {
        Address a = find(addresses, high, low);
        return a != null && a.usable();
    }

    /**
     * @param high a multicast address, first 64 bits
     * @param low its last 64 bits
     * @return whether this interface listens to it: all-nodes (ff01::1, ff02::1) or the solicited-node group
     *     {@code ff02::1:ffXX:XXXX} of one of its addresses, tentative ones included (RFC 4862 §5.4.2: joined before
     *     the DAD solicitation is sent)
     */
    boolean isJoined(long high, long low) {
        if ((high == ALL_NODES_HIGH || high == (0xff01L << 48)) && low == 1) {
            return true;
        }
        if (high == ALL_NODES_HIGH && (low & 0xffff_ffff_ff00_0000L) == 0x0000_0001_ff00_0000L) {
            for (Address a : addresses) {
                if ((a.low & 0xff_ffffL) == (low & 0xff_ffffL)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return whether any usable IPv6 address is assigned here */
    boolean hasUsableAddress() {
        for (Address a : addresses) {
            if (a.usable()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Source address selection for this outgoing interface, RFC 6724 §5 simplified: only usable addresses (rule
     * 3: avoid deprecated ones when another will do); a link-local destination gets the link-local address (rule
     * 2, scope); otherwise the address sharing the longest prefix with the destination (rule 8), preferring global
     * scope over link-local.
     *
     * @param destinationHigh the destination (or next hop), first 64 bits
     * @param destinationLow its last 64 bits
     * @return the chosen address, or null if there is none usable
     */
    Address sourceFor(long destinationHigh, long destinationLow) {
        boolean linkScope = isLinkScope(destinationHigh);
        Address best = null;
        int bestScore = -1;
        for (Address a : addresses) {
            if (!a.usable()) {
                continue;
            }
            boolean aLinkLocal = (a.high >>> 54) == (0xfe80L >>> 6);
            int score = 0;
            if (aLinkLocal == linkScope) {
                score += 1000; // rule 2: same scope
            }
            if (a.state == AddressState.PREFERRED) {
                score += 500; // rule 3
            }
            score += commonPrefix(a.high, a.low, destinationHigh, destinationLow); // rule 8
            if (score > bestScore) {
                best = a;
                bestScore = score;
            }
        }
        return best;
    }

    private static int commonPrefix(long h1, long l1, long h2, long l2) {
        long x = h1 ^ h2;
        if (x != 0) {
            return Long.numberOfLeadingZeros(x);
        }
        return 64 + Long.numberOfLeadingZeros(l1 ^ l2);
    }

    /** @return whether an address is link-local unicast (fe80::/10) or a link- or interface-local multicast */
    static boolean isLinkScope(long high) {
        if ((high >>> 54) == (0xfe80L >>> 6)) {
            return true;
        }
        if ((high >>> 56) == 0xff) {
            int scope = (int) (high >>> 48) & 0xf;
            return scope <= 2;
        }
        return false;
    }

    /** @return the addresses for {@code InterfaceInfo}, with their DAD state */
    List<InterfaceAddress> info() {
        List<InterfaceAddress> list = new ArrayList<>();
        for (Address a : addresses) {
            list.add(new InterfaceAddress(new IpPrefix(a.address(), a.prefixLength), a.state, a.origin));
        }
        return list;
    }

    // ---- Duplicate Address Detection (RFC 4862 §5.4) ----

    private void startDad(Address a, long nowNanos) {
        // RFC 4862 §5.4.2: join the all-nodes and the solicited-node group first; Linux reports the membership.
        sendMldReport(a, nowNanos);
        sendDadSolicitation(a);
        scheduleDad();
    }

    private void scheduleDad() {
        long next = Long.MAX_VALUE;
        for (Address a : addresses) {
            if (a.state == AddressState.TENTATIVE) {
                next = Math.min(next, a.dadDeadlineNanos);
            }
        }
        if (next != Long.MAX_VALUE) {
            stack.loop().schedule(dadTimer, next);
        }
    }

    /**
     * The DAD timer: every tentative address whose RetransTimer has passed without a conflict becomes PREFERRED
     * (RFC 4862 §5.4: "If no response is received after waiting RetransTimer milliseconds after sending the
     * DupAddrDetectTransmits'th Neighbor Solicitation, the address is considered unique"). Runs on the stack
     * loop; tests call it with their own time.
     *
     * @param nowNanos the time
     */
    synchronized void dadTimer(long nowNanos) {
        for (Address a : addresses) {
            if (a.state == AddressState.TENTATIVE && a.dadDeadlineNanos - nowNanos <= 0) {
                a.state = a.preferredUntilNanos - nowNanos <= 0 ? AddressState.DEPRECATED : AddressState.PREFERRED;
                LOG.log(System.Logger.Level.INFO, () -> "interface " + nic.name + ": " + a.address()
                        + " passed duplicate address detection");
                announce(a);
                if (a.origin == AddressOrigin.LINK_LOCAL) {
                    // RFC 4861 §6.3.7: a host sends Router Solicitations when an interface becomes enabled; Linux
                    // sends its first once the link-local address is usable, with that address as the source.
                    sendRouterSolicitation(a);
                }
            }
        }
        scheduleDad();
    }

    /**
     * Announces a new address with an unsolicited Neighbor Advertisement to all-nodes (RFC 4861 §7.2.6: Solicited
     * clear, Override set, with our link-layer address), so that neighbors with a stale entry for it update it; the
     * IPv6 counterpart of a gratuitous ARP (Linux does so with {@code ndisc_notify}).
     */
    private void announce(Address address) {
        MacAddress mac = nic.mac();
        if (mac == null) {
            return;
        }
        NdpRepr na = new NdpRepr.NeighborAdvertisement(false, false, true, address.address(), mac);
        stack.counters.increment(StackCounter.ICMPV6_OUT_NEIGHBOR_ADVERTISEMENTS);
        sendNdp(na, address.high, address.low, ALL_NODES_HIGH, 1,
                LinkAddressing.multicastMac(Ipv6Address.ALL_NODES).bits());
    }

    private void sendRouterSolicitation(Address source) {
        MacAddress mac = nic.mac();
        if (mac == null) {
            return;
        }
        stack.counters.increment(StackCounter.ICMPV6_OUT_ROUTER_SOLICITS);
        // RFC 4861 §6.3.7: to all-routers, with a Source Link-Layer Address option as the source is not ::.
        sendNdp(new NdpRepr.RouterSolicitation(mac), source.high, source.low, ALL_ROUTERS.high(), ALL_ROUTERS.low(),
                LinkAddressing.multicastMac(ALL_ROUTERS).bits());
    }

    // ---- SLAAC (RFC 4862 §5.5) and routes from Router Advertisements (RFC 4861 §6.3.4) ----

    /** @return the routes learned from Router Advertisements; immutable */
    synchronized List<LearnedRoute> learnedRoutes() {
        return learned;
    }

    private void routerAdvertisement(Ipv6Packet ip, NdpPacket message, long nowNanos) {
        if (linkLocalUsable() == null) {
            return; // IPv6 is not enabled here, or the link-local address is not usable yet
        }
        NdpRepr.RouterAdvertisement ra;
        try {
            ra = (NdpRepr.RouterAdvertisement) NdpRepr.parse(message);
        } catch (RuntimeException e) {
            stack.counters.increment(StackCounter.ICMPV6_IN_ERRORS);
            return;
        }
        boolean routesChanged;
        synchronized (this) {
            routesChanged = applyRouterAdvertisement(ip.sourceAddress(), ra, nowNanos);
            scheduleLifetimes();
        }
        if (routesChanged) {
            stack.ipv6RoutesChanged();
        }
    }

    private boolean applyRouterAdvertisement(Ipv6Address router, NdpRepr.RouterAdvertisement ra, long nowNanos) {
        List<LearnedRoute> routes = new ArrayList<>(learned);
        boolean changed = upsert(routes, DEFAULT_ROUTE, router, ra.routerLifetimeSeconds(), nowNanos);
        for (NdpRepr.PrefixInformation p : ra.prefixes()) {
            Ipv6Address prefix = p.prefix();
            if ((prefix.high() >>> 54) == (0xfe80L >>> 6)) {
                continue; // RFC 4861 §6.3.4 and RFC 4862 §5.5.3 (b): the link-local prefix is ignored
            }
            if (p.onLink()) {
                changed |= upsert(routes, new IpPrefix(prefix, p.prefixLength()).network(), null,
                        p.validLifetimeSeconds(), nowNanos);
            }
            if (p.autonomous()) {
                autoconfigure(p, nowNanos);
            }
        }
        learned = List.copyOf(routes);
        return changed;
    }

    /** Adds, refreshes or (lifetime 0) removes a learned route; @return whether the set of routes changed */
    private static boolean upsert(List<LearnedRoute> routes, IpPrefix destination, Ipv6Address gateway,
            long lifetimeSeconds, long nowNanos) {
        boolean existed = routes.removeIf(r -> r.destination().equals(destination)
                && java.util.Objects.equals(r.gateway(), gateway));
        if (lifetimeSeconds == 0) {
            return existed;
        }
        routes.add(new LearnedRoute(destination, gateway, expiry(lifetimeSeconds, nowNanos)));
        return !existed;
    }

    private static long expiry(long lifetimeSeconds, long nowNanos) {
        return lifetimeSeconds == NdpOptions.INFINITE_LIFETIME ? Long.MAX_VALUE
                : nowNanos + lifetimeSeconds * 1_000_000_000L;
    }

    /** RFC 4862 §5.5.3: forms or refreshes the address of an autonomous prefix. */
    private void autoconfigure(NdpRepr.PrefixInformation p, long nowNanos) {
        long valid = p.validLifetimeSeconds();
        long preferred = p.preferredLifetimeSeconds();
        MacAddress mac = nic.mac();
        // (c): a preferred lifetime above the valid one is ignored; (d): the prefix plus the 64-bit EUI-64
        // interface identifier must make 128 bits.
        if (preferred > valid || p.prefixLength() != 64 || mac == null) {
            return;
        }
        long high = p.prefix().high();
        long low = LinkAddressing.eui64InterfaceId(mac);
        Address existing = find(addresses, high, low);
        if (existing == null) {
            if (valid == 0) {
                return;
            }
            Address a = new Address(high, low, 64, AddressOrigin.SLAAC, AddressState.TENTATIVE);
            a.validUntilNanos = expiry(valid, nowNanos);
            a.preferredUntilNanos = expiry(preferred, nowNanos);
            a.dadDeadlineNanos = nowNanos + DUP_ADDR_DETECT_TRANSMITS * RETRANS_TIMER_NANOS;
            Address[] grown = java.util.Arrays.copyOf(addresses, addresses.length + 1);
            grown[grown.length - 1] = a;
            addresses = grown;
            LOG.log(System.Logger.Level.INFO, () -> "interface " + nic.name + ": autoconfigured " + a.address()
                    + " from a router advertisement");
            startDad(a, nowNanos);
            return;
        }
        if (existing.origin != AddressOrigin.SLAAC) {
            return; // configured statically: the configuration owns it
        }
        existing.preferredUntilNanos = expiry(preferred, nowNanos);
        if (existing.state == AddressState.DEPRECATED && preferred > 0) {
            existing.state = AddressState.PREFERRED;
        }
        // (e): the two-hour rule against unauthenticated advertisements shortening a lifetime.
        long remaining = existing.validUntilNanos == Long.MAX_VALUE ? Long.MAX_VALUE
                : existing.validUntilNanos - nowNanos;
        long advertised = valid == NdpOptions.INFINITE_LIFETIME ? Long.MAX_VALUE : valid * 1_000_000_000L;
        if (advertised > TWO_HOURS_NANOS || advertised > remaining) {
            existing.validUntilNanos = expiry(valid, nowNanos);
        } else if (remaining > TWO_HOURS_NANOS) {
            existing.validUntilNanos = nowNanos + TWO_HOURS_NANOS;
        }
    }

    private void scheduleLifetimes() {
        long next = Long.MAX_VALUE;
        for (Address a : addresses) {
            if (a.origin == AddressOrigin.SLAAC) {
                next = Math.min(next, a.validUntilNanos);
                if (a.state == AddressState.PREFERRED) {
                    next = Math.min(next, a.preferredUntilNanos);
                }
            }
        }
        for (LearnedRoute r : learned) {
            next = Math.min(next, r.expiresNanos());
        }
        if (next != Long.MAX_VALUE) {
            stack.loop().schedule(lifetimeTimer, next);
        }
    }

    /**
     * The lifetime timer: autoconfigured addresses whose preferred lifetime ended become DEPRECATED, those whose
     * valid lifetime ended go (RFC 4862 §5.5.4); learned routes whose lifetime ended go (RFC 4861 §6.3.5). Runs on
     * the stack loop; tests call it with their own time.
     *
     * @param nowNanos the time
     */
    void lifetimeTimer(long nowNanos) {
        boolean routesChanged = false;
        synchronized (this) {
            List<Address> kept = new ArrayList<>();
            for (Address a : addresses) {
                if (a.origin == AddressOrigin.SLAAC && a.validUntilNanos - nowNanos <= 0) {
                    LOG.log(System.Logger.Level.INFO, () -> "interface " + nic.name + ": " + a.address()
                            + " expired");
                    continue;
                }
                if (a.origin == AddressOrigin.SLAAC && a.state == AddressState.PREFERRED
                        && a.preferredUntilNanos - nowNanos <= 0) {
                    a.state = AddressState.DEPRECATED;
                }
                kept.add(a);
            }
            if (kept.size() != addresses.length) {
                addresses = kept.toArray(new Address[0]);
            }
            List<LearnedRoute> routes = new ArrayList<>(learned);
            routesChanged = routes.removeIf(r -> r.expiresNanos() - nowNanos <= 0);
            learned = List.copyOf(routes);
            scheduleLifetimes();
        }
        if (routesChanged) {
            stack.ipv6RoutesChanged();
        }
    }

    private synchronized void duplicate(Address a, String how) {
        if (a.state != AddressState.TENTATIVE) {
            return;
        }
        a.state = AddressState.DUPLICATE;
        stack.counters.increment(StackCounter.IPV6_DAD_DUPLICATES);
        // RFC 4862 §5.4.5: log a system management error; the address is not used.
        LOG.log(System.Logger.Level.ERROR, () -> "interface " + nic.name + ": duplicate address " + a.address()
                + " detected (" + how + "); it will not be used");
    }

    private void sendDadSolicitation(Address a) {
        Ipv6Address target = a.address();
        Ipv6Address group = target.solicitedNode();
        NdpRepr ns = new NdpRepr.NeighborSolicitation(target, null, null);
        stack.counters.increment(StackCounter.ICMPV6_OUT_NEIGHBOR_SOLICITS);
        // RFC 4862 §5.4.2: from the unspecified address, to the solicited-node group, no link-layer option.
        sendNdp(ns, 0, 0, group.high(), group.low(), LinkAddressing.multicastMac(group).bits());
    }

    /**
     * Sends an unsolicited MLDv2 report (RFC 3810 §6.1) that this interface listens to the solicited-node group of
     * {@code a}: one CHANGE_TO_EXCLUDE record with no sources, to ff02::16, from the unspecified address while no
     * link-local address is usable (§5.2.13), with a Router Alert hop-by-hop option (§5), as Linux sends it.
     */
    private void sendMldReport(Address a, long nowNanos) {
        sendMldReport(List.of(new MldRepr.AddressRecord(MldPacket.CHANGE_TO_EXCLUDE_MODE,
                a.address().solicitedNode(), List.of())));
    }

    /** A query's answer is due at this time, or {@link Long#MAX_VALUE}; guarded by this. */
    private long mldAnswerDueNanos = Long.MAX_VALUE;
    /** Whether the pending answer covers every group (a general query) or only {@link #mldQueriedGroup}. */
    private boolean mldAnswerAll;
    private Ipv6Address mldQueriedGroup;
    private TimerWheel.Timer mldTimer;

    /**
     * A valid MLD query arrived (RFC 3810 §6.2): schedule the answer, a report of current-state records
     * (MODE_IS_EXCLUDE, no sources) for the groups asked about that we listen to, after a random delay in
     * [0, Maximum Response Delay]; an earlier pending answer is kept, a general query widens it to every group.
     * ff02::1 is never reported (§6).
     *
     * @param groupHigh the queried group's high bits, 0 (with {@code groupLow} 0) for a general query
     * @param groupLow the queried group's low bits
     * @param maxResponseMillis the query's Maximum Response Delay
     * @param nowNanos the time
     */
    synchronized void mldQuery(long groupHigh, long groupLow, long maxResponseMillis, long nowNanos) {
        boolean general = groupHigh == 0 && groupLow == 0;
        if (!general && !listensTo(groupHigh, groupLow)) {
            return;
        }
        long delay = maxResponseMillis <= 0 ? 0
                : ThreadLocalRandom.current().nextLong(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
                        maxResponseMillis) + 1);
        long due = nowNanos + delay;
        if (general) {
            mldAnswerAll = true;
        } else if (!mldAnswerAll && mldAnswerDueNanos == Long.MAX_VALUE) {
            mldQueriedGroup = new Ipv6Address(groupHigh, groupLow);
        } else if (!mldAnswerAll && mldQueriedGroup != null
                && !mldQueriedGroup.equals(new Ipv6Address(groupHigh, groupLow))) {
            mldAnswerAll = true; // two different groups asked: answer for all
        }
        if (due < mldAnswerDueNanos) {
            mldAnswerDueNanos = due;
            if (mldTimer == null) {
                mldTimer = stack.loop().newTimer((timer, now) -> mldAnswer(now));
            }
            stack.loop().schedule(mldTimer, due);
        }
    }

    private boolean listensTo(long groupHigh, long groupLow) {
        for (Address a : addresses) {
            Ipv6Address g = a.address().solicitedNode();
            if (g.high() == groupHigh && g.low() == groupLow && a.state != AddressState.DUPLICATE) {
                return true;
            }
        }
        return false;
    }

    /** Sends the answer scheduled by {@link #mldQuery}; runs on the stack loop, tests call it directly. */
    synchronized void mldAnswer(long nowNanos) {
        if (mldAnswerDueNanos == Long.MAX_VALUE || mldAnswerDueNanos - nowNanos > 0) {
            return;
        }
        List<MldRepr.AddressRecord> records = new java.util.ArrayList<>();
        java.util.Set<Ipv6Address> seen = new java.util.HashSet<>();
        for (Address a : addresses) {
            Ipv6Address g = a.address().solicitedNode();
            if (a.state != AddressState.DUPLICATE && (mldAnswerAll || g.equals(mldQueriedGroup)) && seen.add(g)) {
                records.add(new MldRepr.AddressRecord(MldPacket.MODE_IS_EXCLUDE, g, List.of()));
            }
        }
        mldAnswerDueNanos = Long.MAX_VALUE;
        mldAnswerAll = false;
        mldQueriedGroup = null;
        if (!records.isEmpty()) {
            sendMldReport(records);
        }
    }

    private void sendMldReport(List<MldRepr.AddressRecord> records) {
        MacAddress mac = nic.mac();
        if (mac == null) {
            return;
        }
        MldRepr report = new MldRepr.Mldv2Report(records);
        int icmpLength = report.length();
        int hopByHop = 8;
        PacketBuffer out = stack.pool().allocate(Ipv6Packet.HEADER_LENGTH + hopByHop + icmpLength,
                EthernetFrame.HEADER_BYTES);
        out.append(Ipv6Packet.HEADER_LENGTH + hopByHop + icmpLength);
        MldPacket mld = new MldPacket();
        mld.wrap(out.segment(), out.start() + Ipv6Packet.HEADER_LENGTH + hopByHop, icmpLength);
        report.emit(mld);
        // Hop-by-hop header: next header 58, length 0, Router Alert (type 5, length 2, value 0 = MLD), PadN(0).
        long h = out.start() + Ipv6Packet.HEADER_LENGTH;
        var seg = out.segment();
        byte[] hbh = {Ipv6Packet.ICMPV6, 0, 5, 2, 0, 0, 1, 0};
        for (int i = 0; i < hbh.length; i++) {
            seg.set(java.lang.foreign.ValueLayout.JAVA_BYTE, h + i, hbh[i]);
        }
        Address ll = linkLocalUsable();
        long srcHigh = ll == null ? 0 : ll.high;
        long srcLow = ll == null ? 0 : ll.low;
        Ipv6Packet ip = new Ipv6Packet().wrap(out);
        Ipv6Layer.emitHeader(ip, Ipv6Packet.HOP_BY_HOP, hopByHop + icmpLength, 1, srcHigh, srcLow,
                ALL_MLDV2_ROUTERS.high(), ALL_MLDV2_ROUTERS.low());
        new Icmpv6Packet().wrap(seg, h + hopByHop, icmpLength).fillChecksum(ip);
        stack.counters.increment(StackCounter.ICMPV6_OUT_MSGS);
        stack.counters.increment(StackCounter.ICMPV6_OUT_MLD_REPORTS);
        sendFrame(out, LinkAddressing.multicastMac(ALL_MLDV2_ROUTERS).bits());
    }

    private Address linkLocalUsable() {
        for (Address a : addresses) {
            if (a.origin == AddressOrigin.LINK_LOCAL && a.usable()) {
                return a;
            }
        }
        return null;
    }

    // ---- NDP receive ----

    /**
     * Handles a Neighbor Discovery message that passed {@link NdpPacket#check}. Ownership of {@code packet}
     * (window at the ICMPv6 message) passes here.
     *
     * @param ip the IPv6 header that carried it
     * @param message a view over the message
     * @param packet the buffer
     * @param nowNanos the time
     */
    void receiveNdp(Ipv6Packet ip, NdpPacket message, PacketBuffer packet, long nowNanos) {
        try {
            NdpOptions options = message.options(stack.views().ndpOptions);
            switch (message.type()) {
                case Icmpv6Packet.NEIGHBOR_SOLICITATION -> {
                    stack.counters.increment(StackCounter.ICMPV6_IN_NEIGHBOR_SOLICITS);
                    solicitation(ip, message, options, nowNanos);
                }
                case Icmpv6Packet.NEIGHBOR_ADVERTISEMENT -> {
                    stack.counters.increment(StackCounter.ICMPV6_IN_NEIGHBOR_ADVERTISEMENTS);
                    advertisement(message, options, nowNanos);
                }
                case Icmpv6Packet.ROUTER_ADVERTISEMENT -> {
                    stack.counters.increment(StackCounter.ICMPV6_IN_ROUTER_ADVERTISEMENTS);
                    // RFC 4861 §6.3.4: a Source Link-Layer Address option updates (or creates) the router's entry.
                    int at = options.find(NdpOptions.SOURCE_LINK_LAYER_ADDRESS);
                    ndp.linkAddressReceived(ip.sourceAddress(),
                            at < 0 ? NeighborCache.NO_LINK_ADDRESS : options.linkLayerAddress(at),
                            NeighborCache.RouterFlag.SET, at >= 0, nowNanos);
                    routerAdvertisement(ip, message, nowNanos);
                }
                default -> {
                    // Router Solicitations (we are no router) and Redirects (no default router list yet): ignored.
                }
            }
        } finally {
            packet.release();
        }
    }

    private void solicitation(Ipv6Packet ip, NdpPacket message, NdpOptions options, long nowNanos) {
        long targetHigh = message.targetAddressHigh();
        long targetLow = message.targetAddressLow();
        Address target = find(addresses, targetHigh, targetLow);
        if (target == null || target.state == AddressState.DUPLICATE) {
            return; // RFC 4861 §7.2.3: not one of our addresses: silently discard
        }
        boolean dad = ip.sourceAddressHigh() == 0 && ip.sourceAddressLow() == 0;
        if (target.state == AddressState.TENTATIVE) {
            // RFC 4862 §5.4.3: a DAD solicitation for our tentative address means someone else is trying it too;
            // any other solicitation for it is silently discarded.
            if (dad) {
                duplicate(target, "another node's duplicate address detection");
            }
            return;
        }
        MacAddress ourMac = nic.mac();
        if (ourMac == null) {
            return;
        }
        if (dad) {
            // RFC 4861 §7.2.4: answer a DAD solicitation to all-nodes, Solicited clear.
            NdpRepr na = new NdpRepr.NeighborAdvertisement(false, false, true, target.address(), ourMac);
            stack.counters.increment(StackCounter.ICMPV6_OUT_NEIGHBOR_ADVERTISEMENTS);
            sendNdp(na, targetHigh, targetLow, ALL_NODES_HIGH, 1,
                    LinkAddressing.multicastMac(Ipv6Address.ALL_NODES).bits());
            return;
        }
        Ipv6Address source = ip.sourceAddress();
        int at = options.find(NdpOptions.SOURCE_LINK_LAYER_ADDRESS);
        long sourceMac = NeighborCache.NO_LINK_ADDRESS;
        if (at >= 0) {
            sourceMac = options.linkLayerAddress(at);
            ndp.solicitationReceived(source, sourceMac, nowNanos);
        }
        // RFC 4861 §7.2.4: Solicited and Override set, a Target Link-Layer Address option, unicast to the source.
        NdpRepr na = new NdpRepr.NeighborAdvertisement(false, true, true, target.address(), ourMac);
        stack.counters.increment(StackCounter.ICMPV6_OUT_NEIGHBOR_ADVERTISEMENTS);
        long mac = sourceMac;
        if (mac == NeighborCache.NO_LINK_ADDRESS) {
            NeighborInfoMac known = knownMac(source);
            if (known == null) {
                return; // a unicast probe from a neighbor we do not know: §7.2.4 would need resolution; skip
            }
            mac = known.bits;
        }
        sendNdp(na, targetHigh, targetLow, source.high(), source.low(), mac);
    }

    private record NeighborInfoMac(long bits) {
    }

    private NeighborInfoMac knownMac(Ipv6Address address) {
        netstack.api.admin.NeighborInfo info = ndp.find(address);
        return info == null || info.macAddress() == null ? null : new NeighborInfoMac(info.macAddress().bits());
    }

    private void advertisement(NdpPacket message, NdpOptions options, long nowNanos) {
        long targetHigh = message.targetAddressHigh();
        long targetLow = message.targetAddressLow();
        Address ours = find(addresses, targetHigh, targetLow);
        if (ours != null) {
            if (ours.state == AddressState.TENTATIVE) {
                // RFC 4862 §5.4.4: an advertisement for a tentative address: it is a duplicate.
                duplicate(ours, "a neighbor advertisement for it");
            } else {
                LOG.log(System.Logger.Level.WARNING, () -> "interface " + nic.name + ": a neighbor advertises our "
                        + "address " + ours.address());
            }
            return;
        }
        int at = options.find(NdpOptions.TARGET_LINK_LAYER_ADDRESS);
        ndp.advertisementReceived(message.targetAddress(),
                at < 0 ? NeighborCache.NO_LINK_ADDRESS : options.linkLayerAddress(at), message.solicited(),
                message.override(), message.router(), nowNanos);
    }

    // ---- output ----

    /**
     * Sends an IPv6 packet out of this interface. Ownership of {@code packet} (window at the IPv6 header) passes
     * here.
     *
     * @param packet the packet
     * @param nextHop the neighbor to hand it to (the destination if on-link, else the router); ignored for
     *     multicast destinations
     * @param destinationHigh the destination, first 64 bits, to recognise multicast
     * @param destinationLow its last 64 bits
     * @param nowNanos the time
     * @return {@link TransportContext#SENT} if sent or queued for resolution, else {@link TransportContext#DROPPED}
     */
    int output(PacketBuffer packet, Ipv6Address nextHop, long destinationHigh, long destinationLow, long nowNanos) {
        LinkType type = nic.linkType();
        if (type == null) {
            packet.release();
            nic.countOutDiscard();
            return TransportContext.DROPPED;
        }
        if (type == LinkType.RAW_IP) {
            return nic.transmit(packet) ? TransportContext.SENT : TransportContext.DROPPED;
        }
        long mac;
        if ((destinationHigh >>> 56) == 0xff) {
            mac = (0x3333L << 32) | (destinationLow & 0xffff_ffffL); // RFC 2464 §7
        } else {
            mac = ndp.usableMac(nextHop.high(), nextHop.low(), nowNanos);
            if (mac == NeighborCache.MISS) {
                Ipv6Packet ip = stack.views().ipv6Out.wrap(packet);
                Ipv6Address source = new Ipv6Address(ip.sourceAddressHigh(), ip.sourceAddressLow());
                mac = ndp.resolve(nextHop, source, packet, nowNanos);
            }
            if (mac == NeighborCache.QUEUED) {
                return TransportContext.SENT;
            }
            if (mac == NeighborCache.DROPPED) {
                return TransportContext.DROPPED;
            }
        }
        return sendFrame(packet, mac) ? TransportContext.SENT : TransportContext.DROPPED;
    }

    /** Prepends the Ethernet header and transmits; ownership of {@code payload} passes here. */
    private boolean sendFrame(PacketBuffer payload, long destinationMac) {
        MacAddress ourMac = nic.mac();
        if (ourMac == null || payload.headroom() < EthernetFrame.HEADER_BYTES) {
            payload.release();
            nic.countOutDiscard();
            return false;
        }
        payload.prepend(EthernetFrame.HEADER_BYTES);
        stack.views().ethernet.wrap(payload).emit(destinationMac, ourMac.bits(), EtherType.IPV6);
        return nic.transmit(payload);
    }

    /** Builds and sends an NDP message with hop limit 255 (RFC 4861 §7.1) straight to a link-layer address. */
    private void sendNdp(NdpRepr repr, long srcHigh, long srcLow, long dstHigh, long dstLow, long mac) {
        int length = repr.length();
        PacketBuffer out = stack.pool().allocate(Ipv6Packet.HEADER_LENGTH + length, EthernetFrame.HEADER_BYTES);
        out.append(Ipv6Packet.HEADER_LENGTH + length);
        NdpPacket message = stack.views().ndpOut;
        message.wrap(out.segment(), out.start() + Ipv6Packet.HEADER_LENGTH, length);
        repr.emit(message);
        Ipv6Packet ip = stack.views().ipv6Out.wrap(out);
        Ipv6Layer.emitHeader(ip, Ipv6Packet.ICMPV6, length, NdpPacket.HOP_LIMIT, srcHigh, srcLow, dstHigh, dstLow);
        stack.views().icmpv6Out.wrap(out.segment(), out.start() + Ipv6Packet.HEADER_LENGTH, length).fillChecksum(ip);
        stack.counters.increment(StackCounter.ICMPV6_OUT_MSGS);
        sendFrame(out, mac);
    }

    // ---- NeighborActions ----

    @Override
    public void sendSolicitation(IpAddress target, IpAddress promptingSource, long unicastMacBits, long nowNanos) {
        MacAddress ourMac = nic.mac();
        Ipv6Address t = (Ipv6Address) target;
        // RFC 4861 §7.2.2: the prompting packet's source if it is ours, else any of this interface's addresses.
        Address source = promptingSource instanceof Ipv6Address p ? find(addresses, p.high(), p.low()) : null;
        if (source == null || !source.usable()) {
            source = sourceFor(t.high(), t.low());
        }
        if (ourMac == null || source == null) {
            return;
        }
        NdpRepr ns = new NdpRepr.NeighborSolicitation(t, ourMac, null);
        stack.counters.increment(StackCounter.ICMPV6_OUT_NEIGHBOR_SOLICITS);
        if (unicastMacBits == MULTICAST) {
            Ipv6Address group = t.solicitedNode();
            sendNdp(ns, source.high, source.low, group.high(), group.low(), LinkAddressing.multicastMac(group).bits());
        } else {
            sendNdp(ns, source.high, source.low, t.high(), t.low(), unicastMacBits);
        }
    }

    @Override
    public void transmit(IpAddress neighbor, PacketBuffer packet, long macBits) {
        sendFrame(packet, macBits);
    }

    @Override
    public void dropUnresolved(IpAddress neighbor, PacketBuffer packet, NeighborDropReason reason) {
        stack.counters.increment(StackCounter.IPV6_OUT_DISCARDS);
        try {
            if (reason.reportsUnreachable()) {
                stack.ipv6().unresolved(packet, (Ipv6Address) neighbor);
            }
        } finally {
            packet.release();
        }
    }

    @Override
    public void scheduleTimer(long deadlineNanos) {
        stack.loop().schedule(ndpTimer, deadlineNanos);
    }

    // ---- life cycle and views ----

    /** The link went away or lost carrier: forget dynamic neighbors. */
    void linkDown() {
        ndp.linkDown(stack.nowNanos());
    }

    /**
     * Carrier came back: RFC 4862 §5.4 asks for DAD "each time an interface is (re)initialized", since another
     * node may have taken an address meanwhile. Every address starts over as TENTATIVE, as Linux does on link up;
     * the link-local address passing DAD again sends a Router Solicitation.
     *
     * @param nowNanos the time
     */
    synchronized void carrierUp(long nowNanos) {
        if (nic.linkType() != LinkType.ETHERNET || nic.mac() == null) {
            return;
        }
        Address[] current = addresses;
        for (Address a : current) {
            a.dadDeadlineNanos = nowNanos + DUP_ADDR_DETECT_TRANSMITS * RETRANS_TIMER_NANOS;
            a.state = AddressState.TENTATIVE;
        }
        for (Address a : current) {
            startDad(a, nowNanos);
        }
    }

    /** @return the neighbor cache */
    NeighborCache ndp() {
        return ndp;
    }
}
