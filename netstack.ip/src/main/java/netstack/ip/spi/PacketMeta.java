package netstack.ip.spi;

import netstack.api.net.IpAddress;
import netstack.api.net.IpFamily;
import netstack.api.net.Ipv4Address;
import netstack.api.net.Ipv6Address;

/**
 * Network-layer facts about one packet, in primitive form so that the data path allocates nothing: the family,
 * both addresses, the transport protocol, the hop limit and the interface. One instance is reused per thread;
 * {@link #source()} and {@link #destination()} create address objects for slow paths only.
 *
 * <p>Not thread-safe.
 */
public final class PacketMeta {

    private IpFamily family = IpFamily.IPV4;
    private long sourceHigh;
    private long sourceLow;
    private long destinationHigh;
    private long destinationLow;
    private int protocol;
    private int hopLimit = -1;
    private int interfaceIndex;

    /** Creates an IPv4 description with unspecified addresses. */
    public PacketMeta() {
    }

    /**
     * Describes an IPv4 packet.
     *
     * @param source the source address bits
     * @param destination the destination address bits
     * @param ipProtocol the transport protocol number
     * @param ttl the TTL, or -1 for the default
     * @return {@code this}
     */
    public PacketMeta ipv4(int source, int destination, int ipProtocol, int ttl) {
        family = IpFamily.IPV4;
        sourceHigh = 0;
        sourceLow = source & 0xffff_ffffL;
        destinationHigh = 0;
        destinationLow = destination & 0xffff_ffffL;
        protocol = ipProtocol;
        hopLimit = ttl;
        return this;
    }

    /**
     * Describes an IPv6 packet.
     *
     * @param srcHigh the source's first 64 bits
     * @param srcLow the source's last 64 bits
     * @param dstHigh the destination's first 64 bits
     * @param dstLow the destination's last 64 bits
     * @param nextHeader the transport protocol number
     * @param hops the hop limit, or -1 for the default
     * @return {@code this}
     */
    public PacketMeta ipv6(long srcHigh, long srcLow, long dstHigh, long dstLow, int nextHeader, int hops) {
        family = IpFamily.IPV6;
        sourceHigh = srcHigh;
        sourceLow = srcLow;
        destinationHigh = dstHigh;
        destinationLow = dstLow;
        protocol = nextHeader;
        hopLimit = hops;
        return this;
    }

    /**
     * Describes a packet between two address objects of one family (slow path).
     *
     * @param source the source (may be unspecified)
     * @param destination the destination
     * @param ipProtocol the transport protocol number
     * @param hops the TTL / hop limit, or -1 for the default
     * @return {@code this}
     * @throws IllegalArgumentException if the families differ
     */
    public PacketMeta set(IpAddress source, IpAddress destination, int ipProtocol, int hops) {
        if (source.family() != destination.family()) {
            throw new IllegalArgumentException("mixed families: " + source + " -> " + destination);
        }
        return switch (source) {
            case Ipv4Address s -> ipv4(s.bits(), ((Ipv4Address) destination).bits(), ipProtocol, hops);
            case Ipv6Address s -> {
                Ipv6Address d = (Ipv6Address) destination;
                yield ipv6(s.high(), s.low(), d.high(), d.low(), ipProtocol, hops);
            }
        };
    }

    /** @return the family */
    public IpFamily family() {
        return family;
    }

    /** @return the IPv4 source address bits (IPv4 only) */
    public int sourceV4() {
        return (int) sourceLow;
    }

    /** @return the IPv4 destination address bits (IPv4 only) */
    public int destinationV4() {
        return (int) destinationLow;
    }

    /** @return the source's first 64 bits (IPv6) */
    public long sourceHigh() {
        return sourceHigh;
    }

    /** @return the source's last 64 bits (IPv6; the address for IPv4) */
    public long sourceLow() {
        return sourceLow;
    }

    /** @return the destination's first 64 bits (IPv6) */
    public long destinationHigh() {
        return destinationHigh;
    }

    /** @return the destination's last 64 bits (IPv6; the address for IPv4) */
    public long destinationLow() {
        return destinationLow;
    }

    /** @return the transport protocol number */
    public int protocol() {
        return protocol;
    }

    /** @return the TTL / hop limit, -1 for the default */
    public int hopLimit() {
        return hopLimit;
    }

    /** @return the interface the packet arrived on (or is to leave by), 0 if unknown */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /**
     * @param index the interface index, 0 if unknown
     * @return {@code this}
     */
    public PacketMeta interfaceIndex(int index) {
        interfaceIndex = index;
        return this;
    }

    /** @return the source as an object (allocates) */
    public IpAddress source() {
        return family == IpFamily.IPV4 ? Ipv4Address.of((int) sourceLow) : new Ipv6Address(sourceHigh, sourceLow);
    }

    /** @return the destination as an object (allocates) */
    public IpAddress destination() {
        return family == IpFamily.IPV4
                ? Ipv4Address.of((int) destinationLow)
                : new Ipv6Address(destinationHigh, destinationLow);
    }

    @Override
    public String toString() {
        return "PacketMeta[" + source() + " -> " + destination() + ", protocol " + protocol + ", hops " + hopLimit
                + ", if " + interfaceIndex + "]";
    }
}
