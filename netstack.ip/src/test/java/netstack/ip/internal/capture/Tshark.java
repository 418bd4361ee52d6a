package netstack.ip.internal.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Wireshark's {@code tshark} on a capture file, with IPv4 and UDP checksum verification on: the reference reader the files must satisfy. tshark is part of
 * the build machine (Debian package {@code tshark}); its absence fails the tests rather than skipping them.
 */
final class Tshark {

    static final Path BINARY = Path.of("/usr/bin/tshark");
    private static final long TIMEOUT_SECONDS = 60;

    record Result(int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.isEmpty() ? List.of() : stdout.lines().toList();
        }
    }

    private Tshark() {
    }

    /**
     * @param file the capture
     * @param fields field names for {@code -T fields -e ...}
     * @return one row per frame, the fields in order (empty string for an absent field)
     */
    static List<String[]> fields(Path file, String... fields) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-r", file.toString(), "-T", "fields", "-E", "separator=\t",
                "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String f : fields) {
            args.add("-e");
            args.add(f);
        }
        Result r = checked(file, args);
        List<String[]> rows = new ArrayList<>();
        for (String line : r.lines()) {
            rows.add(line.split("\t", -1));
        }
        return rows;
    }

    /** @return the {@code -q -z expert} report; it lists nothing but its header when no frame has expert info */
    static String expert(Path file) throws IOException, InterruptedException {
        return checked(file, List.of("-r", file.toString(), "-q", "-z", "expert")).stdout();
    }

    /** @return the full dissection, {@code -V} */
    static String verbose(Path file) throws IOException, InterruptedException {
        return checked(file, List.of("-r", file.toString(), "-V")).stdout();
    }

    /** Runs tshark and asserts it read the whole file: exit status 0 and nothing on stderr but the root warning. */
    static Result checked(Path file, List<String> args) throws IOException, InterruptedException {
        Result r = run(args);
        if (r.exitCode() != 0 || !r.stderr().isBlank()) {
            throw new AssertionError("tshark " + args + " on " + file + " exited " + r.exitCode() + ": " + r.stderr());
        }
        return r;
    }

    static Result run(List<String> args) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: install Debian's tshark package to run the capture tests");
        }
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        // Verify the checksums (off by default), so a wrong one becomes an expert error and status 1 means good.
        command.addAll(List.of("-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"));
        command.addAll(args);
        Path out = Files.createTempFile("tshark", ".out");
        Path err = Files.createTempFile("tshark", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tshark did not finish within " + TIMEOUT_SECONDS + " s: " + command);
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("Running as user \"root\""))
                    .reduce("", (a, b) -> a + b + "\n");
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
