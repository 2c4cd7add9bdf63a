package tcptrace.correlate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The application connections of one local and one remote end, oldest first. A wire connection keeps the two of its
 * ends once found (see {@link Connection#apps}), so that deciding and forgetting it asks the index once per end.
 */
final class AppTuple {
    private static final Comparator<AppConnection> BY_ANCHOR = Comparator.comparingLong(AppConnection::anchorNanos);

    /** What the index files it under, to let it go without a search. */
    final Object key;
    private final List<AppConnection> connections = new ArrayList<>(2);
    /** Set when the index let it go: whoever kept it must ask the index again. */
    private boolean removed;

    AppTuple(Object key) {
        this.key = key;
    }

    /** The connections, oldest first: not to be changed by the caller. */
    List<AppConnection> connections() {
        // an anchor may move back when an earlier event of a connection made at an unknown time comes late
        for (int i = 1; i < connections.size(); i++) {
            if (connections.get(i - 1).anchorNanos() > connections.get(i).anchorNanos()) {
                connections.sort(BY_ANCHOR);
                break;
            }
        }
        return connections;
    }

    void add(AppConnection c) {
        connections.add(c);
    }

    boolean isEmpty() {
        return connections.isEmpty();
    }

    boolean removed() {
        return removed;
    }

    void markRemoved() {
        removed = true;
    }

    /** Whether every connection made by {@code madeByNanos} was closed by its application. */
    boolean allClosed(long madeByNanos) {
        for (AppConnection c : connections) {
            if (c.anchorNanos() <= madeByNanos && !c.closed()) {
                return false;
            }
        }
        return true;
    }

    /** The raw list, for the index to remove from. */
    List<AppConnection> list() {
        return connections;
    }
}
