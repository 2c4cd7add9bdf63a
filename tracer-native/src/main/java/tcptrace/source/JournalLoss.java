package tcptrace.source;

import java.nio.file.Path;

/** How evidence lost from journals is said, the same post-mortem and live: each line is one damage of the run. */
final class JournalLoss {
    private JournalLoss() {
    }

    static String dropped(Path file, long pid, long records) {
        return file + ": the agent in pid " + pid + " dropped " + records + " records (journal full); connections "
                + "among them may get UNATTRIBUTED or no verdict of their own";
    }

    /** {@code why} names the file. */
    static String refused(String why) {
        return why + " (its events are not read)";
    }
}
