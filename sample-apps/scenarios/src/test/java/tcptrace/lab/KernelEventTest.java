package tcptrace.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelEventTest {

    @Test
    void resetOfADualStackSocketNamesItsIpv4Endpoints() {
        KernelEvent event = KernelEvent.parse("            java-19329   [000] .....  1490.015413: tcp_send_reset: "
                + "skbaddr=0000000000000000 skaddr=00000000b58af910 src=[::ffff:10.9.0.1]:44372 "
                + "dest=[::ffff:10.9.0.2]:8080 state=TCP_CLOSE reason=TCP_STATE").orElseThrow();

        assertThat(event.name()).isEqualTo("tcp_send_reset");
        assertThat(event.pid()).isEqualTo(19329);
        assertThat(event.srcIp()).isEqualTo("10.9.0.1");
        assertThat(event.srcPort()).isEqualTo(44372);
        assertThat(event.dstIp()).isEqualTo("10.9.0.2");
        assertThat(event.dstPort()).isEqualTo(8080);
        assertThat(event.field("reason")).isEqualTo("TCP_STATE");
    }

    @Test
    void stateChangeOfADualStackSocketUsesTheMappedAddress() {
        KernelEvent event = KernelEvent.parse("  <idle>-0  [001] ..s2.  1490.015129: inet_sock_set_state: "
                + "family=AF_INET6 protocol=IPPROTO_TCP sport=8080 dport=44372 saddr=0.0.0.0 daddr=0.0.0.0 "
                + "saddrv6=::ffff:10.9.0.2 daddrv6=::ffff:10.9.0.1 oldstate=TCP_SYN_RECV newstate=TCP_ESTABLISHED")
                .orElseThrow();

        assertThat(event.pid()).isZero();
        assertThat(event.srcIp()).isEqualTo("10.9.0.2");
        assertThat(event.srcPort()).isEqualTo(8080);
        assertThat(event.dstIp()).isEqualTo("10.9.0.1");
        assertThat(event.field("newstate")).isEqualTo("TCP_ESTABLISHED");
    }

    @Test
    void resetOfAnIpv4SocketKeepsPlainAddresses() {
        KernelEvent event = KernelEvent.parse("kworker/0:1-44 [000] ..s1. 5.0: tcp_send_reset: skbaddr=1 skaddr=2 "
                + "src=10.9.0.1:5000 dest=10.9.0.2:80 state=TCP_ESTABLISHED reason=TCP_KEEPALIVE_TIMEOUT")
                .orElseThrow();

        assertThat(event.srcIp()).isEqualTo("10.9.0.1");
        assertThat(event.field("reason")).isEqualTo("TCP_KEEPALIVE_TIMEOUT");
    }
}
