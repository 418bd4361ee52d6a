/**
 * The socket API: the {@link netstack.api.socket.NetStack} service and the sockets it opens — TCP
 * ({@link netstack.api.socket.TcpSocket}, {@link netstack.api.socket.TcpListener},
 * {@link netstack.api.socket.TcpConnection}), UDP ({@link netstack.api.socket.UdpSocket}) and raw IP
 * ({@link netstack.api.socket.RawSocket}).
 *
 * <h2>Two ways to use a socket</h2>
 * <ul>
 *   <li><b>Non-blocking core.</b> {@code try…} methods never wait: they move what they can and report "would
 *       block" as a count of zero (streams) or {@link netstack.api.socket.UdpSocket#WOULD_BLOCK} (datagrams). A
 *       socket's readiness ({@link netstack.api.socket.Readiness}: readable, writable, error, hang-up) can be
 *       polled or delivered to a {@link netstack.api.socket.ReadinessListener}.</li>
 *   <li><b>Blocking facade.</b> {@code connect}, {@code accept}, {@code read}, {@code write}, {@code receive},
 *       {@code send} wait, with an optional {@link java.time.Duration} timeout. They park with
 *       {@code java.util.concurrent} locks, so thousands of virtual threads can block on sockets cheaply; a
 *       blocked call is interrupted by {@link java.lang.Thread#interrupt()} or by closing the socket.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Failures are {@link java.io.IOException} subtypes derived from {@link netstack.api.socket.NetException}, each
 * carrying the POSIX {@link netstack.api.socket.Errno} a BSD-socket user would expect. Programming errors (a
 * null argument, an option value out of range) are {@link java.lang.IllegalArgumentException}s.
 *
 * <h2>Threading</h2>
 * Every socket may be used from any thread. Readiness listeners run on a stack thread and must not block.
 *
 * <h2>Stability</h2>
 * Exported API. Interfaces here are {@code @ProviderType}: the stack implements them, users call them, and the
 * minor version grows when methods are added. {@link netstack.api.socket.ReadinessListener} is the one
 * {@code @ConsumerType}.
 */
@Export
@Version("1.0.0")
package netstack.api.socket;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
