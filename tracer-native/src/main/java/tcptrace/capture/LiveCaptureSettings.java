package tcptrace.capture;

import java.nio.file.Path;

/**
 * What to capture live.
 *
 * @param device      interface name, or {@code any} for all of them
 * @param filter      BPF filter expression, or null for every packet
 * @param snaplen     bytes kept of each frame: the default covers Ethernet, IPv6 with an extension header and a TCP
 *                    header with options, and nothing of the payload
 * @param bufferBytes kernel ring buffer; large so that a burst is not dropped while the reader catches up
 * @param teeFile     pcap file that receives every captured frame as well, or null
 */
public record LiveCaptureSettings(String device, String filter, int snaplen, int bufferBytes, Path teeFile) {
    public static final String ANY_DEVICE = "any";
    public static final int DEFAULT_SNAPLEN = 128;
    public static final int DEFAULT_BUFFER_BYTES = 32 << 20;

    public static LiveCaptureSettings of(String device) {
        return new LiveCaptureSettings(device, null, DEFAULT_SNAPLEN, DEFAULT_BUFFER_BYTES, null);
    }

    public LiveCaptureSettings withFilter(String filter) {
        return new LiveCaptureSettings(device, filter, snaplen, bufferBytes, teeFile);
    }

    public LiveCaptureSettings withSnaplen(int snaplen) {
        return new LiveCaptureSettings(device, filter, snaplen, bufferBytes, teeFile);
    }

    public LiveCaptureSettings withTee(Path teeFile) {
        return new LiveCaptureSettings(device, filter, snaplen, bufferBytes, teeFile);
    }
}
