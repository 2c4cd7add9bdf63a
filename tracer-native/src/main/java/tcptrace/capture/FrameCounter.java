package tcptrace.capture;

/** Decodes each frame a source reads with one reused {@link SegmentView}, counts the outcome and hands on the TCP ones. */
final class FrameCounter {
    private final SegmentView view = new SegmentView();
    private final SegmentListener listener;
    private long frames;
    private long segments;
    private long skipped;
    private long truncated;

    FrameCounter(SegmentListener listener) {
        this.listener = listener;
    }

    void frame(byte[] buffer, int offset, int capturedLength, int wireLength, int linkType, long timeNanos) {
        frames++;
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
        return new CaptureStats(frames, segments, skipped, truncated, kernelDrops, interfaceDrops);
    }
}
