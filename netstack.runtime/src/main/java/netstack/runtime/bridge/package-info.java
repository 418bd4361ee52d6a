/**
 * The bnd launcher plugin of {@code netstack.jar}: {@link netstack.runtime.bridge.LauncherBridge}, named by the
 * {@code Embedded-Activator} header of this module's jar, which {@code netstack.bndrun} puts on the
 * {@code -runpath}.
 *
 * <p>Runs on bnd's launcher class loader (which sees the framework's classes), never inside the framework. It
 * must not be copied into the root of {@code netstack.jar}: loaded from the application class path it could not
 * see {@code org.osgi.framework}.
 *
 * <h2>Threading</h2>
 * {@code start} runs once, on the launcher's main thread; readiness is reported from the framework's event thread
 * once the last start level is reached. The stop action it hands out may run on any thread (a signal handler's) and
 * returns at once: Felix stops the framework on a thread of its own.
 *
 * <h2>Stability</h2>
 * Internal to the product's jar; no API.
 */
package netstack.runtime.bridge;
