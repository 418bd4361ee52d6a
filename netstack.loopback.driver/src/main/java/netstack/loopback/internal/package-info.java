/**
 * The loopback link driver and the in-memory wire's component.
 *
 * <h2>Pieces</h2>
 * {@link netstack.loopback.internal.LoopbackDriver}: interface {@code lo}, raw IP framing, MTU 65536; every
 * transmitted packet is received again by the stack. {@link netstack.loopback.internal.WireComponent}: one
 * {@link netstack.loopback.wire.Wire} per factory configuration {@code netstack.wire~NAME}
 * ({@link netstack.loopback.internal.WireConfig}), both ends registered as driver services.
 *
 * <h2>Threading</h2>
 * Loopback: {@code transmit} enqueues (never blocks; a full queue drops and counts); one delivery thread per
 * attachment hands packets back to the stack, so the stack's transmit path is never re-entered by its own receive
 * path. The wire's threading is described in {@link netstack.loopback.wire}.
 *
 * <h2>Allocation</h2>
 * Steady state allocates nothing: a bounded array queue carries loopback's buffers; the wire's rings grow only
 * beyond their largest size so far.
 *
 * <h2>Stability</h2>
 * Internal: not exported; the drivers are used only through the {@code LinkDriver} service.
 */
package netstack.loopback.internal;
