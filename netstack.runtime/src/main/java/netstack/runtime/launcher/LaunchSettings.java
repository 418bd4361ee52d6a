package netstack.runtime.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * What the launcher sets before the framework starts, computed from the user's system properties.
 *
 * <ul>
 *   <li>{@value #CONFIG}: a JSON file in the OSGi Configurator format, used <em>instead of</em> the built-in
 *       default. It must exist and be readable, or the launch stops with a {@link LaunchException} naming it.
 *       Handed to Felix Configurator as a {@code file:} URL in {@value #CONFIGURATOR_INITIAL}, so the
 *       Configurator's own messages name the file too.</li>
 *   <li>Without it, {@value #CONFIGURATOR_INITIAL} gets the built-in JSON text ({@value #DEFAULT_CONFIG}: the
 *       loopback interface {@code lo} with 127.0.0.1/8 and ::1/128), unless the user set
 *       {@value #CONFIGURATOR_INITIAL} explicitly, which is then left alone.</li>
 *   <li>{@value #HEADLESS}{@code =true}: {@value #GOSH_ARGS} gets {@code --nointeractive}, so the Gogo shell
 *       starts no console and the process runs until it is stopped by a signal.</li>
 * </ul>
 *
 * @param systemProperties the properties to set, in order
 * @param configSource where the configuration comes from, for messages
 * @param headless whether the shell runs without a console
 */
record LaunchSettings(Map<String, String> systemProperties, String configSource, boolean headless) {

    /** The user's configuration file. */
    static final String CONFIG = "netstack.config";
    /** {@code true}: no console, run until stopped. */
    static final String HEADLESS = "netstack.headless";
    /** Felix Configurator reads this framework (or system) property once, when it starts. */
    static final String CONFIGURATOR_INITIAL = "configurator.initial";
    /** The Gogo shell bundle's arguments for its {@code gosh} command. */
    static final String GOSH_ARGS = "gosh.args";
    /** Class-path resource beside this class: the built-in configuration. */
    static final String DEFAULT_CONFIG = "default-config.json";

    private static final String NO_CONSOLE = "--nointeractive";

    LaunchSettings {
        systemProperties = Map.copyOf(systemProperties);
        Objects.requireNonNull(configSource, "configSource");
    }

    /**
     * Computes the settings from the user's system properties; reads nothing but the configuration file.
     *
     * @param user the system properties the JVM was started with
     * @return the settings
     * @throws LaunchException when the configuration file named by {@value #CONFIG} is unusable
     */
    static LaunchSettings from(Properties user) throws LaunchException {
        Map<String, String> set = new LinkedHashMap<>();
        String source;
        String configFile = user.getProperty(CONFIG);
        if (configFile != null) {
            set.put(CONFIGURATOR_INITIAL, configurationUrl(configFile));
            source = "file " + Path.of(configFile).toAbsolutePath().normalize();
        } else if (user.getProperty(CONFIGURATOR_INITIAL) != null) {
            source = CONFIGURATOR_INITIAL;
        } else {
            set.put(CONFIGURATOR_INITIAL, defaultConfiguration());
            source = "built-in default";
        }

        boolean headless = Boolean.parseBoolean(user.getProperty(HEADLESS));
        if (headless) {
            String gosh = user.getProperty(GOSH_ARGS, "").strip();
            if (!gosh.contains(NO_CONSOLE)) {
                set.put(GOSH_ARGS, gosh.isEmpty() ? NO_CONSOLE : NO_CONSOLE + " " + gosh);
            }
        }
        return new LaunchSettings(set, source, headless);
    }

    /** @return the built-in configuration, JSON text (Configurator takes text that starts with '{') */
    static String defaultConfiguration() {
        try (InputStream in = LaunchSettings.class.getResourceAsStream(DEFAULT_CONFIG)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEFAULT_CONFIG + " missing beside "
                        + LaunchSettings.class.getName() + ": a broken build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in " + DEFAULT_CONFIG, e);
        }
    }

    /**
     * Checks that {@code value} names a readable UTF-8 file that passes {@link ConfigurationCheck} and returns its
     * {@code file:} URL.
     *
     * <p>The Configurator would only log an unusable file (into the Log Service) and go on with no configuration
     * at all; a service that comes up silently without its addresses is worse than one that does not come up, so
     * the checks are done here, before anything starts.
     */
    static String configurationUrl(String value) throws LaunchException {
        if (value.isBlank()) {
            throw new LaunchException("-D" + CONFIG + " is empty: give the path of a JSON configuration file");
        }
        Path file;
        try {
            file = Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new LaunchException("configuration file '" + value + "' (-D" + CONFIG + "): invalid path: "
                    + e.getMessage());
        }
        if (!Files.exists(file)) {
            throw new LaunchException("configuration file " + file + " (-D" + CONFIG + "=" + value
                    + ") does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new LaunchException("configuration file " + file + " (-D" + CONFIG + "=" + value
                    + ") is not a regular file");
        }
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new LaunchException("configuration file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new LaunchException("cannot read configuration file " + file + ": " + e);
        }
        try {
            ConfigurationCheck.check(text);
        } catch (ConfigurationCheck.Invalid e) {
            throw new LaunchException("configuration file " + file + ": " + e.getMessage());
        }
        // Configurator splits configurator.initial at ',' into URLs: keep a ',' in the path inside one URL.
        return file.toUri().toString().replace(",", "%2C");
    }
}
