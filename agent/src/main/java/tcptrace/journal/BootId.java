package tcptrace.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** The kernel's id of the current boot: a journal from another boot belongs to a process that is surely gone. */
public final class BootId {
    private BootId() {
    }

    private static final UUID UNKNOWN = new UUID(0, 0);

    public static UUID current() {
        try {
            return UUID.fromString(Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim());
        } catch (IOException | IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
