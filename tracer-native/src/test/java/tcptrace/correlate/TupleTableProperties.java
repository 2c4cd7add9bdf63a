package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tcptrace.agent.event.Endpoint;
import tcptrace.capture.TcpSegment;

/** The open-addressing table against a HashMap model: same entries after any run of puts and removes. */
class TupleTableProperties {
    /** Few hosts and ports, so that tuples recur, in both directions, and crowd a small table's slots. */
    private static final int CLIENTS = 40;

    record Op(boolean put, int client, boolean reversed) {
    }

    @Provide
    Arbitrary<List<Op>> runs() {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, CLIENTS - 1),
                        Arbitraries.of(true, false))
                .as((kind, client, reversed) -> new Op(kind < 7, client, reversed)) // more puts than removes: it grows
                .list().ofMaxSize(400);
    }

    @Property(tries = 300)
    void holdsWhatAMapHolds(@ForAll("runs") List<Op> run) {
        TupleTable table = new TupleTable();
        Map<Integer, Connection> model = new HashMap<>();
        for (Op op : run) {
            FourTuple tuple = tuple(op.client(), op.reversed());
            if (op.put()) {
                Connection c = new Connection(tuple, syn(op.client()), 0, null);
                table.put(c);
                model.put(op.client(), c);
            } else {
                table.remove(new Connection(tuple, syn(op.client()), 0, null));
                model.remove(op.client());
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        for (int client = 0; client < CLIENTS; client++) {
            assertThat(table.get(tuple(client, false))).isSameAs(model.get(client));
            assertThat(table.get(tuple(client, true))).isSameAs(model.get(client));
        }
        assertThat(table.entries()).containsExactlyInAnyOrderElementsOf(model.values());
    }

    private static Endpoint client(int client) {
        return endpoint("10.1.0." + client % 4, 40000 + client);
    }

    private static final Endpoint SERVER = endpoint("10.0.0.1", 8080);

    private static FourTuple tuple(int client, boolean reversed) {
        return reversed ? FourTuple.of(SERVER, client(client)) : FourTuple.of(client(client), SERVER);
    }

    private static Packet syn(int client) {
        return new Packet(0, client(client), SERVER, client, 0, TcpSegment.SYN, 0);
    }
}
