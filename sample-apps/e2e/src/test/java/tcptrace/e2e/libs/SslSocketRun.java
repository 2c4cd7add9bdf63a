package tcptrace.e2e.libs;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK's SSLSocket on both ends: a line each way over TLS, then the client closes (close_notify, then the
 * output is shut down inside the close) and the server, reading the end of the stream, closes too.
 */
final class SslSocketRun implements LibraryRun {
    private static final char[] PASSWORD = "tcptrace".toCharArray();

    @Override
    public void run(int port) throws Exception {
        SSLContext tls = context();
        try (SSLServerSocket listener = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(port, 1, InetAddress.getByName(HOST))) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> serve(listener));
            try (SSLSocket client = (SSLSocket) tls.getSocketFactory().createSocket(HOST, port)) {
                OutputStream out = client.getOutputStream();
                out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.US_ASCII));
                Check.body(in.readLine(), "hello back");
            }
            served.get(20, TimeUnit.SECONDS);
        }
    }

    private static void serve(SSLServerSocket listener) {
        try (SSLSocket served = (SSLSocket) listener.accept()) {
            InputStream in = served.getInputStream();
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            Check.body(lines.readLine(), "hello");
            served.getOutputStream().write("hello back\n".getBytes(StandardCharsets.US_ASCII));
            served.getOutputStream().flush();
            String more = lines.readLine();
            if (more != null) {
                throw new IllegalStateException("expected the end of the stream, got '" + more + "'");
            }
        } catch (Exception e) {
            throw new IllegalStateException("the TLS server failed: " + e, e);
        }
    }

    /** A fresh self-signed key made by the JDK's keytool, trusted by the client. */
    private static SSLContext context() throws Exception {
        Path dir = Files.createTempDirectory("tcptrace-tls");
        Path store = dir.resolve("key.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        byte[] said = keytool.getInputStream().readAllBytes();
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + new String(said, StandardCharsets.UTF_8));
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, PASSWORD);
        TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tm.init(keys);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(km.getKeyManagers(), tm.getTrustManagers(), null);
        Files.delete(store);
        Files.delete(dir);
        return tls;
    }
}
