package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import tcptrace.agent.event.Endpoint;

/** The id table against a HashMap model: puts, removes (its own connection only) and gets, across resizes. */
class ConnectionIdsProperties {
    private static final Endpoint END = new Endpoint(new byte[] {10, 0, 0, 1}, 1);

    /** Steps: id in 1..64 (many collisions), positive puts, negative removes, each then checked against the model. */
    @Property
    void behavesAsAMap(@ForAll @Size(max = 400) List<@IntRange(min = -64, max = 64) Integer> steps) {
        ConnectionIds ids = new ConnectionIds();
        Map<Long, AppConnection> model = new HashMap<>();
        List<AppConnection> made = new ArrayList<>();
        for (int step : steps) {
            if (step == 0) {
                continue;
            }
            long id = Math.abs(step) * 0x1_0000_0000L; // ids that differ only in high bits: the hash must mix them
            if (step > 0) {
                AppConnection c = connection();
                made.add(c);
                ids.put(id, c);
                model.put(id, c);
            } else {
                // removing another connection under the id leaves the id alone
                ids.remove(id, connection());
                AppConnection known = model.get(id);
                if (known != null) {
                    ids.remove(id, known);
                    model.remove(id);
                }
            }
            for (long k = 1; k <= 64; k++) {
                assertThat(ids.get(k * 0x1_0000_0000L)).isSameAs(model.get(k * 0x1_0000_0000L));
            }
        }
        List<AppConnection> all = new ArrayList<>();
        ids.forEach(all::add);
        assertThat(all).containsExactlyInAnyOrderElementsOf(model.values());
    }

    private static AppConnection connection() {
        return new AppConnection(new TracedJvm(1, "test", TracedJvm.State.RUNNING), END, END, 0, null, null);
    }
}
