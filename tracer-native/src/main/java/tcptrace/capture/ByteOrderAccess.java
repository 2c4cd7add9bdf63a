package tcptrace.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Reads and writes of multi-byte fields in either byte order, for file formats that record their own. */
final class ByteOrderAccess {
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteOrderAccess() {
    }

    static int int32(byte[] b, int i, boolean bigEndian) {
        return bigEndian ? (int) INT_BE.get(b, i) : (int) INT_LE.get(b, i);
    }

    static long uint32(byte[] b, int i, boolean bigEndian) {
        return int32(b, i, bigEndian) & 0xFFFF_FFFFL;
    }

    static int uint16(byte[] b, int i, boolean bigEndian) {
        return (bigEndian ? (short) SHORT_BE.get(b, i) : (short) SHORT_LE.get(b, i)) & 0xFFFF;
    }

    static long int64(byte[] b, int i, boolean bigEndian) {
        return bigEndian ? (long) LONG_BE.get(b, i) : (long) LONG_LE.get(b, i);
    }

    static void putInt32(byte[] b, int i, int v, boolean bigEndian) {
        if (bigEndian) {
            INT_BE.set(b, i, v);
        } else {
            INT_LE.set(b, i, v);
        }
    }

    static void putUint16(byte[] b, int i, int v, boolean bigEndian) {
        if (bigEndian) {
            SHORT_BE.set(b, i, (short) v);
        } else {
            SHORT_LE.set(b, i, (short) v);
        }
    }
}
