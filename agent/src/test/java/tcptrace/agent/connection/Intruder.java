package tcptrace.agent.connection;

import java.util.ArrayList;
import java.util.List;

/**
 * Application code that {@link tcptrace.testapp.BridgeSinkReach} defines, if it can, in the package of the agent's
 * recorder, in the agent's class loader: from there it tries what java.base opened to the agent.
 */
public final class Intruder {
    private Intruder() {
    }

    /** One line per probe: {@code <probe> reached} or {@code <probe> refused <exception>}. */
    public static List<String> reach() {
        List<String> lines = new ArrayList<>();
        try {
            String.class.getDeclaredField("value").setAccessible(true);
            lines.add("java.lang.String.value reached");
        } catch (Throwable refused) {
            lines.add("java.lang.String.value refused " + refused.getClass().getName());
        }
        try {
            Class.forName("jdk.internal.misc.Unsafe").getMethod("getUnsafe").invoke(null);
            lines.add("jdk.internal.misc.Unsafe.getUnsafe reached");
        } catch (Throwable refused) {
            lines.add("jdk.internal.misc.Unsafe.getUnsafe refused " + refused.getClass().getName());
        }
        return lines;
    }
}
