package tcptrace.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Runs the tcptrace command line in this JVM with captured output. */
final class Cli {
    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        /** Whether the text summary reports capture drops or journal damage (exit status 1 then). */
        boolean evidenceIncomplete() {
            Matcher drops = Pattern.compile("(\\d+) dropped by the kernel, (\\d+) by the interface").matcher(out);
            boolean dropped = drops.find() && Long.parseLong(drops.group(1)) + Long.parseLong(drops.group(2)) > 0;
            return dropped || out.contains("journal damage:");
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        return run(Tcptrace.commandLine(), args);
    }

    static Result run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
