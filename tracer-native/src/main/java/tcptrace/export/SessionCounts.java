package tcptrace.export;

/**
 * What a live session has counted so far, as the exporters publish it.
 *
 * @param packets               TCP segments correlated
 * @param connections           wire connections seen
 * @param captureDrops          packets the kernel or interface dropped before the capture read them
 * @param journalDamage         damaged places stepped over in the journals (torn or corrupt records)
 * @param journalDroppedRecords records the agents dropped because their journal had no room
 * @param open                  connections the traced JVMs hold open
 * @param atRisk                of those, the ones with keepalive off (a vanished peer would go unnoticed)
 */
public record SessionCounts(long packets, long connections, long captureDrops, long journalDamage,
                            long journalDroppedRecords, long open, long atRisk) {
}
