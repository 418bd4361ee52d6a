package netstack.posix.internal;

import java.io.IOException;
import java.io.Serial;

/** A failed libc call: the operation, the {@code errno} and its description. */
public final class ErrnoException extends IOException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * @param operation what failed, in the caller's words, e.g. {@code "open /dev/net/tun"}
     * @param errno the error number
     */
    public ErrnoException(String operation, int errno) {
        super(operation + ": " + Errno.describe(errno));
        this.errno = errno;
    }

    /** @return the C {@code errno}, e.g. {@link Errno#EPERM} */
    public int errno() {
        return errno;
    }
}
