package tcptrace.capture;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LocalAddressesTest {
    @Test
    void thisHostIncludesLoopbackButNotADocumentationAddress() throws Exception {
        LocalAddresses local = LocalAddresses.ofThisHost();

        assertThat(local.contains(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(local.contains(InetAddress.getByName("192.0.2.1"))).isFalse();
        assertThat(local.all()).contains(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void matchesRawBytesAtAnOffsetOfTheRightLength() throws Exception {
        LocalAddresses local = LocalAddresses.of(List.of(InetAddress.getByName("10.9.0.1"),
                InetAddress.getByName("2001:db8::5")));
        byte[] buffer = {0, 0, 10, 9, 0, 1, 0};
        byte[] v6 = InetAddress.getByName("2001:db8::5").getAddress();

        assertThat(local.contains(buffer, 2, 4)).isTrue();
        assertThat(local.contains(buffer, 1, 4)).isFalse();
        assertThat(local.contains(v6, 0, 16)).isTrue();
        assertThat(local.contains(v6, 0, 4)).as("the first 4 bytes of an IPv6 address are not an IPv4 one").isFalse();
    }
}
