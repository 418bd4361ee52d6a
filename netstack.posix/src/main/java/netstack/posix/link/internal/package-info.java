/**
 * The part of a Linux link driver that does not depend on the kind of device: {@link
 * netstack.posix.link.internal.FrameLink}, a {@link netstack.api.link.LinkDriver} over any non-blocking descriptor
 * that keeps frame boundaries (a TAP device, an {@code AF_PACKET} socket, a datagram socket pair in tests), and
 * {@link netstack.posix.link.internal.DriverConfigs}, the checks the drivers' configurations share. The TAP and
 * Ethernet drivers open their descriptor their own way and hand it to a {@code FrameLink}.
 *
 * <h2>Threading</h2>
 * {@code attach} starts one platform thread, {@code netstack-rx-NAME}, that waits in {@code poll(2)} on the device
 * and on an {@code eventfd} used to wake it, reads frames and delivers them on that thread. {@code detach} signals
 * the eventfd and joins the thread: once it returns nothing calls the context again and no buffer is held.
 * {@code transmit} may be called from any thread; writes are serialised by one lock, which {@code close} also
 * takes so that a descriptor is never written after it is closed (and possibly reused by another open).
 *
 * <h2>Allocation</h2>
 * The receive loop allocates no Java objects per frame of its own except a {@code MemorySegment} slice view for
 * each {@code read(2)} / {@code write(2)} (a short-lived TLAB allocation that escape analysis often removes); the
 * buffers come from the stack's pool via {@link netstack.api.link.LinkContext#allocate}. When the pool is empty the
 * frame is read into a private scratch segment and counted as a receive discard, so the device queue keeps
 * draining. Bad reads (errors, frames shorter than an Ethernet header, oversized frames) are counted with
 * {@link netstack.api.link.LinkContext#countDrop} and never stop the loop.
 *
 * <h2>Stability</h2>
 * Internal and unversioned, like {@code netstack.posix.internal}: each driver bundle embeds a private copy with
 * bnd's {@code -conditionalpackage}.
 */
package netstack.posix.link.internal;
