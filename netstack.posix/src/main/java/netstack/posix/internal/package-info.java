/**
 * Small, hand-written FFM ({@code java.lang.foreign}) bindings to the parts of Linux libc that the netstack link
 * drivers need: file descriptors ({@code open}, {@code close}, {@code read}, {@code write}, {@code ioctl}),
 * sockets ({@code socket}, {@code socketpair}, {@code bind}, {@code setsockopt}, {@code send}, {@code recvfrom}),
 * readiness ({@code poll}, {@code eventfd}), {@code if_nametoindex} and {@code setns}. No JNI.
 *
 * <h2>Shape</h2>
 * {@link netstack.posix.internal.Libc} holds one {@code MethodHandle} per function and thin static methods that
 * return the C result unchanged (e.g. {@code -1}) and leave {@code errno} in a caller-owned
 * {@link netstack.posix.internal.CallState}; {@link netstack.posix.internal.Errno} turns an {@code errno} into an
 * {@link netstack.posix.internal.ErrnoException} ({@code IOException}) with a strerror-like message. The data-path
 * calls ({@code read}, {@code write}, {@code send}, {@code recvfrom}) are linked with
 * {@code Linker.Option.critical(true)}, so heap and native {@code MemorySegment}s both work as buffers, and they
 * must only be used on non-blocking descriptors (a critical call may hold up the garbage collector while it runs).
 * Struct helpers ({@link netstack.posix.internal.IfReq}, {@link netstack.posix.internal.PollFd}) give names to
 * offsets of the Linux ABI on 64-bit x86 and ARM (the constants are those of {@code x86_64} and {@code aarch64}).
 *
 * <h2>Threading</h2>
 * The static functions are thread-safe as their C counterparts are. A {@code CallState} belongs to one thread at a
 * time: give each thread (or each lock-guarded path) its own.
 *
 * <h2>Allocation</h2>
 * {@code read}, {@code write}, {@code send}, {@code recvfrom}, {@code poll} allocate nothing in Java beyond what the
 * caller passes; calls taking a {@code String} (paths, interface names) allocate a temporary native copy, and
 * error paths allocate their exception. Use the former on the data path, the latter at set-up.
 *
 * <h2>Stability</h2>
 * Internal and unversioned: this package is not a bundle. Each driver embeds a private copy with bnd's
 * {@code -conditionalpackage}, so the copies never meet at run time and may differ between driver versions.
 */
package netstack.posix.internal;
