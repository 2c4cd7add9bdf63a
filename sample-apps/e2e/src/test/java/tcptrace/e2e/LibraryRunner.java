package tcptrace.e2e;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tcptrace.lab.VerdictRecord;
import tcptrace.lab.WireSegment;

/**
 * Runs one library shape in a child JVM under {@code -javaagent:tcptrace.jar} while tcpdump captures its port on
 * lo, then asks {@code tcptrace report --format json} about the capture and the child's journal.
 */
final class LibraryRunner {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    private static final String CHILD_MAIN = "tcptrace.e2e.libs.LibraryMain";

    private final Path javaHome;
    private final int jdk;
    private final Path jar;
    private final Path dirs;

    LibraryRunner(Path javaHome, int jdk, Path jar, Path dirs) {
        this.javaHome = javaHome;
        this.jdk = jdk;
        this.jar = jar;
        this.dirs = dirs;
    }

    LibraryRunOutcome run(Library library) {
        Path dir = dirs.resolve(library.name());
        try {
            deleteRecursively(dir); // an earlier run's files would mix with this run's
            Files.createDirectories(dir);
            // the agent journals only into a directory of the user's alone
            Files.createDirectory(dir.resolve("journals"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            int port = freePort();
            Path pcap = dir.resolve("lo.pcap");
            Process tcpdump = startTcpdump(pcap, port, dir.resolve("tcpdump.log"));
            long pid;
            try {
                pid = runChild(library, port, dir);
                awaitEveryConnectionEnded(pcap);
            } finally {
                tcpdump.destroy(); // SIGTERM: tcpdump flushes and closes the file
                tcpdump.waitFor(10, TimeUnit.SECONDS);
            }
            List<WireSegment> segments = segments(pcap);
            List<VerdictRecord> records = report(pcap, journals(dir.resolve("journals")), dir);
            return new LibraryRunOutcome(library, jdk, dir, port, pid, segments, records, null);
        } catch (Exception | AssertionError e) {
            return LibraryRunOutcome.failed(library, jdk, dir, e.toString());
        }
    }

    private long runChild(Library library, int port, Path dir) throws Exception {
        List<String> command = List.of(javaHome.resolve("bin").resolve("java").toString(), "-Xmx128m",
                "-javaagent:" + jar + "=journal=" + dir.resolve("journals"), "-cp", childClassPath(), CHILD_MAIN,
                library.name(), Integer.toString(port));
        Path out = dir.resolve("child.out");
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(dir.resolve("child.err").toFile()).start();
        try {
            if (library.killed()) {
                await("the child to be ready", () -> contains(out, "ready") || !child.isAlive());
                if (!child.isAlive()) {
                    throw new AssertionError("the child ended before it was ready: exit " + child.exitValue()
                            + ", " + Files.readString(dir.resolve("child.err")).strip());
                }
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no EXIT record
                child.waitFor(10, TimeUnit.SECONDS);
            } else if (!child.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || child.exitValue() != 0
                    || !contains(out, "done")) {
                throw new AssertionError("the child did not end well (alive " + child.isAlive() + "): "
                        + Files.readString(dir.resolve("child.err")).strip());
            }
            return child.pid();
        } finally {
            child.destroyForcibly();
        }
    }

    /** The suite's class path less tcptrace's own jars: the child reaches tcptrace through -javaagent only. */
    private static String childClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !Path.of(e).getFileName().toString().startsWith("tcptrace-"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static Process startTcpdump(Path pcap, int port, Path log) throws Exception {
        Process p = new ProcessBuilder("tcpdump", "-i", "lo", "-nn", "-U", "-s", "200", "-w", pcap.toString(),
                "tcp port " + port).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await("tcpdump to listen", () -> contains(log, "listening on") || !p.isAlive());
        if (!p.isAlive()) {
            throw new AssertionError("tcpdump failed: " + Files.readString(log).strip());
        }
        return p;
    }

    /** Waits until tcpdump has written, for every connection it saw open, a RST or a FIN from each end. */
    private static void awaitEveryConnectionEnded(Path pcap) throws Exception {
        await("every connection's FINs or RST in " + pcap, () -> {
            List<WireSegment> segments = segments(pcap);
            Set<String> opened = new HashSet<>();
            Set<String> ended = new HashSet<>();
            Set<String> finFrom = new HashSet<>();
            for (WireSegment s : segments) {
                String connection = connection(s);
                if (s.syn() && !s.hasAck()) {
                    opened.add(connection);
                }
                if (s.rst()) {
                    ended.add(connection);
                } else if (s.fin()) {
                    finFrom.add(s.srcIp() + ":" + s.srcPort() + ">" + s.dstIp() + ":" + s.dstPort());
                }
            }
            for (WireSegment s : segments) {
                if (finFrom.contains(s.srcIp() + ":" + s.srcPort() + ">" + s.dstIp() + ":" + s.dstPort())
                        && finFrom.contains(s.dstIp() + ":" + s.dstPort() + ">" + s.srcIp() + ":" + s.srcPort())) {
                    ended.add(connection(s));
                }
            }
            return !opened.isEmpty() && ended.containsAll(opened);
        });
    }

    private static String connection(WireSegment s) {
        String a = s.srcIp() + ":" + s.srcPort();
        String b = s.dstIp() + ":" + s.dstPort();
        return a.compareTo(b) < 0 ? a + "-" + b : b + "-" + a;
    }

    static List<WireSegment> segments(Path pcap) {
        try {
            Process p = new ProcessBuilder("tcpdump", "-nn", "-tt", "-S", "-r", pcap.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            List<WireSegment> out = new ArrayList<>();
            text.lines().forEach(l -> WireSegment.parse(l).ifPresent(out::add));
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run tcpdump -r: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The child's journal files: the agent starts a new one when a file fills. */
    private static List<String> journals(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> journals = files.map(Path::toString).filter(f -> f.endsWith(".journal")).sorted().toList();
            if (journals.isEmpty()) {
                throw new AssertionError("the agent wrote no journal in " + dir);
            }
            return journals;
        }
    }

    private List<VerdictRecord> report(Path pcap, List<String> journals, Path dir) throws Exception {
        Path out = dir.resolve("report.jsonl");
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString(), "-jar",
                jar.toString(), "report", "--pcap", pcap.toString(), "--format", "json", "--journal"));
        command.addAll(journals);
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(dir.resolve("report.err").toFile()).start();
        if (!p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("report failed (exit " + (p.isAlive() ? "none" : p.exitValue()) + "): "
                    + Files.readString(dir.resolve("report.err")).strip());
        }
        return Files.readAllLines(out).stream().filter(l -> !l.isBlank()).map(VerdictRecord::parse).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(25);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
