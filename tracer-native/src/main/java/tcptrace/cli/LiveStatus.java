package tcptrace.cli;

/**
 * What a running capture knows between verdicts, for the terminal view.
 *
 * @param packets     TCP segments correlated so far
 * @param connections wire connections seen so far
 * @param open        connections the traced JVMs hold open (no close, EOF or error journaled)
 * @param atRisk      of those, the ones with keepalive off: a vanished peer would go unnoticed while they idle
 * @param drops       packets the kernel or interface dropped so far
 */
record LiveStatus(long packets, long connections, long open, long atRisk, long drops) {
}
