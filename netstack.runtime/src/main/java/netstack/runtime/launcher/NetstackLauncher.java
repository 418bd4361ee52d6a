package netstack.runtime.launcher;

import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import sun.misc.Signal;

/**
 * {@code Main-Class} of {@code netstack.jar}: prepares the launch, runs bnd's embedded launcher and turns the
 * framework's stop into the process's exit status.
 *
 * <h2>Why a wrapper around bnd's launcher</h2>
 * <ul>
 *   <li><b>Configuration.</b> Felix Configurator reads {@code configurator.initial} when it starts, through
 *       {@code BundleContext.getProperty}, which in Felix falls back to the system properties. bnd's launcher
 *       copies the system properties into the framework's (a {@code -D} also overrides a {@code -runproperties}
 *       entry of the same name), so setting the system property here, before the launch, is enough. A missing or
 *       unreadable {@code -Dnetstack.config} file is reported here, naming the file, before anything starts
 *       ({@link LaunchSettings}).</li>
 *   <li><b>Headless.</b> {@code -Dnetstack.headless=true} sets {@code gosh.args=--nointeractive}: the Gogo shell
 *       bundle starts no console and the framework runs until it is stopped.</li>
 *   <li><b>Exit status.</b> bnd's launcher ends the process with {@code System.exit(117)} when the framework
 *       stops, unless {@code launch.framework.restart=true} (set in {@code netstack.bndrun}), in which case its
 *       {@code run} method throws {@code aQute.launcher.FrameworkRestart} after the framework has stopped
 *       completely. {@code EmbeddedLauncher.main} would restart the framework on that; this class calls
 *       {@code EmbeddedLauncher.run} instead and exits with status 0. So {@code stop 0} in Gogo, the end of the
 *       console's input and a signal all end in an orderly stop with status 0.</li>
 *   <li><b>Signals.</b> SIGTERM and SIGINT are handled ({@code sun.misc.Signal}, module jdk.unsupported): the
 *       framework is stopped (every bundle stopped, every component deactivated, drivers close their devices)
 *       and then the process exits with status 0. Without a handler the JVM would only run shutdown hooks, stop
 *       no bundle and exit with 143. The framework's stop action comes from
 *       {@link netstack.runtime.bridge.LauncherBridge}, see {@link FrameworkControl}.</li>
 * </ul>
 * This class uses no OSGi API: it runs on the application class path, where the framework's classes are not
 * (they are inside the jar, loaded by bnd's launcher).
 *
 * <h2>Exit status</h2>
 * 0 after an orderly stop; 2 when the configuration is unusable (nothing was started); 1 when the launcher
 * failed; bnd's launcher may exit with its own codes (e.g. 124) on its errors.
 */
public final class NetstackLauncher {

    static final int EXIT_STOPPED = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_CONFIGURATION = 2;

    /**
     * The process's own standard streams, taken before the framework starts: the Gogo runtime replaces
     * {@code System.out}/{@code System.err} with per-session streams while it runs, and a line printed through them
     * after the shell has stopped can be lost.
     */
    private static final PrintStream OUT = System.out;
    private static final PrintStream ERR = System.err;

    private static final String BND_LAUNCHER = "aQute.launcher.pre.EmbeddedLauncher";
    private static final String BND_FRAMEWORK_STOPPED = "FrameworkRestart";

    private NetstackLauncher() {
    }

    /**
     * Starts netstack; returns only by exiting the process.
     *
     * @param args handed to bnd's launcher unchanged
     */
    public static void main(String[] args) {
        LaunchSettings settings;
        try {
            settings = LaunchSettings.from(System.getProperties());
        } catch (LaunchException e) {
            ERR.println("netstack: " + e.getMessage());
            System.exit(EXIT_CONFIGURATION);
            return;
        }
        for (Map.Entry<String, String> e : settings.systemProperties().entrySet()) {
            System.setProperty(e.getKey(), e.getValue());
        }
        FrameworkControl control = FrameworkControl.process();
        if (settings.headless()) {
            control.startedBanner("netstack: started, headless (configuration: " + settings.configSource()
                    + "); stop with SIGTERM or SIGINT");
        }
        handleSignal("TERM", control);
        handleSignal("INT", control);

        int status = runBndLauncher(args);
        if (status == EXIT_STOPPED) {
            OUT.println("netstack: stopped");
        }
        OUT.flush();
        ERR.flush();
        // Exit even though non-daemon threads may remain (a console thread blocked reading standard input).
        System.exit(status);
    }

    private static void handleSignal(String name, FrameworkControl control) {
        try {
            Signal.handle(new Signal(name), signal -> control.requestStop("SIG" + signal.getName()));
        } catch (IllegalArgumentException e) {
            // The platform lacks the signal or the JVM reserves it (-Xrs): keep the JVM's default behaviour.
            ERR.println("netstack: cannot handle SIG" + name + ": " + e.getMessage());
        }
    }

    /** @return the exit status: 0 after the framework stopped, else the launcher's or {@link #EXIT_FAILED} */
    private static int runBndLauncher(String[] args) {
        MethodHandle run;
        Object launcher;
        try {
            Class<?> type = Class.forName(BND_LAUNCHER);
            run = MethodHandles.publicLookup()
                    .findVirtual(type, "run", MethodType.methodType(int.class, String[].class))
                    .asFixedArity();
            launcher = type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            ERR.println("netstack: bnd's launcher (" + BND_LAUNCHER + ") is missing or changed: " + e
                    + "; start netstack with java -jar netstack.jar");
            return EXIT_FAILED;
        }
        try {
            return (int) run.invoke(launcher, args);
        } catch (Throwable t) {
            // bnd's own EmbeddedLauncher recognizes this class by its simple name too: it lives in a class
            // loader this class cannot see.
            if (BND_FRAMEWORK_STOPPED.equals(t.getClass().getSimpleName())) {
                return EXIT_STOPPED;
            }
            ERR.println("netstack: the launcher failed: " + t);
            t.printStackTrace(ERR);
            return EXIT_FAILED;
        }
    }
}
