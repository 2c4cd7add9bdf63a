package tcptrace.capture;

import java.util.Arrays;

/** The interfaces a pcapng section has described so far, indexed by their order of appearance. */
final class InterfaceTable {
    private int size;
    private int[] linkTypes = new int[4];
    private long[] snaplens = new long[4];
    private TimestampScale[] scales = new TimestampScale[4];

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    void add(int linkType, long snaplen, TimestampScale scale) {
        if (size == linkTypes.length) {
            linkTypes = Arrays.copyOf(linkTypes, size * 2);
            snaplens = Arrays.copyOf(snaplens, size * 2);
            scales = Arrays.copyOf(scales, size * 2);
        }
        linkTypes[size] = linkType;
        snaplens[size] = snaplen;
        scales[size] = scale;
        size++;
    }

    int linkType(int id) {
        return linkTypes[id];
    }

    long snaplen(int id) {
        return snaplens[id];
    }

    TimestampScale scale(int id) {
        return scales[id];
    }
}
