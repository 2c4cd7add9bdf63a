package tcptrace.lab;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's own account of a scenario, from a tracefs instance of its own (so that runs in parallel do not mix):
 * which task sent each RST and why, each TCP state change, each retransmission.
 */
final class KernelTrace {
    private static final Path TRACEFS = Path.of("/sys/kernel/tracing");
    private static final String RESETS = "tcp/tcp_send_reset";
    /** Events with port fields: filtered in the kernel, since the host's other TCP traffic would flood the buffer. */
    private static final List<String> PORT_EVENTS = List.of("sock/inet_sock_set_state", "tcp/tcp_retransmit_skb");
    private static final List<String> EVENTS = List.of(RESETS, PORT_EVENTS.get(0), PORT_EVENTS.get(1));

    private static final int REMOVE_ATTEMPTS = 20;

    private final Path instance;

    private KernelTrace(Path instance) {
        this.instance = instance;
    }

    /** Creates and enables the instance for connections to or from {@code port}; {@code cleanup} removes it. */
    static KernelTrace start(String name, int port, Cleanup cleanup) {
        ensureMounted();
        Path instance = TRACEFS.resolve("instances").resolve(name);
        try {
            Files.createDirectory(instance);
            cleanup.add(() -> remove(instance));
            Files.writeString(instance.resolve("buffer_size_kb"), "4096");
            // tcp_send_reset has no port fields to filter on: RSTs are rare enough to take them all
            for (String event : PORT_EVENTS) {
                Files.writeString(instance.resolve("events").resolve(event).resolve("filter"),
                        "sport == " + port + " || dport == " + port);
            }
            for (String event : EVENTS) {
                Files.writeString(instance.resolve("events").resolve(event).resolve("enable"), "1");
            }
            return new KernelTrace(instance);
        } catch (IOException e) {
            throw new LabException("cannot set up the kernel trace " + instance + ": " + e.getMessage(), e);
        }
    }

    private static void ensureMounted() {
        if (Files.isDirectory(TRACEFS.resolve("instances"))) {
            return;
        }
        Exec.check(List.of("mount", "-t", "tracefs", "nodev", TRACEFS.toString()));
        if (!Files.isDirectory(TRACEFS.resolve("instances"))) {
            throw new LabException("tracefs has no instances directory at " + TRACEFS);
        }
    }

    /** What was recorded so far; tracing goes on. */
    List<KernelEvent> peek() {
        return read();
    }

    /** Stops tracing and returns what was recorded. */
    List<KernelEvent> stopAndRead() {
        try {
            Files.writeString(instance.resolve("tracing_on"), "0");
        } catch (IOException e) {
            throw new LabException("cannot stop the kernel trace " + instance + ": " + e.getMessage(), e);
        }
        return read();
    }

    private List<KernelEvent> read() {
        try {
            List<KernelEvent> events = new ArrayList<>();
            for (String line : Files.readAllLines(instance.resolve("trace"))) {
                if (!line.startsWith("#")) {
                    KernelEvent.parse(line).ifPresent(events::add);
                }
            }
            return events;
        } catch (IOException e) {
            throw new LabException("cannot read the kernel trace " + instance + ": " + e.getMessage(), e);
        }
    }

    private static void remove(Path instance) {
        try {
            for (String event : EVENTS) {
                Files.writeString(instance.resolve("events").resolve(event).resolve("enable"), "0");
            }
            deleteWhenIdle(instance);
        } catch (IOException e) {
            throw new LabException("cannot remove the kernel trace " + instance + ": " + e.getMessage(), e);
        }
    }

    /** An instance is busy while another thread still reads its trace file (an interrupted run). */
    private static void deleteWhenIdle(Path instance) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                Files.delete(instance);
                return;
            } catch (FileSystemException busy) {
                if (attempt == REMOVE_ATTEMPTS) {
                    throw busy;
                }
                Await.pause(100);
            }
        }
    }
}
