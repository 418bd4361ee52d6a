package netstack.runtime.launcher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a configuration file's syntax before anything starts, so that a typo stops the launch with the line and
 * column instead of a Configurator log entry nobody reads while the stack runs without its configuration.
 *
 * <p>Accepts JSON (RFC 8259) with {@code //} and {@code /* *}{@code /} comments, as the OSGi Configurator
 * specification (chapter 150) allows; the top level must be an object. A resource given to the Configurator
 * through {@code configurator.initial} must also name itself: {@code ":configurator:symbolic-name"} and
 * {@code ":configurator:version"} (strings); {@code ":configurator:resource-version"}, when present, must be 1.
 * Values are not interpreted: types, PIDs and properties are the Configurator's and the components' business.
 */
final class ConfigurationCheck {

    static final String SYMBOLIC_NAME = ":configurator:symbolic-name";
    static final String VERSION = ":configurator:version";
    static final String RESOURCE_VERSION = ":configurator:resource-version";

    /** A JSON value's kind; only the top level's values are kept. */
    enum Kind { OBJECT, ARRAY, STRING, NUMBER, LITERAL }

    /** The text is not a usable configuration; the message says where and why. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    private final String text;
    private int pos;
    private String lastString = "";
    private String lastNumber = "";

    private ConfigurationCheck(String text) {
        this.text = text;
    }

    /**
     * @param text the file's content
     * @throws Invalid with a message naming line and column, or the missing key
     */
    static void check(String text) throws Invalid {
        ConfigurationCheck c = new ConfigurationCheck(text);
        c.skipBlank();
        if (c.pos < text.length() && text.charAt(c.pos) == '\uFEFF') {
            c.pos++;
            c.skipBlank();
        }
        if (c.pos >= text.length() || text.charAt(c.pos) != '{') {
            throw c.error("expected a JSON object ('{') at the top level");
        }
        Map<String, Kind> top = new LinkedHashMap<>();
        Map<String, String> scalars = new LinkedHashMap<>();
        c.object(top, scalars);
        c.skipBlank();
        if (c.pos < text.length()) {
            throw c.error("unexpected text after the top-level object");
        }
        for (String key : new String[] {SYMBOLIC_NAME, VERSION}) {
            if (top.get(key) != Kind.STRING) {
                throw new Invalid("missing \"" + key + "\" (a string): a configuration given at start-up must name"
                        + " itself with " + SYMBOLIC_NAME + " and " + VERSION);
            }
        }
        Kind rv = top.get(RESOURCE_VERSION);
        if (rv != null && !(rv == Kind.NUMBER && "1".equals(scalars.get(RESOURCE_VERSION)))) {
            throw new Invalid("\"" + RESOURCE_VERSION + "\" must be 1");
        }
    }

    /** Parses an object at {@code pos}; records the kinds (and numbers) of its members when the maps are given. */
    private void object(Map<String, Kind> members, Map<String, String> scalars) throws Invalid {
        pos++; // '{'
        skipBlank();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            skipBlank();
            if (peek() != '"') {
                throw error("expected a member name in double quotes");
            }
            string();
            String name = lastString;
            skipBlank();
            if (peek() != ':') {
                throw error("expected ':' after member name \"" + name + "\"");
            }
            pos++;
            Kind kind = value();
            if (members != null) {
                if (members.put(name, kind) != null) {
                    throw error("duplicate member \"" + name + "\"");
                }
                if (kind == Kind.NUMBER) {
                    scalars.put(name, lastNumber);
                }
            }
            skipBlank();
            char c = peek();
            pos++;
            if (c == '}') {
                return;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private void array() throws Invalid {
        pos++; // '['
        skipBlank();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            value();
            skipBlank();
            char c = peek();
            pos++;
            if (c == ']') {
                return;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private Kind value() throws Invalid {
        skipBlank();
        char c = peek();
        switch (c) {
            case '{' -> {
                object(null, null);
                return Kind.OBJECT;
            }
            case '[' -> {
                array();
                return Kind.ARRAY;
            }
            case '"' -> {
                string();
                return Kind.STRING;
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                    return Kind.NUMBER;
                }
                throw error(pos >= text.length() ? "unexpected end of file" : "expected a value");
            }
        }
        return Kind.LITERAL;
    }

    private void literal(String word) throws Invalid {
        if (!text.startsWith(word, pos)) {
            throw error("expected a value");
        }
        pos += word.length();
    }

    private void string() throws Invalid {
        int start = pos;
        pos++; // '"'
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                lastString = sb.toString();
                return;
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    break;
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b', 'f', 'n', 'r', 't' -> sb.append(' ');
                    case 'u' -> {
                        if (pos + 4 > text.length()
                                || !text.substring(pos, pos + 4).matches("[0-9a-fA-F]{4}")) {
                            throw error("invalid \\u escape");
                        }
                        sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> {
                        pos--;
                        throw error("invalid escape '\\" + e + "'");
                    }
                }
            } else if (c < 0x20) {
                pos--;
                throw error("control character in a string (a line break needs \\n)");
            } else {
                sb.append(c);
            }
        }
        pos = start;
        throw error("string not closed");
    }

    private void number() throws Invalid {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (!digits()) {
            throw error("invalid number");
        }
        if (peek() == '.') {
            pos++;
            if (!digits()) {
                throw error("invalid number: digits must follow '.'");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digits()) {
                throw error("invalid number: digits must follow the exponent");
            }
        }
        lastNumber = text.substring(start, pos);
    }

    private boolean digits() {
        int start = pos;
        while (peek() >= '0' && peek() <= '9') {
            pos++;
        }
        return pos > start;
    }

    /** Skips whitespace and comments. */
    private void skipBlank() throws Invalid {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else if (text.startsWith("//", pos)) {
                int end = text.indexOf('\n', pos);
                pos = end < 0 ? text.length() : end + 1;
            } else if (text.startsWith("/*", pos)) {
                int end = text.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw error("comment not closed");
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private Invalid error(String message) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(pos, text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Invalid("line " + line + ", column " + (end - lineStart + 1) + ": " + message);
    }
}
