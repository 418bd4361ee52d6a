/**
 * The {@code Main-Class} of {@code netstack.jar} ({@link netstack.runtime.launcher.NetstackLauncher}) and what
 * it needs: the launch settings from {@code -Dnetstack.config} / {@code -Dnetstack.headless}, the built-in
 * configuration ({@code default-config.json}, OSGi Configurator format) and the meeting point of signals and
 * the running framework ({@link netstack.runtime.launcher.FrameworkControl}).
 *
 * <p>Plain Java, no OSGi: these classes sit in the root of {@code netstack.jar} on the application class path,
 * where the framework's classes are not; bnd's launcher loads the framework from the jars inside.
 *
 * <h2>Threading</h2>
 * {@code main} prepares everything on the main thread, which then runs bnd's launcher until the framework stops.
 * SIGTERM/SIGINT arrive on the JVM's signal-handler threads and only ask {@code FrameworkControl} for a stop;
 * the framework stops on its own thread; the process exits from the main thread. {@code FrameworkControl}
 * is the only shared state and is guarded by its monitor.
 *
 * <h2>Allocation</h2>
 * Start-up and shut-down code only; no hot path.
 *
 * <h2>Stability</h2>
 * Internal to the product's jar; the user-facing contract is the system properties and exit statuses
 * documented on {@code NetstackLauncher} and {@code LaunchSettings}.
 */
package netstack.runtime.launcher;
