package tcptrace.report;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import tcptrace.agent.event.Endpoint;

class EndpointTextProperties {
    @Property(tries = 500)
    void writesWhatEndpointWrites(@ForAll @Size(4) byte[] v4, @ForAll @Size(16) byte[] v6,
                                  @ForAll @IntRange(max = 65535) int port) {
        for (byte[] address : new byte[][] {v4, v6}) {
            Endpoint e = new Endpoint(address, port);
            assertThat(EndpointText.of(e)).isEqualTo(e.toString());
        }
    }
}
