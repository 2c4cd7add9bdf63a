package tcptrace.agent.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class EndpointProperties {
    /** The text is the JDK's: InetAddress's, bracketed for IPv6 (an IPv4-mapped address being IPv4 to it). */
    @Property(tries = 1000)
    void writesTheAddressAsTheJdkDoes(@ForAll @Size(4) byte[] v4, @ForAll @Size(16) byte[] v6,
                                      @ForAll @Size(4) byte[] mappedV4, @ForAll @IntRange(max = 65535) int port)
            throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(mappedV4, 0, mapped, 12, 4);
        for (byte[] address : new byte[][] {v4, v6, mapped}) {
            Endpoint e = new Endpoint(address, port);
            InetAddress jdk = InetAddress.getByAddress(address);
            String host = jdk.getHostAddress();
            assertThat(e.hostAddress()).isEqualTo(host);
            assertThat(e.toString()).isEqualTo(jdk instanceof Inet6Address ? "[" + host + "]:" + port
                    : host + ":" + port);
            assertThat(e.appendTo(new StringBuilder("x")).toString()).isEqualTo("x" + e);
        }
    }
}
