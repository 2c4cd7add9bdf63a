package tcptrace.capture;

/** Decodes each frame a source reads with one reused {@link SegmentView}, counts the outcome and hands on the TCP ones. */
final class FrameCounter {
    private final SegmentView view = new SegmentView();
    private final SegmentListener listener;
    private final FrameListener frames;
    private long frameCount;
    private long segments;
    private long skipped;
    private long truncated;

    FrameCounter(SegmentListener listener) {
        this(listener, FrameListener.NONE);
    }

    FrameCounter(SegmentListener listener, FrameListener frames) {
        this.listener = listener;
        this.frames = frames;
    }

    void frame(byte[] buffer, int offset, int capturedLength, int wireLength, int linkType, long timeNanos) {
        this.frames.onFrame(buffer, offset, capturedLength, wireLength, linkType, timeNanos);
        frameCount++;
        if (view.wrap(buffer, offset, capturedLength, wireLength, linkType, timeNanos)) {
            segments++;
            listener.onSegment(view);
        } else if (view.truncated()) {
            truncated++;
        } else {
            skipped++;
        }
    }

    CaptureStats stats(long kernelDrops, long interfaceDrops) {
        return new CaptureStats(frameCount, segments, skipped, truncated, kernelDrops, interfaceDrops);
    }
}
