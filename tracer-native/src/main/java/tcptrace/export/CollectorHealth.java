package tcptrace.export;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;

/**
 * Says once on stderr that a collector cannot be reached, and once that it can again: an export that fails every few
 * seconds while a collector is down must not bury the capture's own output.
 */
final class CollectorHealth {
    private final String collector;
    private final PrintWriter err;
    private boolean down;

    CollectorHealth(String collector, PrintWriter err) {
        this.collector = collector;
        this.err = err;
    }

    synchronized void failed(Throwable cause) {
        if (!down) {
            down = true;
            err.println("tcptrace: " + collector + " is unreachable (" + describe(cause) + "); retrying with back-off,"
                    + " verdicts queue meanwhile");
            err.flush();
        }
    }

    synchronized void delivered() {
        if (down) {
            down = false;
            err.println("tcptrace: " + collector + " is reachable again");
            err.flush();
        }
    }

    synchronized boolean isDown() {
        return down;
    }

    /**
     * What went wrong, in a few words. The JDK's HTTP client says nothing in its connect errors (the SDK wraps a
     * ConnectException without a message), so those are named by their kind.
     */
    static String describe(Throwable cause) {
        String said = null;
        for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "cannot connect";
            }
            if (t instanceof HttpTimeoutException) {
                return "timed out";
            }
            if (said == null && t.getMessage() != null && !t.getMessage().isBlank()) {
                said = t.getMessage();
            }
        }
        return said != null ? said : cause != null ? cause.getClass().getSimpleName() : "export failed";
    }
}
