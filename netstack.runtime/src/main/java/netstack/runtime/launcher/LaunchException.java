package netstack.runtime.launcher;

import java.io.Serial;

/** The launch cannot go on; the message is for the user, complete and without a stack trace. */
final class LaunchException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    LaunchException(String message) {
        super(message);
    }
}
