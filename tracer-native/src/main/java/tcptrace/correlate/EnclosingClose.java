package tcptrace.correlate;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether two calls on one thread were made inside one call of a close method, read from their stacks (innermost
 * frame first, {@code pkg.Class.method(File.java:line)}): their callers are the same frames from the thread's
 * bottom up to where they part, and the frames they share there (the method they part in, whose line differs, and
 * its callers) include a method whose name says close — SSLSocketImpl.close, IOSessionImpl.close, a pool's
 * closeConnection.
 */
final class EnclosingClose {
    private EnclosingClose() {
    }

    /** The close method ({@code pkg.Class.method}) that both stacks are inside, the innermost; empty if none. */
    static Optional<String> of(List<String> first, List<String> second) {
        int i = first.size() - 1;
        int j = second.size() - 1;
        while (i >= 0 && j >= 0 && first.get(i).equals(second.get(j))) {
            i--;
            j--;
        }
        if (i < 0 || j < 0) {
            return Optional.empty(); // one call is a caller of the other, or a stack is cut short: no evidence
        }
        int shared = method(first.get(i)).equals(method(second.get(j))) ? i : i + 1;
        for (int k = shared; k < first.size(); k++) {
            String method = method(first.get(k));
            if (isClose(method)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }

    /** {@code pkg.Class.method} of a frame, without its source position. */
    private static String method(String frame) {
        int paren = frame.indexOf('(');
        return paren < 0 ? frame : frame.substring(0, paren);
    }

    private static boolean isClose(String method) {
        return method.substring(method.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT).contains("close");
    }
}
