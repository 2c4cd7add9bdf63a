package tcptrace.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ListenAddressTest {
    @Test
    void aBarePortListensOnLoopbackOnly() {
        InetSocketAddress a = ListenAddress.parse("9464");

        assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(a.getPort()).isEqualTo(9464);
    }

    @Test
    void aHostIsTakenAsGiven() {
        assertThat(ListenAddress.parse("0.0.0.0:9464").getAddress().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(ListenAddress.parse("[::1]:9464").getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void badInputSaysWhatIsWrong() {
        assertThatThrownBy(() -> ListenAddress.parse("metrics")).hasMessageContaining("'metrics' is not a port");
        assertThatThrownBy(() -> ListenAddress.parse("70000")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> ListenAddress.parse(":9464")).hasMessageContaining("no host");
    }

    @Test
    void formatsIpv6WithBrackets() {
        InetSocketAddress a = ListenAddress.parse("[::1]:80");

        assertThat(ListenAddress.format(a.getAddress(), 80)).isEqualTo("[0:0:0:0:0:0:0:1]:80");
    }
}
