package tcptrace.agent.instrument;

import java.util.List;

/**
 * A class of a network stack with its hook points.
 *
 * @param name  the class's binary name; for a third-party stack the name it has in its own project, which also
 *              matches a relocated copy (any package prefix before it)
 * @param after null, or the class whose weaving first makes this one worth weaving: a class that JVMs load
 *              whether or not they open a socket (IOUtil) must not bring the weaver into every JVM
 */
public record HookedClass(String name, String after, List<Hook> hooks) {
    public HookedClass(String name, Hook... hooks) {
        this(name, null, List.of(hooks));
    }

    /** This class, woven only once {@code leader} is. */
    public HookedClass wovenAfter(String leader) {
        return new HookedClass(name, leader, hooks);
    }
}
