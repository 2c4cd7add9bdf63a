package tcptrace.capture;

import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.TimestampPrecision;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;
import org.pcap4j.core.RawPacketListener;
import tcptrace.InputException;
import tcptrace.os.WallClock;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Segments captured live by libpcap through pcap4j. Only raw frame bytes cross from pcap4j; they are decoded by the
 * same {@link SegmentView} as files. {@link #close()} from another thread ends {@link #run} at once (pcap_breakloop).
 */
public final class LiveCaptureSource implements PacketSource {
    /** Wakes the read at least this often even without packets; immediate mode delivers each packet at once anyway. */
    private static final int READ_TIMEOUT_MILLIS = 100;
    /** After a read that found nothing: short against the hold, long enough to cost nothing on a quiet wire. */
    private static final long EMPTY_READ_PAUSE_NANOS = 2_000_000L;
    /** Packets per non-blocking read while draining at the stop. */
    private static final int DRAIN_BATCH = 1024;
    private static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
    private static final int PCAP_ERROR_PERM_DENIED = -8;
    private static final String NO_PERMISSION = "capturing packets needs root or CAP_NET_RAW";
    private static final String NO_LIBPCAP = "libpcap is not installed (apt-get install libpcap0.8)";

    static {
        // pcap4j logs every open, close and break at INFO; the tracer's output is its verdicts.
        String pcap4jLevel = "org.slf4j.simpleLogger.log.org.pcap4j";
        if (System.getProperty(pcap4jLevel) == null) {
            System.setProperty(pcap4jLevel, "error");
        }
    }

    private final LiveCaptureSettings settings;
    private final PcapHandle handle;
    private final int linkType;
    private final PcapFileWriter tee;
    private final Object lifecycle = new Object();
    private boolean closed;
    private boolean running;
    private boolean released;
    /** When {@link #close} stopped a running capture (epoch ns). */
    private long stopNanos;
    /** Every packet captured up to this time (epoch ns) has been handed on; see {@link #capturedUpTo}. */
    private volatile long capturedUpTo = Long.MIN_VALUE;

    /** Set inside the packet callback, which pcap4j does not let throw, and rethrown once the loop has ended. */
    private Throwable listenerFailure;
    private IOException teeFailure;

    private LiveCaptureSource(LiveCaptureSettings settings, PcapHandle handle, int linkType, PcapFileWriter tee) {
        this.settings = settings;
        this.handle = handle;
        this.linkType = linkType;
        this.tee = tee;
    }

    /** Opens the interface and installs the filter; every failure is a one-line {@link InputException}. */
    public static LiveCaptureSource open(LiveCaptureSettings settings) throws InputException {
        try {
            return openHandle(settings);
        } catch (LinkageError e) {
            throw new InputException(NO_LIBPCAP);
        }
    }

    private static LiveCaptureSource openHandle(LiveCaptureSettings settings) throws InputException {
        requireKnownDevice(settings.device());
        PcapHandle handle = activate(settings);
        try {
            if (settings.filter() != null && !settings.filter().isBlank()) {
                setFilter(handle, settings.filter());
            }
            int linkType = handle.getDlt().value();
            PcapFileWriter tee = settings.teeFile() == null ? null : openTee(settings, linkType);
            return new LiveCaptureSource(settings, handle, linkType, tee);
        } catch (InputException | RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    private static void requireKnownDevice(String device) throws InputException {
        if (LiveCaptureSettings.ANY_DEVICE.equals(device)) {
            return;
        }
        List<String> names = deviceNames();
        if (!names.isEmpty() && !names.contains(device)) {
            throw unknownDevice(device, names);
        }
    }

    private static List<String> deviceNames() {
        try {
            return Pcaps.findAllDevs().stream().map(PcapNetworkInterface::getName).collect(Collectors.toList());
        } catch (PcapNativeException e) {
            // Listing failed (no permission, for one): opening the device will report the real problem.
            return List.of();
        }
    }

    private static InputException unknownDevice(String device, List<String> names) {
        String available = names.isEmpty() ? "none visible" : String.join(", ", names);
        return new InputException("unknown interface '" + device + "'; available: " + available);
    }

    private static PcapHandle activate(LiveCaptureSettings settings) throws InputException {
        try {
            return builder(settings).timestampPrecision(TimestampPrecision.NANO).build();
        } catch (PcapNativeException nanoRefused) {
            if (!String.valueOf(nanoRefused.getMessage()).contains("tstamp_precision")) {
                throw openFailure(settings.device(), nanoRefused);
            }
        }
        try {
            return builder(settings).timestampPrecision(TimestampPrecision.MICRO).build();
        } catch (PcapNativeException e) {
            throw openFailure(settings.device(), e);
        }
    }

    private static PcapHandle.Builder builder(LiveCaptureSettings settings) {
        return new PcapHandle.Builder(settings.device())
                .snaplen(settings.snaplen())
                .promiscuousMode(PromiscuousMode.NONPROMISCUOUS)
                .timeoutMillis(READ_TIMEOUT_MILLIS)
                .bufferSize(settings.bufferBytes())
                .immediateMode(true);
    }

    private static InputException openFailure(String device, PcapNativeException e) {
        Integer code = e.getReturnCode();
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if ((code != null && code == PCAP_ERROR_PERM_DENIED) || lower.contains("permission")
                || lower.contains("not permitted")) {
            return new InputException(NO_PERMISSION);
        }
        if ((code != null && code == PCAP_ERROR_NO_SUCH_DEVICE) || lower.contains("no such device")) {
            return unknownDevice(device, deviceNames());
        }
        return new InputException("cannot capture on '" + device + "': " + oneLine(message));
    }

    private static void setFilter(PcapHandle handle, String filter) throws InputException {
        try {
            handle.setFilter(filter, BpfCompileMode.OPTIMIZE);
        } catch (PcapNativeException e) {
            throw new InputException("bad capture filter '" + filter + "': " + oneLine(String.valueOf(e.getMessage())));
        } catch (NotOpenException e) {
            throw new IllegalStateException("handle closed while opening", e);
        }
    }

    private static PcapFileWriter openTee(LiveCaptureSettings settings, int linkType) throws InputException {
        try {
            return PcapFileWriter.create(settings.teeFile(), linkType, settings.snaplen());
        } catch (IOException e) {
            throw new InputException(settings.teeFile() + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** The pcap link type of the frames (e.g. {@link LinkType#LINUX_SLL} for {@code any}). */
    public int linkType() {
        return linkType;
    }

    @Override
    public CaptureStats run(SegmentListener listener) throws InputException {
        FrameCounter counter = new FrameCounter(listener);
        synchronized (lifecycle) {
            if (closed) {
                release();
                return counter.stats(0, 0);
            }
            running = true;
        }
        PcapStat stat;
        try {
            try {
                RawPacketListener frames = frame -> capturedUpTo = Math.max(capturedUpTo, onFrame(counter, frame));
                // non-blocking reads: one that finds nothing proves every packet before it was handed on, which a
                // blocking read in immediate mode never says while the wire is quiet
                handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
                // a non-blocking read of an empty buffer returns before it looks at pcap_breakloop's flag
                while (!stopped()) {
                    long before = WallClock.nowNanos();
                    if (handle.dispatch(-1, frames) == 0) {
                        capturedUpTo = Math.max(capturedUpTo, before);
                        LockSupport.parkNanos(EMPTY_READ_PAUSE_NANOS);
                    }
                }
            } catch (InterruptedException broken) {
                // pcap_breakloop: close() or a failure inside the callback ended the reading.
            }
            drainAfterStop(counter);
        } catch (PcapNativeException e) {
            throw new InputException("capture on '" + settings.device() + "' failed: " + oneLine(String.valueOf(
                    e.getMessage())), e);
        } catch (NotOpenException e) {
            throw new IllegalStateException("capture handle closed while running", e);
        } finally {
            stat = stats();
            synchronized (lifecycle) {
                running = false;
                release();
            }
        }
        if (listenerFailure instanceof RuntimeException e) {
            throw e;
        }
        if (listenerFailure instanceof Error e) {
            throw e;
        }
        if (teeFailure != null) {
            throw new InputException(settings.teeFile() + ": cannot write (" + teeFailure.getMessage() + ")",
                    teeFailure);
        }
        return counter.stats(stat == null ? 0 : stat.getNumPacketsDropped(),
                stat == null ? 0 : stat.getNumPacketsDroppedByIf());
    }

    /**
     * pcap_breakloop leaves in libpcap's buffer what the kernel had already queued; closing the handle would drop it
     * uncounted. Reads it without blocking, up to the first packet stamped after the stop or until nothing is left.
     * What the kernel dropped before is in its counts; a failure here is the capture's failure, not a silent loss.
     */
    private void drainAfterStop(FrameCounter counter) throws PcapNativeException, NotOpenException {
        long stop;
        synchronized (lifecycle) {
            if (!closed || listenerFailure != null || teeFailure != null) {
                return;
            }
            stop = stopNanos;
        }
        long[] newest = {Long.MIN_VALUE};
        try {
            while (newest[0] <= stop && listenerFailure == null && teeFailure == null) {
                if (handle.dispatch(DRAIN_BATCH, (RawPacketListener) frame -> newest[0] = onFrame(counter, frame))
                        <= 0) {
                    return;
                }
            }
        } catch (InterruptedException broken) {
            // a failure inside the callback ended the reading: it is rethrown by run
        }
    }

    private boolean stopped() {
        synchronized (lifecycle) {
            return closed || listenerFailure != null || teeFailure != null;
        }
    }

    /** Counts and hands on one frame; returns its time. */
    private long onFrame(FrameCounter counter, byte[] frame) {
        if (listenerFailure != null || teeFailure != null) {
            return Long.MAX_VALUE;
        }
        Timestamp timestamp = handle.getTimestamp();
        long timeNanos = Math.floorDiv(timestamp.getTime(), 1000L) * 1_000_000_000L + timestamp.getNanos();
        Integer original = handle.getOriginalLength();
        int wireLength = original == null ? frame.length : original;
        try {
            if (tee != null) {
                tee.write(timeNanos, frame, 0, frame.length, wireLength);
            }
            counter.frame(frame, 0, frame.length, wireLength, linkType, timeNanos);
        } catch (IOException e) {
            teeFailure = e;
            breakLoop();
        } catch (RuntimeException | Error e) {
            listenerFailure = e;
            breakLoop();
        }
        return timeNanos;
    }

    /**
     * The capture's progress: every packet captured up to this time (epoch ns) has been handed on. Packets are
     * handed on in the order the kernel queued them, so it is the newest packet handed on, or the start of a read
     * that found none; {@link Long#MIN_VALUE} before the first.
     */
    public long capturedUpTo() {
        return capturedUpTo;
    }

    /** Packets the kernel and the interface dropped so far, while running (0 before and after). */
    public long dropsSoFar() {
        synchronized (lifecycle) {
            if (!running || released) {
                return 0;
            }
            PcapStat stat = stats();
            return stat == null ? 0 : stat.getNumPacketsDropped() + stat.getNumPacketsDroppedByIf();
        }
    }

    private PcapStat stats() {
        try {
            return handle.getStats();
        } catch (PcapNativeException | NotOpenException e) {
            return null;
        }
    }

    /** Stops {@link #run} from any thread; it then returns the counts so far. Also releases a source never run. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            if (running) {
                stopNanos = WallClock.nowNanos();
                breakLoop();
            } else {
                release();
            }
        }
    }

    private void breakLoop() {
        try {
            handle.breakLoop();
        } catch (NotOpenException alreadyClosed) {
            // Nothing left to stop.
        }
    }

    private void release() {
        if (released) {
            return;
        }
        released = true;
        handle.close();
        if (tee != null) {
            try {
                tee.close();
            } catch (IOException e) {
                if (teeFailure == null) {
                    teeFailure = e;
                }
            }
        }
    }
}
