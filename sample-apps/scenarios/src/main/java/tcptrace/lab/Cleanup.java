package tcptrace.lab;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Undo actions of one scenario run (kill processes, delete namespaces, remove trace instances), run newest first.
 * Every open Cleanup is also run by a JVM shutdown hook, so Ctrl-C during the demo leaves nothing behind.
 */
final class Cleanup implements AutoCloseable {
    private static final Set<Cleanup> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean shuttingDown;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown = true;
            OPEN.forEach(Cleanup::close);
        }, "tcptrace-lab-cleanup"));
    }

    private final Deque<Runnable> actions = new ArrayDeque<>();

    Cleanup() {
        if (shuttingDown) {
            throw new LabException("the lab is shutting down");
        }
        OPEN.add(this);
    }

    /**
     * Registers an undo action. Once the JVM is shutting down, scenario threads may still be creating things: those
     * are undone at once, and the scenario stops here.
     */
    void add(Runnable action) {
        synchronized (this) {
            actions.push(action);
        }
        if (shuttingDown) {
            close();
            throw new LabException("the lab is shutting down");
        }
    }

    @Override
    public void close() {
        while (true) {
            Runnable action;
            synchronized (this) {
                action = actions.poll();
            }
            if (action == null) {
                break;
            }
            try {
                action.run();
            } catch (RuntimeException e) {
                System.err.println("tcptrace lab: cleanup step failed: " + e.getMessage());
            }
        }
        OPEN.remove(this);
    }
}
