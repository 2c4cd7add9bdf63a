package tcptrace.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time this JVM has used, all threads. Work per CPU second is steadier than work per wall second on a machine
 * that others share: a neighbour's burst takes the CPU away but does not make our work cost more of it.
 */
final class ProcessCpu {
    private ProcessCpu() {
    }

    static long nanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
