/**
 * The TAP link driver: one {@link netstack.api.link.LinkDriver} per factory configuration {@code netstack.tap~NAME},
 * serving Ethernet frames through a Linux TAP device opened on {@code /dev/net/tun} ({@code IFF_TAP | IFF_NO_PI})
 * with the FFM bindings of the embedded {@code netstack.posix.internal} package. Nothing here is exported.
 *
 * <h2>Pieces</h2>
 * {@link netstack.tap.driver.internal.TapDriverComponent} is the Declarative Services component: it reads the
 * configuration ({@link netstack.tap.driver.internal.TapConfig}), opens the device and registers the driver
 * service with {@value netstack.api.link.LinkDriver#INTERFACE_PROPERTY}; its deactivation closes everything.
 * {@link netstack.tap.driver.internal.TapLinkDriver} is the driver proper, usable without OSGi on any
 * frame-preserving descriptor (tests give it a datagram socket pair).
 *
 * <h2>Threading</h2>
 * {@code attach} starts one platform thread, {@code netstack-rx-NAME}, that waits in {@code poll(2)} on the device
 * and on an {@code eventfd} used to wake it, reads frames and delivers them on that thread. {@code detach} signals
 * the eventfd and joins the thread: once it returns nothing calls the context again and no buffer is held.
 * {@code transmit} may be called from any thread; writes are serialised by one lock, which {@code close} also
 * takes so that a descriptor is never written after it is closed (and possibly reused).
 *
 * <h2>Allocation</h2>
 * The receive loop allocates no Java objects per frame of its own except a {@code MemorySegment} slice view for
 * each {@code read(2)} / {@code write(2)} (a short-lived TLAB allocation that escape analysis often removes); the
 * buffers come from the stack's pool via {@link netstack.api.link.LinkContext#allocate}. When the pool is empty the
 * frame is read into a private scratch segment and counted as a receive discard, so the device queue keeps
 * draining. Bad reads (errors, frames shorter than an Ethernet header, oversized frames) are counted with
 * {@link netstack.api.link.LinkContext#countDrop} and never stop the loop.
 *
 * <h2>Not yet</h2>
 * {@code IFF_VNET_HDR} (a {@code vnetHdr} property: checksum and segmentation offload through
 * {@code struct virtio_net_hdr}) is planned; until then the driver announces no offloads. The driver does not set
 * the kernel side's MTU, address or up state: that is the host administrator's (or the test's) job.
 */
package netstack.tap.driver.internal;
