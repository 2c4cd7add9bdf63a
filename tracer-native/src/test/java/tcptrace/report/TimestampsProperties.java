package tcptrace.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class TimestampsProperties {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Property
    void isoMatchesTheFormatterForAnyInstant(@ForAll long epochNanos) {
        assertThat(Timestamps.iso(epochNanos)).isEqualTo(reference(epochNanos));
    }

    /** Neighbouring instants share their second: the cached second must not leak into the next one. */
    @Property
    void isoOfNeighbouringInstantsMatchesTheFormatter(@ForAll @LongRange(min = 0, max = 4_000_000_000L) long nanos) {
        long base = 1_795_830_000_000_000_000L;
        assertThat(Timestamps.iso(base + nanos)).isEqualTo(reference(base + nanos));
        assertThat(Timestamps.iso(base + nanos + 999_999_999L)).isEqualTo(reference(base + nanos + 999_999_999L));
    }

    private static String reference(long epochNanos) {
        return REFERENCE.format(Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L)));
    }
}
