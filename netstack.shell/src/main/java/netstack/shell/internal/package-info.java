/**
 * Gogo shell commands for operators, in the spirit of {@code ip}, {@code ss} and {@code nstat}: scope
 * {@code netstack}, functions {@code ifconfig}, {@code route}, {@code neigh} and {@code stats}. They use only the
 * public API ({@link netstack.api.admin.StackAdmin}), like any other user of the stack.
 *
 * <h2>Pieces</h2>
 * {@link netstack.shell.internal.NetstackCommands} is the DS component Gogo finds through its
 * {@code osgi.command.*} service properties; {@link netstack.shell.internal.Tables} turns the admin views into
 * text and is tested on its own.
 *
 * <h2>Threading and allocation</h2>
 * Commands run on the Gogo session's thread, read snapshots from the stack, and allocate freely: they are not on
 * the data path. Internal: nothing here is exported.
 */
package netstack.shell.internal;
