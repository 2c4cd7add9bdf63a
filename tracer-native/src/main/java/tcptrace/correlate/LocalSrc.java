package tcptrace.correlate;

import tcptrace.os.SocketOwner;

/**
 * What the capture's host says of a src end that is on it.
 *
 * @param where       why the end is on the host
 * @param owner       the process that held its socket, where the kernel said; else null
 * @param ownerJvm    the traced JVM that is that process, or null
 * @param kernelAsked whether the kernel was asked for the owner at all (live, not post-mortem)
 */
record LocalSrc(LocalEnd where, SocketOwner owner, TracedJvm ownerJvm, boolean kernelAsked) {
}
