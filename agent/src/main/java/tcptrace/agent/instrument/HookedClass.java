package tcptrace.agent.instrument;

import java.util.List;

/**
 * A class of a network stack with its hook points.
 *
 * @param name the class's binary name; for a third-party stack the name it has in its own project, which also
 *             matches a relocated copy (any package prefix before it)
 */
public record HookedClass(String name, List<Hook> hooks) {
    public HookedClass(String name, Hook... hooks) {
        this(name, List.of(hooks));
    }
}
