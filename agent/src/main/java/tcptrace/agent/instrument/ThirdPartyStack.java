package tcptrace.agent.instrument;

import java.util.List;

/** A network stack of a library that the application's own loaders define (Netty), as a list of hooked classes. */
public interface ThirdPartyStack {
    /** The library, as the stderr line about a version without the expected hook points names it. */
    String name();

    /**
     * A part of the internal name of every hooked class, e.g. {@code io/netty/channel/}: the one test every other
     * class loaded passes through.
     */
    String packageMarker();

    /** The hooked classes by their names in the library; a relocated copy (any package prefix) matches too. */
    List<HookedClass> classes();
}
