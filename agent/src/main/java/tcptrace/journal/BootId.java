package tcptrace.journal;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The kernel's id of the current boot: a journal from another boot belongs to a process that is surely gone. */
public final class BootId {
    private BootId() {
    }

    private static final UUID UNKNOWN = new UUID(0, 0);

    public static UUID current() {
        try {
            // not Files.readString: on JDK 21+ its stream loads SocketChannelImpl, and in the agent that would
            // weave the socket classes during the application's start instead of off it
            try (FileInputStream in = new FileInputStream("/proc/sys/kernel/random/boot_id")) {
                return UUID.fromString(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
            }
        } catch (IOException | IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
