package tcptrace.lab;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a short external command (ip, nft, tcpdump -r, ss) to completion. */
final class Exec {
    private static final long TIMEOUT_SECONDS = 30;

    private Exec() {
    }

    record Result(int exit, String stdout, String stderr) {
        boolean ok() {
            return exit == 0;
        }
    }

    static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process, true));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process, false));
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LabException("`" + String.join(" ", command) + "` did not finish in " + TIMEOUT_SECONDS
                        + " s");
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new LabException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running " + command.get(0), e);
        }
    }

    /** Runs the command and fails with its first line of stderr when it does not succeed. */
    static String check(List<String> command) {
        Result result = run(command);
        if (!result.ok()) {
            String detail = result.stderr().strip().lines().findFirst().orElse("exit " + result.exit());
            throw new LabException("`" + String.join(" ", command) + "` failed: " + detail);
        }
        return result.stdout();
    }

    private static String readAll(Process process, boolean stdout) {
        try {
            byte[] bytes = (stdout ? process.getInputStream() : process.getErrorStream()).readAllBytes();
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
