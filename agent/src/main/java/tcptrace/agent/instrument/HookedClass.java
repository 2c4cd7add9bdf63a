package tcptrace.agent.instrument;

import java.util.List;
import java.util.function.Supplier;

/**
 * A class of a network stack with its hook points.
 *
 * @param name  the class's binary name; for a third-party stack the name it has in its own project, which also
 *              matches a relocated copy (any package prefix before it)
 * @param after null, or the class whose weaving first makes this one worth weaving: a class that JVMs load
 *              whether or not they open a socket (IOUtil) must not bring the weaver into every JVM
 */
public record HookedClass(String name, String after, Supplier<List<Hook>> hookPoints) {
    /**
     * @param hookPoints made when the weaver is built, not at the agent's start: their matchers would bring most of
     *                   Byte Buddy into every JVM's start-up, socket or not
     */
    public HookedClass(String name, Supplier<List<Hook>> hookPoints) {
        this(name, null, hookPoints);
    }

    /** This class, woven only once {@code leader} is. */
    public HookedClass wovenAfter(String leader) {
        return new HookedClass(name, leader, hookPoints);
    }

    public List<Hook> hooks() {
        return hookPoints.get();
    }
}
