package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The writer against the JDK's own encoding, however the text is cut into writes. */
class Utf8WriterProperties {
    /** ASCII, Latin-1 ("µs"), arrows, and surrogates paired or not: what the encoder must get right. */
    @Provide
    Arbitrary<String> text() {
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.chars().range(' ', '~')),
                net.jqwik.api.Tuple.of(2, Arbitraries.of('µ', '→', '\u07ff', '\u0800', '\uffff')),
                net.jqwik.api.Tuple.of(2, Arbitraries.chars().range('\ud800', '\udfff')));
        return chars.list().ofMaxSize(40).map(l -> {
            StringBuilder b = new StringBuilder();
            l.forEach(b::append);
            return b.toString();
        });
    }

    @Property
    void writesWhatStringGetBytesGives(@ForAll("text") String s,
                                       @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 40) Integer> cuts)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Utf8Writer w = new Utf8Writer(bytes)) {
            int at = 0;
            for (int cut : cuts) {
                int to = Math.min(s.length(), Math.max(at, cut));
                // alternate the two write paths
                if (to % 2 == 0) {
                    w.write(s.toCharArray(), at, to - at);
                } else {
                    w.write(s, at, to - at);
                }
                at = to;
            }
            w.write(s, at, s.length() - at);
        }
        assertThat(bytes.toByteArray()).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 20)
    void fillsAndDrainsItsBufferWithoutLosingAByte(@ForAll @IntRange(min = 1, max = 40_000) int repeat)
            throws IOException {
        String s = "µs→".repeat(repeat);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Utf8Writer w = new Utf8Writer(bytes)) {
            w.write(s);
        }
        assertThat(bytes.toByteArray()).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
    }
}
