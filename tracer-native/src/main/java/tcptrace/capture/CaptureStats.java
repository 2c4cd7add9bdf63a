package tcptrace.capture;

/**
 * Counts of one capture or file read.
 *
 * @param frames         frames read
 * @param tcpSegments    frames that held a TCP segment and were delivered
 * @param skipped        frames that were not TCP over IPv4/IPv6 (ARP, UDP, ...)
 * @param truncated      frames too short to hold the headers they announce
 * @param kernelDrops    packets the kernel dropped because the capture did not keep up (live only)
 * @param interfaceDrops packets the interface or driver dropped (live only)
 */
public record CaptureStats(long frames, long tcpSegments, long skipped, long truncated, long kernelDrops,
                           long interfaceDrops) {
    public static final CaptureStats NONE = new CaptureStats(0, 0, 0, 0, 0, 0);

    /** The counts of this read and {@code o} together (the files of one capture). */
    public CaptureStats plus(CaptureStats o) {
        return new CaptureStats(frames + o.frames, tcpSegments + o.tcpSegments, skipped + o.skipped,
                truncated + o.truncated, kernelDrops + o.kernelDrops, interfaceDrops + o.interfaceDrops);
    }
}
