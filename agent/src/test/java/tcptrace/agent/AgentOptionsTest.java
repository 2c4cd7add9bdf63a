package tcptrace.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tcptrace.journal.JournalDirectory;

class AgentOptionsTest {

    @Test
    void noOptionsGiveTheDefaults() {
        AgentOptions o = AgentOptions.parse(null);
        assertThat(o.journalDir()).isEqualTo(JournalDirectory.defaultDirectory());
        assertThat(o.jfrFile()).isNull();
        assertThat(o.stackDepth()).isEqualTo(32);
        assertThat(o.ports()).isEmpty();
        assertThat(o.jfrOff()).isFalse();
        assertThat(o.journalOff()).isFalse();
        assertThat(o.quiet()).isFalse();
        assertThat(AgentOptions.parse("")).isEqualTo(o);
    }

    @Test
    void everyOptionIsRead() {
        AgentOptions o = AgentOptions.parse("journal=/var/j,jfr=/tmp/x.jfr,stack=5,ports=80,off=jfr,quiet");
        assertThat(o.journalDir()).isEqualTo(Path.of("/var/j"));
        assertThat(o.jfrFile()).isEqualTo(Path.of("/tmp/x.jfr"));
        assertThat(o.stackDepth()).isEqualTo(5);
        assertThat(o.ports()).containsExactly(80);
        assertThat(o.jfrOff()).isTrue();
        assertThat(o.journalOff()).isFalse();
        assertThat(o.quiet()).isTrue();
        assertThat(o.raw()).isEqualTo("journal=/var/j,jfr=/tmp/x.jfr,stack=5,ports=80,off=jfr,quiet");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ports=80+443+8080", "ports=80;443;8080", "ports=80,ports=443,ports=8080",
            "ports=80+443,ports=8080"})
    void portListsUsePlusSemicolonOrRepetition(String args) {
        assertThat(AgentOptions.parse(args).ports()).containsExactlyInAnyOrder(80, 443, 8080);
    }

    @Test
    void bothSinksCanBeTurnedOff() {
        AgentOptions o = AgentOptions.parse("off=jfr,off=journal");
        assertThat(o.jfrOff()).isTrue();
        assertThat(o.journalOff()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bogus=1", "journal=/x,verbose", "Journal=/x"})
    void unknownOptionIsNamed(String args) {
        assertThatThrownBy(() -> AgentOptions.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown agent option '")
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stack=-1", "stack=deep", "stack=", "ports=0", "ports=65536", "ports=80+x", "ports=",
            "off=everything", "jfr=", "journal", "quiet=yes", "ports=80,,quiet"})
    void malformedOptionIsNamed(String args) {
        assertThatThrownBy(() -> AgentOptions.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("(malformed|unknown) agent option '.*'.*");
    }

    @Test
    void stackDepthZeroMeansNoFrames() {
        assertThat(AgentOptions.parse("stack=0").stackDepth()).isZero();
        assertThat(AgentOptions.parse("stack=0").closeStacksOnly()).isFalse();
    }

    @Test
    void stackCloseKeepsTheDepthAndCombinesWithOne() {
        assertThat(AgentOptions.parse(null).closeStacksOnly()).isFalse();
        AgentOptions close = AgentOptions.parse("stack=close");
        assertThat(close.closeStacksOnly()).isTrue();
        assertThat(close.stackDepth()).isEqualTo(AgentOptions.DEFAULT_STACK_DEPTH);
        for (String both : new String[] {"stack=close,stack=8", "stack=8,stack=close"}) {
            assertThat(AgentOptions.parse(both).closeStacksOnly()).isTrue();
            assertThat(AgentOptions.parse(both).stackDepth()).isEqualTo(8);
        }
        assertThatThrownBy(() -> AgentOptions.parse("stack=open"))
                .hasMessage("malformed agent option 'stack=open': 'open' is not 'close' nor a number from 0 to 1024");
    }
}
