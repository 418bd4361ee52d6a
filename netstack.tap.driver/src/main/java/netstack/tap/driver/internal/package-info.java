/**
 * The TAP link driver: one {@link netstack.api.link.LinkDriver} per factory configuration {@code netstack.tap~NAME},
 * serving Ethernet frames through a Linux TAP device opened on {@code /dev/net/tun} ({@code IFF_TAP | IFF_NO_PI})
 * with the FFM bindings of the embedded {@code netstack.posix} packages. Nothing here is exported.
 *
 * <h2>Pieces</h2>
 * {@link netstack.tap.driver.internal.TapDriverComponent} is the Declarative Services component: it reads the
 * configuration ({@link netstack.tap.driver.internal.TapConfig}), opens the device and registers the driver
 * service with {@value netstack.api.link.LinkDriver#INTERFACE_PROPERTY}; its deactivation closes everything.
 * {@link netstack.tap.driver.internal.TapDevice} opens the device; the driver proper is the shared
 * {@link netstack.posix.link.internal.FrameLink} (threading and allocation are described there).
 *
 * <h2>Not yet</h2>
 * {@code IFF_VNET_HDR} (a {@code vnetHdr} property: checksum and segmentation offload through
 * {@code struct virtio_net_hdr}) is planned; until then the driver announces no offloads. The driver does not set
 * the kernel side's MTU, address or up state: that is the host administrator's (or the test's) job.
 */
package netstack.tap.driver.internal;
