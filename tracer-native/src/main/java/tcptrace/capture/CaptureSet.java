package tcptrace.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import tcptrace.InputException;

/**
 * Several capture files read as one capture, in time order: a rotated set ({@code tcpdump -C} writes F, F1, F2 …,
 * {@code -G} strftime names), a directory of them, or files named one by one. Files are put in the order of their
 * first packet, whatever their names; one that starts before the previous one ended is not a part of the same
 * capture taken in turn, and is refused.
 */
public final class CaptureSet {
    /** How far the next file may start before the previous one's last packet: packets of several CPUs interleave. */
    static final long OVERLAP_TOLERANCE_NANOS = 500_000_000L;

    /** One file, with the time of its first TCP segment ({@link Long#MAX_VALUE} when it has none). */
    private record Part(Path file, long firstNanos, long bytes) {
    }

    private final List<Part> parts;
    /** What the files say of their own host's addresses (pcapng interface blocks), filled as they are read. */
    private final CaptureInterfaceAddresses interfaceAddresses = new CaptureInterfaceAddresses();
    private PcapFileSource reading;
    private long bytesBefore;
    private long lastNanos = Long.MIN_VALUE;

    private CaptureSet(List<Part> parts) {
        this.parts = parts;
    }

    /** The files of {@code paths}, each a capture file or a directory of them, checked and put in time order. */
    public static CaptureSet of(List<Path> paths) throws InputException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> inside = filesIn(p);
                if (inside.isEmpty()) {
                    throw new InputException(p + ": an empty directory (no capture files in it)");
                }
                files.addAll(inside);
            } else {
                files.add(p);
            }
        }
        List<Part> parts = new ArrayList<>();
        for (Path f : files.stream().distinct().toList()) {
            parts.add(new Part(f, firstSegmentNanos(f), size(f)));
        }
        parts.sort(Comparator.comparingLong(Part::firstNanos).thenComparing(Part::file));
        return new CaptureSet(List.copyOf(parts));
    }

    private static List<Path> filesIn(Path dir) throws InputException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new InputException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static long size(Path f) throws InputException {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new InputException(f + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Reads the file up to its first TCP segment: it also checks that the file is a capture at all. */
    private static long firstSegmentNanos(Path f) throws InputException {
        long[] first = {Long.MAX_VALUE};
        PcapFileSource source = PcapFileSource.open(f);
        source.run(s -> {
            first[0] = s.timeNanos();
            source.close();
        });
        return first[0];
    }

    /** The addresses the files give the interfaces they were taken on: ends there are the capture's host. */
    public CaptureInterfaceAddresses interfaceAddresses() {
        return interfaceAddresses;
    }

    public List<Path> files() {
        return parts.stream().map(Part::file).toList();
    }

    /** Bytes of all the files. */
    public long bytes() {
        return parts.stream().mapToLong(Part::bytes).sum();
    }

    /** Bytes of the set read so far; from within the listener of {@link #run}. */
    public long bytesRead() {
        return reading == null ? bytesBefore : bytesBefore + reading.position();
    }

    /**
     * Hands every segment of every file to {@code listener} and every frame to {@code frames}, file after file.
     */
    public CaptureStats run(SegmentListener listener, FrameListener frames) throws InputException {
        bytesBefore = 0;
        lastNanos = Long.MIN_VALUE;
        CaptureStats total = CaptureStats.NONE;
        Path previous = null;
        for (Part part : parts) {
            if (previous != null && part.firstNanos() != Long.MAX_VALUE
                    && part.firstNanos() < lastNanos - OVERLAP_TOLERANCE_NANOS) {
                throw new InputException(part.file() + ": starts before " + previous + " ends; the files overlap "
                        + "in time, so they are not one capture taken in turn");
            }
            reading = PcapFileSource.open(part.file(), interfaceAddresses);
            CaptureStats stats;
            try {
                stats = reading.run(s -> {
                    lastNanos = Math.max(lastNanos, s.timeNanos());
                    listener.onSegment(s);
                }, frames);
            } finally {
                reading = null;
            }
            total = total.plus(stats);
            bytesBefore += part.bytes();
            previous = part.file();
        }
        return total;
    }
}
