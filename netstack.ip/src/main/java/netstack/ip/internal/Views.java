package netstack.ip.internal;

import netstack.ip.spi.PacketMeta;
import netstack.ip.wire.ArpPacket;
import netstack.ip.wire.EthernetFrame;
import netstack.ip.wire.Icmpv4Packet;
import netstack.ip.wire.Ipv4Packet;

/**
 * One thread's set of reusable wire views, so that the data path allocates no flyweight per packet. Obtained
 * through {@link Stack#views()} (a thread-local); a method uses a view only until it returns or hands the packet
 * on, and {@link #ipv4Error} is kept for the ICMP error path, which runs while {@link #ipv4} still describes the
 * packet in error.
 */
final class Views {
    final EthernetFrame ethernet = new EthernetFrame();
    final ArpPacket arp = new ArpPacket();
    final Ipv4Packet ipv4 = new Ipv4Packet();
    final Ipv4Packet ipv4Error = new Ipv4Packet();
    final Ipv4Packet ipv4Out = new Ipv4Packet();
    final Icmpv4Packet icmpv4 = new Icmpv4Packet();
    final Icmpv4Packet icmpv4Out = new Icmpv4Packet();
    final netstack.ip.wire.Ipv6Packet ipv6 = new netstack.ip.wire.Ipv6Packet();
    final netstack.ip.wire.Ipv6Packet ipv6Error = new netstack.ip.wire.Ipv6Packet();
    final netstack.ip.wire.Ipv6Packet ipv6Out = new netstack.ip.wire.Ipv6Packet();
    final netstack.ip.wire.Ipv6ExtensionHeaders ipv6Extensions = new netstack.ip.wire.Ipv6ExtensionHeaders();
    final netstack.ip.wire.Ipv6ExtensionHeaders ipv6ErrorExtensions = new netstack.ip.wire.Ipv6ExtensionHeaders();
    final netstack.ip.wire.Ipv6FragmentHeader fragmentOut = new netstack.ip.wire.Ipv6FragmentHeader();
    final netstack.ip.wire.Icmpv6Packet icmpv6 = new netstack.ip.wire.Icmpv6Packet();
    final netstack.ip.wire.Icmpv6Packet icmpv6Error = new netstack.ip.wire.Icmpv6Packet();
    final netstack.ip.wire.Icmpv6Packet icmpv6Out = new netstack.ip.wire.Icmpv6Packet();
    final netstack.ip.wire.NdpPacket ndp = new netstack.ip.wire.NdpPacket();
    final netstack.ip.wire.NdpPacket ndpOut = new netstack.ip.wire.NdpPacket();
    final netstack.ip.wire.NdpOptions ndpOptions = new netstack.ip.wire.NdpOptions();
    final PacketMeta meta = new PacketMeta();
    final Reassembler.Reassembled reassembled = new Reassembler.Reassembled();
}
