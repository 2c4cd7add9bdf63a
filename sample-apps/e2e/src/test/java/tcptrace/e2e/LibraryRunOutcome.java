package tcptrace.e2e;

import java.nio.file.Path;
import java.util.List;
import tcptrace.lab.VerdictRecord;
import tcptrace.lab.WireSegment;

/**
 * What one library run left: the packets as tcpdump read them, the report's verdict records, the child's pid, or
 * the error that stopped the run; {@code dir} holds its files.
 */
record LibraryRunOutcome(Library library, int jdk, Path dir, int port, long pid, List<WireSegment> segments,
                         List<VerdictRecord> records, String error) {

    static LibraryRunOutcome failed(Library library, int jdk, Path dir, String error) {
        return new LibraryRunOutcome(library, jdk, dir, 0, -1, List.of(), List.of(), error);
    }
}
