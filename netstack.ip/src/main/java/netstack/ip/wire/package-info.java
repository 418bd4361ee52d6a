/**
 * Wire formats: flyweight views over packet memory and validated value records, one pair per header, plus the one
 * Internet-checksum implementation.
 *
 * <h2>Contents</h2>
 * <ul>
 * <li>{@link netstack.ip.wire.Flyweight}, the base of every view: a window of a {@link java.lang.foreign.MemorySegment}
 * with big-endian field access.</li>
 * <li>{@link netstack.ip.wire.Checksum}: RFC 1071 sums (vectorized by C2 on large buffers), RFC 1624 incremental
 * update.</li>
 * <li>Link layer: {@link netstack.ip.wire.EthernetFrame} (Ethernet II; up to two IEEE 802.1Q/802.1ad VLAN tags looked
 * through; IEEE 802.3 length frames recognised so they can be counted and dropped) and the
 * {@link netstack.ip.wire.EtherType} constants.</li>
 * <li>{@link netstack.ip.wire.ArpPacket} / {@link netstack.ip.wire.ArpRepr}: ARP for IPv4 over Ethernet (RFC 826),
 * gratuitous ARP and RFC 5227 probes recognised.</li>
 * <li>{@link netstack.ip.wire.Ipv4Packet} / {@link netstack.ip.wire.Ipv4Repr}: IPv4 (RFC 791) with validation in
 * Linux's order, padding trimmed, options skipped, fragment fields, RFC 1624 TTL decrement for forwarding, and the
 * TCP/UDP pseudo-header sum.</li>
 * <li>{@link netstack.ip.wire.Icmpv4Packet} / {@link netstack.ip.wire.Icmpv4Repr}: ICMP for IPv4 (RFC 792, 1122,
 * 1191, 1812, 4884): echo, destination unreachable with the next-hop MTU, time exceeded, parameter problem,
 * redirect, others kept uninterpreted; the quoted original datagram; the RFC 1122 §3.2.2 rules on when an error
 * message may be sent.</li>
 * </ul>
 *
 * <h2>Conventions</h2>
 * A view is re-pointed with {@code wrap(...)} and never allocated per packet. Its {@code check()} gate validates the
 * packet once and returns a per-class {@code Status} enum (OK, or the reason to drop it, to be counted: errors on the
 * data path are counters, not exceptions), after which no accessor can read outside the packet. Multi-byte fields are
 * big-endian; addresses are primitive bit patterns ({@code long} MAC, {@code int} IPv4) as in
 * {@link netstack.api.net.MacAddress#bits()} and {@link netstack.api.net.Ipv4Address#bits()}. Emitting writes every
 * byte of a header, checksum included, so that stale bytes of a reused buffer never reach the wire.
 * {@code payloadOffset()} and {@code dataOffset()} are absolute offsets in the segment, ready for the next view's
 * {@code wrap}. A {@code Repr} record is the control-path form: {@code parse(checkedView)} and {@code emit(view)},
 * with {@code parse(emit(r)).equals(r)}; constructing one validates its fields and allocates.
 *
 * <h2>Threading and allocation</h2>
 * A view belongs to one thread. Every view method is allocation-free (exceptions are thrown only for caller bugs:
 * a window too short to emit into, an out-of-range argument). Repr records are immutable and thread-safe.
 *
 * <h2>Stability</h2>
 * Exported SPI for protocol bundles, version 1.0.0.
 */
@Export
@Version("1.0.0")
package netstack.ip.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
