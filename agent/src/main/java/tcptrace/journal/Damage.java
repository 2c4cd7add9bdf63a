package tcptrace.journal;

import java.nio.file.Path;

/** A place in a segment where the reader found no valid record and stepped over it. */
public record Damage(Path file, long offset, String what) {
    @Override
    public String toString() {
        return file + ": " + what + " at offset " + offset;
    }
}
