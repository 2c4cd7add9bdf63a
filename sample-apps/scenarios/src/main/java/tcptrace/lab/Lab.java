package tcptrace.lab;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tcptrace.scenario.Scenario;

/**
 * Runs scenarios, several at once, each in a world of its own. Namespace and trace-instance names carry this
 * process's pid, so parallel labs never clash and the leftovers of a lab that was killed are recognised and removed.
 */
public final class Lab {
    private static final String PREFIX = "tt";
    private static final Pattern LEFTOVER = Pattern.compile("^" + PREFIX + "(\\d+)-\\d+-\\d+(-[cs])?$");
    /** Tells apart the labs of one process (the end-to-end suite runs one per JDK side by side). */
    private static final AtomicInteger LABS = new AtomicInteger();

    private final LabSettings settings;
    private final int javaFeature;

    public Lab(LabSettings settings) {
        this.settings = settings;
        this.javaFeature = JavaRelease.feature(settings.launcher().javaHome());
    }

    /** Runs the scenarios; {@code onDone} sees each outcome as it arrives; the result keeps the given order. */
    public List<ScenarioOutcome> run(List<Scenario> scenarios, Consumer<ScenarioOutcome> onDone) {
        removeLeftovers();
        int subnet = ThreadLocalRandom.current().nextInt(64, 192);
        // unique to the run, so the host-wide kernel trace can be filtered down to this run's connections
        int basePort = ThreadLocalRandom.current().nextInt(20_000, 60_000);
        String namePrefix = PREFIX + ProcessHandle.current().pid() + "-" + LABS.incrementAndGet() + "-";
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.parallelism()), task -> {
            Thread thread = new Thread(task, "tcptrace-lab");
            // an interrupted demo must not wait for scenarios that its shutdown hook is tearing down
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<ScenarioOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < scenarios.size(); i++) {
                Scenario scenario = scenarios.get(i);
                String name = namePrefix + i;
                String subnetPrefix = "10." + subnet + "." + i;
                int serverPort = basePort + i;
                futures.add(pool.submit(() -> {
                    ScenarioOutcome outcome = runOne(scenario, name, subnetPrefix, serverPort);
                    synchronized (onDone) {
                        onDone.accept(outcome);
                    }
                    return outcome;
                }));
            }
            List<ScenarioOutcome> outcomes = new ArrayList<>();
            for (Future<ScenarioOutcome> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted");
        } catch (ExecutionException e) {
            throw new LabException("a scenario run crashed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private ScenarioOutcome runOne(Scenario scenario, String name, String subnetPrefix, int serverPort) {
        if (scenario.needsNamespaces() && !settings.namespaces()) {
            return ScenarioOutcome.skipped(scenario, "needs network namespaces to cut the cable and lower timers");
        }
        if (javaFeature < scenario.minimumJava()) {
            return ScenarioOutcome.skipped(scenario, "needs a traced JVM of Java " + scenario.minimumJava()
                    + "+, got Java " + javaFeature + " (choose one with --java)");
        }
        return new ScenarioRun(scenario, settings, name, subnetPrefix, serverPort).run();
    }

    /** Namespaces and trace instances of labs whose process is gone. */
    private static void removeLeftovers() {
        if (!LabEnvironment.isRoot()) {
            return;
        }
        Exec.Result list = Exec.run(List.of("ip", "netns", "list"));
        for (String line : list.stdout().lines().toList()) {
            String ns = line.split("\\s+")[0];
            if (isLeftover(ns)) {
                Exec.run(List.of("ip", "netns", "del", ns));
            }
        }
        Path instances = Path.of("/sys/kernel/tracing/instances");
        if (Files.isDirectory(instances)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(instances, PREFIX + "*")) {
                for (Path instance : entries) {
                    if (isLeftover(instance.getFileName().toString())) {
                        Files.delete(instance);
                    }
                }
            } catch (IOException e) {
                System.err.println("tcptrace lab: cannot remove old trace instances: " + e.getMessage());
            }
        }
    }

    private static boolean isLeftover(String name) {
        Matcher m = LEFTOVER.matcher(name);
        return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
    }
}
