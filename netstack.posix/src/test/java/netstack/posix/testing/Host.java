package netstack.posix.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs host commands ({@code ip}, {@code sysctl}, ...) for tests that set up real devices, each bounded in time.
 * Tests that need root call {@link #requireRoot()} first: without root they fail, loudly, with the reason.
 */
public final class Host {

    private static final long TIMEOUT_SECONDS = 30;

    private Host() {
    }

    /**
     * Fails unless the test runs as root, which creating TAP devices, veth pairs and namespaces needs.
     *
     * @throws AssertionError saying so
     */
    public static void requireRoot() {
        String uid;
        try {
            uid = run("id", "-u").strip();
        } catch (AssertionError e) {
            throw new AssertionError("cannot tell whether this runs as root: " + e.getMessage(), e);
        }
        if (!uid.equals("0")) {
            throw new AssertionError("this test creates network devices and namespaces and must run as root (uid "
                    + uid + "); run the build as root, as CI does");
        }
    }

    /**
     * Runs a command and returns its standard output.
     *
     * @param command the program and its arguments
     * @return what it printed
     * @throws AssertionError if it fails, times out or cannot start, with its output
     */
    public static String run(String... command) {
        Result r = tryRun(command);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + r.exitCode() + "): " + r.output());
        }
        return r.output();
    }

    /**
     * Runs a command whose failure the caller handles (e.g. cleaning up what may not exist).
     *
     * @param command the program and its arguments
     * @return its exit code and merged output; exit code -1 if it timed out or could not start
     */
    public static Result tryRun(String... command) {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, "cannot run " + command[0] + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /**
     * Runs a command in a network namespace ({@code ip netns exec}).
     *
     * @param namespace the namespace
     * @param command the program and its arguments
     * @return what it printed
     */
    public static String inNamespace(String namespace, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    /**
     * @param exitCode the exit status, -1 if it never finished
     * @param output standard output and error, merged
     */
    public record Result(int exitCode, String output) {
    }
}
