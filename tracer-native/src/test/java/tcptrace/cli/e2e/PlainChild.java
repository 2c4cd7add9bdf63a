package tcptrace.cli.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A main class of the test classes in a child JVM without the agent; its first line of output is awaited. */
public final class PlainChild implements AutoCloseable {
    private final Process process;
    private final String firstLine;

    private PlainChild(Process process, String firstLine) {
        this.process = process;
        this.firstLine = firstLine;
    }

    public static PlainChild start(Class<?> main, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", classes, main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        if (line == null) {
            p.destroyForcibly();
            throw new AssertionError(main.getSimpleName() + " ended before its first line; exit " + p.waitFor());
        }
        return new PlainChild(p, line);
    }

    /** The last word of the first line, as a number ("listening 40123" → 40123). */
    public int number() {
        return Integer.parseInt(firstLine.substring(firstLine.lastIndexOf(' ') + 1).trim());
    }

    public long pid() {
        return process.pid();
    }

    public boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
