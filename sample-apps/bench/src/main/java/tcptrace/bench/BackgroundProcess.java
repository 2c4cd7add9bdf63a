package tcptrace.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child that runs beside a measurement (a server, an attach target) and announces itself with a
 * {@code READY value} line; closing it closes its stdin, which is how such children are told to end.
 */
final class BackgroundProcess implements AutoCloseable {
    private static final long READY_TIMEOUT_SECONDS = 60;
    private static final long EXIT_TIMEOUT_SECONDS = 10;

    private final Process process;
    private final String readyValue;

    private BackgroundProcess(Process process, String readyValue) {
        this.process = process;
        this.readyValue = readyValue;
    }

    static BackgroundProcess start(List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new BenchException("cannot start " + command.get(0) + ": " + e.getMessage());
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readyLine(out));
        try {
            String value = ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (value == null) {
                throw new BenchException(String.join(" ", command) + " ended before it was ready");
            }
            Daemons.named("background-output").newThread(() -> drain(out)).start();
            return new BackgroundProcess(process, value);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
            throw new BenchException(String.join(" ", command) + " was not ready in " + READY_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted");
        }
    }

    String readyValue() {
        return readyValue;
    }

    long pid() {
        return process.pid();
    }

    private static String readyLine(BufferedReader out) {
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("READY ")) {
                    return line.substring("READY ".length()).trim();
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // keep the pipe from filling up
            }
        } catch (IOException ignored) {
            // the child ended
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
