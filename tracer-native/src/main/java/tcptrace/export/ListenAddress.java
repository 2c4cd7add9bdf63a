package tcptrace.export;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * {@code [HOST:]PORT} of a listening socket. A bare port listens on loopback only: metrics name the services of a
 * host and how their connections end, so reaching them from elsewhere is asked for, never a default.
 */
final class ListenAddress {
    private ListenAddress() {
    }

    /** @throws IllegalArgumentException with a sentence for the user */
    static InetSocketAddress parse(String text) {
        String host;
        String port;
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            host = null;
            port = text;
        } else {
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("no host before ':' in '" + text + "' (give PORT or HOST:PORT)");
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + port + "' is not a port number (give PORT or HOST:PORT)");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("port " + p + " is out of range 0-65535");
        }
        try {
            InetAddress address = host == null ? InetAddress.getByName("127.0.0.1") : InetAddress.getByName(host);
            return new InetSocketAddress(address, p);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "'");
        }
    }

    /** {@code 127.0.0.1:9464} or {@code [::1]:9464}. */
    static String format(InetAddress address, int port) {
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }
}
