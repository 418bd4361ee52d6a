/**
 * The Ethernet link driver: one {@link netstack.api.link.LinkDriver} per factory configuration
 * {@code netstack.ethernet~NAME}, sending and receiving Ethernet frames on a host network interface (a NIC, one
 * end of a veth pair) through an {@code AF_PACKET} raw socket, with the FFM bindings of the embedded
 * {@code netstack.posix} packages. Nothing here is exported.
 *
 * <h2>Pieces</h2>
 * {@link netstack.eth.driver.internal.EthernetDriverComponent} is the Declarative Services component: it reads the
 * configuration ({@link netstack.eth.driver.internal.EthernetConfig}), opens the socket and registers the driver
 * service; its deactivation closes everything. {@link netstack.eth.driver.internal.PacketSocket} looks the host
 * interface up and opens the socket; the driver proper is the shared
 * {@link netstack.posix.link.internal.FrameLink} (threading and allocation are described there).
 *
 * <h2>Sharing an interface with the host</h2>
 * By default the stack uses the host interface's own MAC address, so the host kernel sees the same unicast frames:
 * give the host interface no IP addresses (and {@code net.ipv6.conf.IF.disable_ipv6=1}) so that only netstack
 * answers on it. With another MAC address the socket receives promiscuously.
 *
 * <h2>Not yet</h2>
 * {@code PACKET_MMAP} rings ({@code TPACKET_V3}) for batched receive, {@code PACKET_VNET_HDR} for checksum and
 * segmentation offload (until then a peer's offloaded segments larger than the MTU, e.g. from a veth with TSO/GRO,
 * are dropped and counted: turn those offloads off on the peer), and carrier tracking through netlink.
 */
package netstack.eth.driver.internal;
