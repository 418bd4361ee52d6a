package netstack.ip.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import netstack.api.net.Ipv6Address;
import netstack.api.net.MacAddress;

/**
 * A Neighbor Discovery message (RFC 4861 §4) as a value: fixed fields plus the options this stack acts on. Used to
 * build the messages the stack sends and, on control paths and in tests, to read received ones. Absent options are
 * {@code null} (or empty lists).
 *
 * <p>{@link #emit(NdpPacket)} writes every byte of the message with a zero checksum; the sender then fills the
 * checksum through an {@link Icmpv6Packet} view over the same bytes. {@link #parse(NdpPacket)} reads a message that
 * passed {@link NdpPacket#check(Ipv6Packet)}; it keeps the first of repeated single options, ignores options it does
 * not know and known options of the wrong length (RFC 4861 §4.6: silently ignored).
 */
public sealed interface NdpRepr {

    /** @return the ICMPv6 type */
    int type();

    /** @return the message's length in bytes, options included */
    int length();

    /**
     * Writes the whole message, checksum zero.
     *
     * @param packet a view whose window holds at least {@link #length()} bytes; it is shortened to the message
     * @throws IndexOutOfBoundsException if the window is too short
     */
    void emit(NdpPacket packet);

    /**
     * @param packet a message that passed {@link NdpPacket#check(Ipv6Packet)}
     * @return its value
     * @throws IllegalArgumentException if the message is not an NDP type
     */
    static NdpRepr parse(NdpPacket packet) {
        NdpOptions o = packet.options(new NdpOptions());
        MacAddress sourceLinkLayer = linkLayerOption(o, NdpOptions.SOURCE_LINK_LAYER_ADDRESS);
        return switch (packet.type()) {
            case Icmpv6Packet.ROUTER_SOLICITATION -> new RouterSolicitation(sourceLinkLayer);
            case Icmpv6Packet.ROUTER_ADVERTISEMENT -> {
                long mtu = -1;
                List<PrefixInformation> prefixes = new ArrayList<>();
                List<RouteInformation> routes = new ArrayList<>();
                for (int at = o.firstOption(); at >= 0; at = o.nextOption(at)) {
                    if (!o.wellFormed(at)) {
                        continue;
                    }
                    switch (o.type(at)) {
                        case NdpOptions.MTU -> mtu = mtu < 0 ? o.mtu(at) : mtu;
                        case NdpOptions.PREFIX_INFORMATION -> prefixes.add(new PrefixInformation(o.prefixLength(at),
                                o.prefixOnLink(at), o.prefixAutonomous(at), o.prefixValidLifetimeSeconds(at),
                                o.prefixPreferredLifetimeSeconds(at), o.prefix(at)));
                        case NdpOptions.ROUTE_INFORMATION -> routes.add(new RouteInformation(o.routePrefixLength(at),
                                o.routePreference(at), o.routeLifetimeSeconds(at),
                                new Ipv6Address(o.routePrefixHigh(at), o.routePrefixLow(at))));
                        default -> {
                        }
                    }
                }
                yield new RouterAdvertisement(packet.curHopLimit(), packet.managed(), packet.otherConfiguration(),
                        packet.routerPreference(), packet.routerLifetimeSeconds(), packet.reachableTimeMillis(),
                        packet.retransTimerMillis(), sourceLinkLayer, mtu, prefixes, routes);
            }
            case Icmpv6Packet.NEIGHBOR_SOLICITATION -> {
                int at = o.find(NdpOptions.NONCE);
                Nonce nonce = null;
                if (at >= 0 && o.wellFormed(at)) {
                    byte[] bytes = new byte[o.nonceLength(at)];
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = (byte) o.u8(o.nonceOffset(at) + i);
                    }
                    nonce = new Nonce(bytes);
                }
                yield new NeighborSolicitation(packet.targetAddress(), sourceLinkLayer, nonce);
            }
            case Icmpv6Packet.NEIGHBOR_ADVERTISEMENT -> new NeighborAdvertisement(packet.router(),
                    packet.solicited(), packet.override(), packet.targetAddress(),
                    linkLayerOption(o, NdpOptions.TARGET_LINK_LAYER_ADDRESS));
            case Icmpv6Packet.REDIRECT -> {
                int at = o.find(NdpOptions.REDIRECTED_HEADER);
                yield new Redirect(packet.targetAddress(), packet.redirectDestination(),
                        linkLayerOption(o, NdpOptions.TARGET_LINK_LAYER_ADDRESS),
                        at >= 0 ? o.redirectedHeaderLength(at) : -1);
            }
            default -> throw new IllegalArgumentException("ICMPv6 type " + packet.type() + " is not NDP");
        };
    }

    private static MacAddress linkLayerOption(NdpOptions o, int type) {
        for (int at = o.firstOption(); at >= 0; at = o.nextOption(at)) {
            if (o.type(at) == type && o.wellFormed(at)) {
                return new MacAddress(o.linkLayerAddress(at));
            }
        }
        return null;
    }

    /** Writes type, code 0, checksum 0 and zeroes the rest of the fixed part. */
    private static NdpOptions header(NdpPacket packet, int type, int length) {
        if (packet.length() < length) {
            throw new IndexOutOfBoundsException("this message needs " + length + " bytes, the window has "
                    + packet.length());
        }
        packet.wrap(packet.segment(), packet.offset(), length);
        int fixed = NdpPacket.optionsOffset(type);
        for (int i = 0; i < fixed; i += 4) {
            packet.u32(i, 0);
        }
        packet.u8(NdpPacket.TYPE, type);
        return packet.options(new NdpOptions());
    }

    private static int linkLayerLength(MacAddress mac) {
        return mac == null ? 0 : NdpOptions.LINK_LAYER_ADDRESS_LENGTH;
    }

    private static void writeAddress(NdpPacket packet, int at, Ipv6Address address) {
        packet.segment().set(Flyweight.U64, packet.offset() + at, address.high());
        packet.segment().set(Flyweight.U64, packet.offset() + at + 8, address.low());
    }

    /**
     * Router Solicitation (RFC 4861 §4.1).
     *
     * @param sourceLinkLayerAddress the sender's link-layer address, or {@code null}: it must be absent when the
     *     source is the unspecified address
     */
    record RouterSolicitation(MacAddress sourceLinkLayerAddress) implements NdpRepr {
        @Override
        public int type() {
            return Icmpv6Packet.ROUTER_SOLICITATION;
        }

        @Override
        public int length() {
            return 8 + linkLayerLength(sourceLinkLayerAddress);
        }

        @Override
        public void emit(NdpPacket packet) {
            NdpOptions o = header(packet, type(), length());
            if (sourceLinkLayerAddress != null) {
                o.writeLinkLayerAddress(0, NdpOptions.SOURCE_LINK_LAYER_ADDRESS, sourceLinkLayerAddress.bits());
            }
        }
    }

    /**
     * Router Advertisement (RFC 4861 §4.2) with the options a host acts on.
     *
     * @param curHopLimit the hop limit hosts should use, 0 unspecified
     * @param managed the M flag
     * @param otherConfiguration the O flag
     * @param routerPreference RFC 4191 §2.2: 1 high, 0 medium, 3 low
     * @param routerLifetimeSeconds 0..65535; 0 means not a default router
     * @param reachableTimeMillis 0 unspecified, unsigned 32 bits
     * @param retransTimerMillis 0 unspecified, unsigned 32 bits
     * @param sourceLinkLayerAddress the router's link-layer address, or {@code null}
     * @param mtuBytes the MTU option's value, or -1 if absent
     * @param prefixes the Prefix Information options
     * @param routes the Route Information options (RFC 4191)
     */
    record RouterAdvertisement(int curHopLimit, boolean managed, boolean otherConfiguration, int routerPreference,
            int routerLifetimeSeconds, long reachableTimeMillis, long retransTimerMillis,
            MacAddress sourceLinkLayerAddress, long mtuBytes, List<PrefixInformation> prefixes,
            List<RouteInformation> routes) implements NdpRepr {

        /** @throws IllegalArgumentException if a field does not fit its bits */
        public RouterAdvertisement {
            Ipv6Repr.requireBits("cur hop limit", curHopLimit, 8);
            Ipv6Repr.requireBits("router preference", routerPreference, 2);
            Ipv6Repr.requireBits("router lifetime", routerLifetimeSeconds, 16);
            Ipv6Repr.requireBits("reachable time", reachableTimeMillis, 32);
            Ipv6Repr.requireBits("retrans timer", retransTimerMillis, 32);
            if (mtuBytes != -1) {
                Ipv6Repr.requireBits("MTU", mtuBytes, 32);
            }
            prefixes = List.copyOf(prefixes);
            routes = List.copyOf(routes);
        }

        @Override
        public int type() {
            return Icmpv6Packet.ROUTER_ADVERTISEMENT;
        }

        @Override
        public int length() {
            int n = 16 + linkLayerLength(sourceLinkLayerAddress) + (mtuBytes >= 0 ? NdpOptions.MTU_LENGTH : 0)
                    + prefixes.size() * NdpOptions.PREFIX_INFORMATION_LENGTH;
            for (RouteInformation r : routes) {
                n += r.optionLength();
            }
            return n;
        }

        @Override
        public void emit(NdpPacket packet) {
            NdpOptions o = header(packet, type(), length());
            packet.u8(NdpPacket.CUR_HOP_LIMIT, curHopLimit);
            packet.u8(NdpPacket.ROUTER_FLAGS, (managed ? NdpPacket.FLAG_MANAGED : 0)
                    | (otherConfiguration ? NdpPacket.FLAG_OTHER : 0) | (routerPreference << 3));
            packet.u16(NdpPacket.ROUTER_LIFETIME, routerLifetimeSeconds);
            packet.u32(NdpPacket.REACHABLE_TIME, (int) reachableTimeMillis);
            packet.u32(NdpPacket.RETRANS_TIMER, (int) retransTimerMillis);
            int at = 0;
            if (sourceLinkLayerAddress != null) {
                at += o.writeLinkLayerAddress(at, NdpOptions.SOURCE_LINK_LAYER_ADDRESS, sourceLinkLayerAddress.bits());
            }
            if (mtuBytes >= 0) {
                at += o.writeMtu(at, mtuBytes);
            }
            for (PrefixInformation p : prefixes) {
                at += o.writePrefixInformation(at, p.prefixLength(), p.onLink(), p.autonomous(),
                        p.validLifetimeSeconds(), p.preferredLifetimeSeconds(), p.prefix().high(), p.prefix().low());
            }
            for (RouteInformation r : routes) {
                at += o.writeRouteInformation(at, r.prefixLength(), r.preference(), r.lifetimeSeconds(),
                        r.prefix().high(), r.prefix().low());
            }
        }
    }

    /**
     * Prefix Information (RFC 4861 §4.6.2).
     *
     * @param prefixLength 0..128
     * @param onLink the L flag
     * @param autonomous the A flag
     * @param validLifetimeSeconds unsigned 32 bits, {@link NdpOptions#INFINITE_LIFETIME} for infinity
     * @param preferredLifetimeSeconds unsigned 32 bits
     * @param prefix the prefix (bits past the prefix length are sent as given; receivers ignore them)
     */
    record PrefixInformation(int prefixLength, boolean onLink, boolean autonomous, long validLifetimeSeconds,
            long preferredLifetimeSeconds, Ipv6Address prefix) {
        /** @throws IllegalArgumentException if a field is out of range */
        public PrefixInformation {
            if (prefixLength < 0 || prefixLength > 128) {
                throw new IllegalArgumentException("prefix length " + prefixLength + " is not in 0..128");
            }
            Ipv6Repr.requireBits("valid lifetime", validLifetimeSeconds, 32);
            Ipv6Repr.requireBits("preferred lifetime", preferredLifetimeSeconds, 32);
            Objects.requireNonNull(prefix, "prefix");
        }
    }

    /**
     * Route Information (RFC 4191 §2.3).
     *
     * @param prefixLength 0..128
     * @param preference 1 high, 0 medium, 3 low (2 is reserved: receivers ignore such an option, RFC 4191 §3.1)
     * @param lifetimeSeconds unsigned 32 bits, {@link NdpOptions#INFINITE_LIFETIME} for infinity
     * @param prefix the prefix; only the bytes the option's length carries survive a round trip
     */
    record RouteInformation(int prefixLength, int preference, long lifetimeSeconds, Ipv6Address prefix) {
        /** @throws IllegalArgumentException if a field is out of range */
        public RouteInformation {
            if (prefixLength < 0 || prefixLength > 128) {
                throw new IllegalArgumentException("prefix length " + prefixLength + " is not in 0..128");
            }
            Ipv6Repr.requireBits("preference", preference, 2);
            Ipv6Repr.requireBits("route lifetime", lifetimeSeconds, 32);
            Objects.requireNonNull(prefix, "prefix");
        }

        /** @return the option's length in bytes: 8, 16 or 24 by prefix length */
        public int optionLength() {
            return prefixLength == 0 ? 8 : prefixLength <= 64 ? 16 : 24;
        }
    }

    /**
     * A Nonce option's value (RFC 3971 §5.3.2): 6, 14, 22... random bytes.
     *
     * @param bytes the nonce; copied in and out
     */
    record Nonce(byte[] bytes) {
        /** @throws IllegalArgumentException if the length does not make an option a multiple of 8 bytes */
        public Nonce {
            if (bytes.length < 6 || (bytes.length + 2) % 8 != 0) {
                throw new IllegalArgumentException("a nonce has 6, 14, 22... bytes, not " + bytes.length);
            }
            bytes = bytes.clone();
        }

        /**
         * @param nonce48 a 6-byte nonce in the low 48 bits, as RFC 7527 implementations send it
         * @return the nonce
         */
        public static Nonce of48(long nonce48) {
            byte[] b = new byte[6];
            for (int i = 0; i < 6; i++) {
                b[i] = (byte) (nonce48 >>> (40 - 8 * i));
            }
            return new Nonce(b);
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Nonce n && Arrays.equals(bytes, n.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Nonce[" + HexFormat.of().formatHex(bytes) + "]";
        }
    }

    /**
     * Neighbor Solicitation (RFC 4861 §4.3).
     *
     * @param target the address whose link-layer address is sought, or that is being checked by DAD
     * @param sourceLinkLayerAddress the sender's link-layer address, or {@code null} (always for DAD, §7.2.2)
     * @param nonce the Nonce option of enhanced DAD (RFC 7527 §4.1), or {@code null}
     */
    record NeighborSolicitation(Ipv6Address target, MacAddress sourceLinkLayerAddress, Nonce nonce)
            implements NdpRepr {
        /** @throws NullPointerException if the target is null */
        public NeighborSolicitation {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public int type() {
            return Icmpv6Packet.NEIGHBOR_SOLICITATION;
        }

        @Override
        public int length() {
            return 24 + linkLayerLength(sourceLinkLayerAddress) + (nonce == null ? 0 : nonce.bytes.length + 2);
        }

        @Override
        public void emit(NdpPacket packet) {
            NdpOptions o = header(packet, type(), length());
            writeAddress(packet, NdpPacket.TARGET_ADDRESS, target);
            int at = 0;
            if (sourceLinkLayerAddress != null) {
                at += o.writeLinkLayerAddress(at, NdpOptions.SOURCE_LINK_LAYER_ADDRESS, sourceLinkLayerAddress.bits());
            }
            if (nonce != null) {
                o.writeNonce(at, nonce.bytes);
            }
        }
    }

    /**
     * Neighbor Advertisement (RFC 4861 §4.4).
     *
     * @param router the R flag
     * @param solicited the S flag
     * @param override the O flag
     * @param target the address advertised
     * @param targetLinkLayerAddress the target's link-layer address, or {@code null}
     */
    record NeighborAdvertisement(boolean router, boolean solicited, boolean override, Ipv6Address target,
            MacAddress targetLinkLayerAddress) implements NdpRepr {
        /** @throws NullPointerException if the target is null */
        public NeighborAdvertisement {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public int type() {
            return Icmpv6Packet.NEIGHBOR_ADVERTISEMENT;
        }

        @Override
        public int length() {
            return 24 + linkLayerLength(targetLinkLayerAddress);
        }

        @Override
        public void emit(NdpPacket packet) {
            NdpOptions o = header(packet, type(), length());
            packet.u8(NdpPacket.NEIGHBOR_FLAGS, (router ? NdpPacket.FLAG_ROUTER : 0)
                    | (solicited ? NdpPacket.FLAG_SOLICITED : 0) | (override ? NdpPacket.FLAG_OVERRIDE : 0));
            writeAddress(packet, NdpPacket.TARGET_ADDRESS, target);
            if (targetLinkLayerAddress != null) {
                o.writeLinkLayerAddress(0, NdpOptions.TARGET_LINK_LAYER_ADDRESS, targetLinkLayerAddress.bits());
            }
        }
    }

    /**
     * Redirect (RFC 4861 §4.5). The quoted packet is not part of the value: {@link #emit} zero-fills room for
     * {@code redirectedBytes} in a Redirected Header option, into which the sender copies as much of the invoking
     * packet as fits in 1280 bytes (§4.5).
     *
     * @param target the better first hop (link-local) or the destination itself when it is on-link
     * @param destination the destination that is redirected
     * @param targetLinkLayerAddress the target's link-layer address, or {@code null}
     * @param redirectedBytes bytes of the Redirected Header option's data (padding included), or -1 for no option
     */
    record Redirect(Ipv6Address target, Ipv6Address destination, MacAddress targetLinkLayerAddress,
            int redirectedBytes) implements NdpRepr {
        /** @throws IllegalArgumentException if an address is null or the quoted length is out of range */
        public Redirect {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(destination, "destination");
            if (redirectedBytes < -1 || redirectedBytes > 255 * 8 - NdpOptions.REDIRECTED_HEADER_DATA) {
                throw new IllegalArgumentException("redirected bytes out of range: " + redirectedBytes);
            }
        }

        @Override
        public int type() {
            return Icmpv6Packet.REDIRECT;
        }

        @Override
        public int length() {
            return 40 + linkLayerLength(targetLinkLayerAddress)
                    + (redirectedBytes < 0 ? 0 : NdpOptions.REDIRECTED_HEADER_DATA + ((redirectedBytes + 7) & ~7));
        }

        @Override
        public void emit(NdpPacket packet) {
            NdpOptions o = header(packet, type(), length());
            writeAddress(packet, NdpPacket.TARGET_ADDRESS, target);
            writeAddress(packet, NdpPacket.REDIRECT_DESTINATION, destination);
            int at = 0;
            if (targetLinkLayerAddress != null) {
                at += o.writeLinkLayerAddress(at, NdpOptions.TARGET_LINK_LAYER_ADDRESS, targetLinkLayerAddress.bits());
            }
            if (redirectedBytes >= 0) {
                o.writeRedirectedHeader(at, redirectedBytes);
            }
        }
    }
}
