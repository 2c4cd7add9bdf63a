package tcptrace.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import tcptrace.InputException;
import tcptrace.journal.JournalException;

/**
 * Input the tool cannot use (corrupt pcap, unreadable journal, no such pid, no capture permission) is one line on
 * stderr and exit 2; anything else is a bug: one line asking for a report, and an exit status of its own (3), so
 * that a script never reads a crash as a run whose evidence was merely incomplete (1). {@code --debug} adds the stack
 * trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    static final int INPUT_ERROR = 2;
    static final int INTERNAL_ERROR = 3;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean debug = debug(parsed);
        int code;
        if (ex instanceof InputException || ex instanceof JournalException) {
            err.println("tcptrace: " + ex.getMessage());
            code = INPUT_ERROR;
        } else {
            err.println("tcptrace: internal error: " + ex + "; this is a bug in tcptrace: please report it with "
                    + (debug ? "the stack trace below" : "the output of the same command run with --debug"));
            code = INTERNAL_ERROR;
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static boolean debug(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
