/**
 * The loopback link driver: interface {@code lo}, raw IP framing, MTU 65536. Every transmitted packet is received
 * again by the stack.
 *
 * <h2>Threading</h2>
 * {@code transmit} enqueues (never blocks; a full queue drops and counts); one delivery thread per attachment
 * hands packets back to the stack, so the stack's transmit path is never re-entered by its own receive path.
 *
 * <h2>Allocation</h2>
 * Steady state allocates nothing: a bounded array queue carries the buffers.
 *
 * <h2>Stability</h2>
 * Internal: not exported; the driver is used only through the {@code LinkDriver} service.
 */
package netstack.loopback.internal;
