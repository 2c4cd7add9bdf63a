package tcptrace.os;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tcptrace.agent.event.Endpoint;

/**
 * The owners of this namespace's sockets from procfs: the socket table gives a connection's inode, the descriptors
 * of the processes give who links to it. A thread of its own looks up each sighted connection a little after its
 * first packet, in batches (one read of the table and at most one walk of the processes per batch), and again while
 * a server's socket still waits for accept(); an end decided later is answered from what was found, or looked up
 * once more then. What is kept is bounded: the newest {@link #MAX_CONNECTIONS} answers; sightings beyond what the
 * thread can take are dropped and counted.
 */
public final class ProcSocketOwners implements SocketOwnerLookup, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcSocketOwners.class);
    static final int MAX_CONNECTIONS = 65_536;
    /** One batch per this period: a connection is first looked up this long after it was seen, at most. */
    static final long BATCH_MILLIS = 20;
    /** Batches a socket is looked for while it has no descriptor yet (queued for accept()): about two seconds. */
    static final int ATTEMPTS = 100;
    /** How long one walk of the processes may take for the lookup thread, and for a late lookup. */
    static final long WALK_NANOS = 2_000_000_000L;
    static final long LATE_WALK_NANOS = 100_000_000L;

    private final BlockingQueue<SocketTable.Key> sightings = new ArrayBlockingQueue<>(MAX_CONNECTIONS);
    /** The owner found for a connection, or empty when its socket was gone (or never had a descriptor in time). */
    private final Map<SocketTable.Key, Optional<SocketOwner>> answers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SocketTable.Key, Optional<SocketOwner>> eldest) {
            return size() > MAX_CONNECTIONS;
        }
    };
    /** Sighted connections not found yet, with the batches tried; only the lookup thread touches it. */
    private final Map<SocketTable.Key, Integer> waiting = new LinkedHashMap<>();
    private final SocketInodeOwners inodes = new SocketInodeOwners();
    /**
     * The late lookups' own walk, bounded in time: they run while a verdict waits (and the capture with it), so they
     * never wait for the lookup thread's walk, and give up rather than hold the capture up.
     */
    private final SocketInodeOwners lateInodes = new SocketInodeOwners();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    private ProcSocketOwners() {
        thread = new Thread(this::run, "tcptrace-socket-owners");
        thread.setDaemon(true);
    }

    /** Starts the lookup thread; {@link #close} stops it. */
    public static ProcSocketOwners start() {
        ProcSocketOwners owners = new ProcSocketOwners();
        owners.thread.start();
        return owners;
    }

    /** Only a bounded queue's offer: the capture's thread waits on nothing of this. */
    @Override
    public void sighted(Endpoint local, Endpoint remote) {
        if (!sightings.offer(new SocketTable.Key(local, remote))) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public Optional<SocketOwner> owner(Endpoint local, Endpoint remote) {
        SocketTable.Key key = new SocketTable.Key(local, remote);
        Optional<SocketOwner> known;
        synchronized (answers) {
            known = answers.get(key);
        }
        if (known != null && known.isPresent()) {
            return known;
        }
        // not found early (too short-lived, or still queued): the socket may exist yet
        Optional<SocketOwner> now = lookUpNow(key);
        synchronized (answers) {
            answers.put(key, now);
        }
        return now;
    }

    /** What the early lookups found so far, without asking the kernel again; null when nothing yet. */
    Optional<SocketOwner> answered(Endpoint local, Endpoint remote) {
        synchronized (answers) {
            return answers.get(new SocketTable.Key(local, remote));
        }
    }

    /** Sightings dropped because the lookup thread fell behind (their ends are looked up when decided). */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    private void run() {
        List<SocketTable.Key> batch = new ArrayList<>();
        while (!closed) {
            try {
                SocketTable.Key first = sightings.poll(BATCH_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    sightings.drainTo(batch);
                }
                for (SocketTable.Key k : batch) {
                    forget(k); // a new connection on the 4-tuple: what was known is of the old one
                    waiting.put(k, 0);
                }
                batch.clear();
                if (!waiting.isEmpty()) {
                    lookUpWaiting();
                    Thread.sleep(BATCH_MILLIS); // let a batch gather: one walk of the processes serves many
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.debug("socket owners could not be looked up", e);
            }
        }
    }

    private void lookUpWaiting() throws IOException {
        SocketTable table = SocketTable.read();
        Map<Long, SocketTable.Key> byInode = new HashMap<>();
        for (Iterator<Map.Entry<SocketTable.Key, Integer>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SocketTable.Key, Integer> w = it.next();
            LiveSocket s = table.find(w.getKey());
            if (s != null && SocketTable.orphaned(s)) {
                answer(w.getKey(), Optional.empty()); // closed already: no process holds it any more
                it.remove();
            } else if (s != null && s.inode() != 0) {
                byInode.put(s.inode(), w.getKey());
            }
        }
        Map<Long, SocketOwner> found = ownersOf(inodes, byInode.keySet(), WALK_NANOS);
        for (Iterator<Map.Entry<SocketTable.Key, Integer>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SocketTable.Key, Integer> w = it.next();
            LiveSocket s = table.find(w.getKey());
            SocketOwner owner = s == null ? null : found.get(s.inode());
            if (owner != null) {
                answer(w.getKey(), Optional.of(owner));
                it.remove();
            } else if (w.getValue() + 1 >= ATTEMPTS) {
                answer(w.getKey(), Optional.empty());
                it.remove();
            } else {
                w.setValue(w.getValue() + 1);
            }
        }
    }

    private Optional<SocketOwner> lookUpNow(SocketTable.Key key) {
        try {
            LiveSocket s = SocketTable.read().find(key);
            if (s == null || s.inode() == 0) {
                return Optional.empty();
            }
            return Optional.ofNullable(ownersOf(lateInodes, Set.of(s.inode()), LATE_WALK_NANOS).get(s.inode()));
        } catch (IOException e) {
            LOG.debug("socket table unreadable", e);
            return Optional.empty();
        }
    }

    private static Map<Long, SocketOwner> ownersOf(SocketInodeOwners walk, Set<Long> wanted, long budgetNanos) {
        if (wanted.isEmpty()) {
            return Map.of();
        }
        Map<Long, Long> pids;
        synchronized (walk) {
            pids = walk.owners(new HashSet<>(wanted), System.nanoTime() + budgetNanos);
        }
        Map<Long, String> commands = new HashMap<>();
        Map<Long, SocketOwner> out = new HashMap<>();
        pids.forEach((inode, pid) -> out.put(inode,
                new SocketOwner(pid, commands.computeIfAbsent(pid, SocketInodeOwners::command))));
        return out;
    }

    private void forget(SocketTable.Key key) {
        synchronized (answers) {
            answers.remove(key);
        }
    }

    private void answer(SocketTable.Key key, Optional<SocketOwner> owner) {
        synchronized (answers) {
            answers.put(key, owner);
        }
    }
}
