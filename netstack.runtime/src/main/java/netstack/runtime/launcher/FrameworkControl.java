package netstack.runtime.launcher;

import java.io.PrintStream;
import java.util.Objects;

/**
 * Where a stop request (a signal) meets the running framework.
 *
 * <p>The signal handlers are installed by {@link NetstackLauncher} before the framework exists; the way to stop
 * the framework arrives later, from {@link netstack.runtime.bridge.LauncherBridge}, once every bundle has been
 * started. A request that comes before that is kept and carried out as soon as the framework is up, so a
 * SIGTERM during start-up still ends in an orderly stop and exit status 0.
 *
 * <p>There is one instance per process ({@link #process()}): signals and the process's exit are process-wide,
 * and bnd's launcher creates the bridge reflectively, so there is no object path from {@code main} to it.
 *
 * <p>Thread-safe: the signal-handler threads and the launcher's main thread meet under this object's monitor.
 * The stop action itself runs outside it.
 */
public final class FrameworkControl {

    private static final FrameworkControl PROCESS = new FrameworkControl(System.out);

    private final PrintStream out;
    private String banner = "";            // guarded by this
    private Runnable stopFramework;        // guarded by this; null until the framework is up
    private String stopReason;             // guarded by this; null until a stop was requested

    FrameworkControl(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** @return the instance of this process */
    public static FrameworkControl process() {
        return PROCESS;
    }

    /** @param line printed once the framework is up; empty prints nothing */
    synchronized void startedBanner(String line) {
        banner = Objects.requireNonNull(line, "line");
    }

    /**
     * Called once every bundle has been started.
     *
     * @param stopFramework stops the framework; returns at once (the framework stops on its own thread)
     */
    public void frameworkStarted(Runnable stopFramework) {
        Objects.requireNonNull(stopFramework, "stopFramework");
        String pending;
        String line;
        synchronized (this) {
            this.stopFramework = stopFramework;
            pending = stopReason;
            line = banner;
        }
        if (!line.isEmpty()) {
            out.println(line);
        }
        if (pending != null) {
            stop(stopFramework, pending);
        }
    }

    /**
     * Asks for an orderly stop: now if the framework is up, else as soon as it is. Repeated requests are ignored.
     *
     * @param reason for the message, e.g. {@code SIGTERM}
     */
    void requestStop(String reason) {
        Runnable action;
        synchronized (this) {
            if (stopReason != null) {
                return;
            }
            stopReason = Objects.requireNonNull(reason, "reason");
            action = stopFramework;
        }
        if (action == null) {
            out.println("netstack: " + reason + " during start-up, stopping once started");
        } else {
            stop(action, reason);
        }
    }

    private void stop(Runnable action, String reason) {
        out.println("netstack: " + reason + ", stopping");
        action.run();
    }
}
