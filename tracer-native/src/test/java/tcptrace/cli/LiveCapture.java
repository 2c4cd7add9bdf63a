package tcptrace.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** {@code capture} running in this JVM, with its output readable while it runs. */
final class LiveCapture implements AutoCloseable {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CaptureCommand command;
    private final CompletableFuture<Integer> exit;

    private LiveCapture(String... args) {
        CommandLine cl = Tcptrace.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        command = cl.getSubcommands().get("capture").getCommand();
        String[] all = new String[args.length + 1];
        all[0] = "capture";
        System.arraycopy(args, 0, all, 1, args.length);
        exit = CompletableFuture.supplyAsync(() -> cl.execute(all));
    }

    /** Starts {@code capture ARGS...} and waits until it captures. */
    static LiveCapture start(String... args) throws InterruptedException {
        LiveCapture c = new LiveCapture(args);
        if (!c.command.awaitStarted(Duration.ofSeconds(30))) {
            throw new AssertionError("capture did not start: " + c.err() + c.out());
        }
        return c;
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** Stops it as Ctrl-C would and returns its exit status. */
    int stop() throws Exception {
        command.stop();
        return exit.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            stop();
        }
    }
}
