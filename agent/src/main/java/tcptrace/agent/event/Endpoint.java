package tcptrace.agent.event;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** One end of a TCP connection: raw address bytes (4 or 16) and port. No name lookups, ever. */
public final class Endpoint {
    private final byte[] address;
    private final int port;
    /** The address as text, made on first use: an endpoint's events each name it. Racy, every thread makes the same. */
    private String hostAddress;

    public Endpoint(byte[] address, int port) {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address must have 4 or 16 bytes, not " + address.length);
        }
        this.address = address.clone();
        this.port = port;
    }

    /** An endpoint that takes {@code address} as it is: arrays of this class only, never given out. */
    private Endpoint(int port, byte[] address) {
        this.address = address;
        this.port = port;
    }

    /** The same address on another port (0: the address alone), sharing its bytes. */
    public Endpoint onPort(int port) {
        return port == this.port ? this : new Endpoint(port, address);
    }

    public static Endpoint of(InetAddress address, int port) {
        return new Endpoint(address.getAddress(), port);
    }

    /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d, as dual-stack sockets report) becomes the IPv4 address. */
    public Endpoint canonical() {
        if (address.length == 16 && isV4Mapped(address)) {
            return new Endpoint(port, Arrays.copyOfRange(address, 12, 16));
        }
        return this;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    /** Whether this is the endpoint of the first {@code length} bytes of {@code address} and {@code port}. */
    public boolean is(byte[] address, int length, int port) {
        return this.port == port && this.address.length == length
                && Arrays.equals(this.address, 0, length, address, 0, length);
    }

    /**
     * Bytes {@code from} to {@code from + count} (at most 8) of the address as one big-endian number: a reader that
     * packs addresses into numbers takes them without a copy of the array.
     */
    public long addressBits(int from, int count) {
        long v = 0;
        for (int i = from; i < from + count; i++) {
            v = v << 8 | address[i] & 0xFF;
        }
        return v;
    }

    public int addressLength() {
        return address.length;
    }

    public byte[] address() {
        return address.clone();
    }

    /** Writes the address's length and bytes, then the port as 16 bits: a journal record's form, without a copy. */
    public void putTo(ByteBuffer out) {
        out.put((byte) address.length);
        out.put(address);
        out.putShort((short) port);
    }

    public int port() {
        return port;
    }

    public InetAddress inetAddress() {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // length was checked in the constructor
        }
    }

    /**
     * {@code 10.0.0.1} or {@code ::1}, as {@link InetAddress#getHostAddress()} writes it; an IPv4 address without the
     * InetAddress that costs.
     */
    public String hostAddress() {
        String h = hostAddress;
        if (h == null) {
            h = address.length == 4 ? appendIpv4(new StringBuilder(15)).toString() : inetAddress().getHostAddress();
            hostAddress = h;
        }
        return h;
    }

    /**
     * Appends {@link #toString()}'s text to {@code b}: a report writes two endpoints per verdict, by the million, and
     * an IPv4 one this way costs no object.
     */
    public StringBuilder appendTo(StringBuilder b) {
        if (address.length == 4) {
            appendIpv4(b);
        } else if (isV4Mapped(address)) {
            b.append(hostAddress()); // InetAddress makes an IPv4 address of it, written without brackets
        } else {
            b.append('[').append(hostAddress()).append(']');
        }
        return b.append(':').append(port);
    }

    private StringBuilder appendIpv4(StringBuilder b) {
        for (int i = 0; i < 4; i++) {
            b.append(address[i] & 0xFF);
            if (i < 3) {
                b.append('.');
            }
        }
        return b;
    }

    /** {@code 10.0.0.1:80} or {@code [::1]:80}. */
    @Override
    public String toString() {
        return appendTo(new StringBuilder(24)).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && e.port == port && Arrays.equals(e.address, address);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(address) + port;
    }
}
