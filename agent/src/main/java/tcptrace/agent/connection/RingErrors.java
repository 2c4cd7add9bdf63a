package tcptrace.agent.connection;

import java.io.IOException;

/**
 * The error of an io_uring completion, which carries only {@code -errno}, as an exception with the message the
 * library's own would have ({@code io_uring write(..) failed with error(-32): Broken pipe}): the errors that end a
 * connection by name, the others by number.
 */
final class RingErrors {
    private RingErrors() {
    }

    static IOException writeFailed(int negativeErrno) {
        return new IOException("io_uring write(..) failed with error(" + negativeErrno + "): "
                + describe(-negativeErrno));
    }

    static String describe(int errno) {
        return switch (errno) {
            case 32 -> "Broken pipe";
            case 104 -> "Connection reset by peer";
            case 110 -> "Connection timed out";
            case 113 -> "No route to host";
            case 101 -> "Network is unreachable";
            case 107 -> "Transport endpoint is not connected";
            default -> "errno " + errno;
        };
    }
}
