package tcptrace.bench;

import tcptrace.capture.LinkType;
import tcptrace.capture.PcapFileWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a realistic, reproducible benchmark capture: {@code --connections} connections of which
 * {@code --concurrency} are open at any moment, each with 0 to {@code --max-exchanges} request/response exchanges,
 * their segments interleaved, cut to headers by a 96-byte snaplen (the payload is announced by the IP length, not
 * stored), nanosecond timestamps a few microseconds apart.
 */
public final class PcapGenerator {
    static final int SNAPLEN = 96;
    private static final long START_NANOS = 1_795_830_000_000_000_000L;
    /** The gap between two packets is 1 ns to this, evenly: 10 µs on average. */
    static final int MAX_GAP_NANOS = 20_000;

    /** What a generated file holds. */
    record Summary(long packets, long connections) {
    }

    private PcapGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        String journal = options.string("journal-dir", null);
        Summary summary = generate(Path.of(options.required("out")), journal == null ? null : Path.of(journal),
                options.longValue("connections", 200_000), options.integer("concurrency", 10_000),
                options.integer("max-exchanges", 2), options.longValue("seed", 1));
        Results.print("packets", summary.packets());
        Results.print("connections", summary.connections());
    }

    /**
     * @param journalDir where to write the journal of a JVM that traced both ends of every connection, or null for a
     *                   capture without evidence
     */
    static Summary generate(Path out, Path journalDir, long connections, int concurrency, int maxExchanges, long seed)
            throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        SyntheticConnection[] open = new SyntheticConnection[(int) Math.min(concurrency, connections)];
        long[] indexOf = new long[open.length];
        long started = 0;
        for (; started < open.length; started++) {
            open[(int) started] = new SyntheticConnection(started, maxExchanges, random);
            indexOf[(int) started] = started;
        }
        int live = open.length;
        long packets = 0;
        long time = START_NANOS;
        try (PcapFileWriter writer = PcapFileWriter.create(out, LinkType.ETHERNET, SNAPLEN);
             JournalOfSynthetic journal = journalDir == null ? null : JournalOfSynthetic.open(journalDir)) {
            while (live > 0) {
                int slot = random.nextInt(live);
                time += 1 + random.nextInt(MAX_GAP_NANOS);
                SyntheticConnection.Step step = open[slot].writeNext(writer, time);
                if (journal != null) {
                    journal.around(indexOf[slot], open[slot], step, time);
                }
                packets++;
                if (open[slot].finished()) {
                    if (started < connections) {
                        indexOf[slot] = started;
                        open[slot] = new SyntheticConnection(started++, maxExchanges, random);
                    } else {
                        open[slot] = open[--live];
                        indexOf[slot] = indexOf[live];
                        open[live] = null;
                    }
                }
            }
        }
        return new Summary(packets, connections);
    }
}
