package tcptrace.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WovenClassCacheTest {
    private static final String NAME = "sun/nio/ch/NioSocketImpl";
    private static final byte[] ORIGINAL = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 1, 2};
    private static final byte[] WOVEN = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 9, 9, 9};

    @TempDir
    Path tmp;

    private WovenClassCache cache(String agentBuild) {
        return WovenClassCache.open(tmp.resolve("woven").toString(), agentBuild);
    }

    @Test
    void whatOneJvmStoresTheNextFindsForTheSameClassBytes() {
        cache("agent.jar 1 1").store(NAME, ORIGINAL, WOVEN);
        assertThat(cache("agent.jar 1 1").find(NAME, ORIGINAL.clone())).isEqualTo(WOVEN);
    }

    @Test
    void otherClassBytesOrAnotherAgentBuildFindNothing() {
        cache("agent.jar 1 1").store(NAME, ORIGINAL, WOVEN);
        byte[] otherBytes = ORIGINAL.clone();
        otherBytes[9]++;
        assertThat(cache("agent.jar 1 1").find(NAME, otherBytes)).isNull();
        assertThat(cache("agent.jar 1 2").find(NAME, ORIGINAL)).isNull();
        assertThat(cache("agent.jar 1 1").find("sun/nio/ch/SocketChannelImpl", ORIGINAL)).isNull();
    }

    @Test
    void twoFormsOfOneClassAreKeptSideBySide() {
        byte[] rewritten = ORIGINAL.clone();
        rewritten[8] = 7;
        byte[] wovenRewritten = WOVEN.clone();
        wovenRewritten[10] = 7;
        WovenClassCache cache = cache("agent.jar 1 1");
        cache.store(NAME, ORIGINAL, WOVEN);
        cache.store(NAME, rewritten, wovenRewritten);
        assertThat(cache.find(NAME, ORIGINAL)).isEqualTo(WOVEN);
        assertThat(cache.find(NAME, rewritten)).isEqualTo(wovenRewritten);
    }

    @Test
    void entriesArePrivateAndNoTemporaryFileIsLeft() throws IOException {
        cache("agent.jar 1 1").store(NAME, ORIGINAL, WOVEN);
        List<Path> files = entries();
        assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.getFileName().toString()).startsWith("sun.nio.ch.NioSocketImpl-").endsWith(".woven");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        });
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("woven"))))
                .isEqualTo("rwx------");
    }

    @Test
    void aTornOrAlteredEntryIsAMiss() throws IOException {
        WovenClassCache cache = cache("agent.jar 1 1");
        cache.store(NAME, ORIGINAL, WOVEN);
        Path entry = entries().get(0);
        byte[] whole = Files.readAllBytes(entry);

        Files.write(entry, java.util.Arrays.copyOf(whole, whole.length - 3));
        assertThat(cache.find(NAME, ORIGINAL)).isNull();

        byte[] altered = whole.clone();
        altered[whole.length - 6] ^= 1; // inside the woven bytes
        Files.write(entry, altered);
        assertThat(cache.find(NAME, ORIGINAL)).isNull();
    }

    @Property
    void decodingFindsTheWovenBytesOnlyForTheirOwnOriginalAndIdentity(
            @ForAll @Size(max = 64) byte[] identity, @ForAll @Size(max = 200) byte[] original,
            @ForAll @Size(max = 200) byte[] woven, @ForAll @IntRange(min = 0, max = 1000) int flipAt) {
        byte[] entry = WovenClassCache.encode(identity, original, woven);
        assertThat(WovenClassCache.decode(entry, identity, original)).isEqualTo(woven);

        byte[] flipped = entry.clone();
        flipped[flipAt % flipped.length] ^= 0x40;
        assertThat(WovenClassCache.decode(flipped, identity, original)).isNull();
        byte[] otherOriginal = java.util.Arrays.copyOf(original, original.length + 1);
        assertThat(WovenClassCache.decode(entry, identity, otherOriginal)).isNull();
        assertThat(WovenClassCache.decode(java.util.Arrays.copyOf(entry, entry.length / 2), identity, original))
                .isNull();
    }

    @Test
    void offOrADirectoryOpenToOthersOrAnUnknownAgentMeansNoCache() throws IOException {
        assertThat(WovenClassCache.open("off", "agent.jar 1 1")).isNull();
        assertThat(cache(null)).isNull();
        Path open = Files.createDirectory(tmp.resolve("open"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(WovenClassCache.open(open.toString(), "agent.jar 1 1")).isNull();
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(tmp.resolve("woven"))) {
            return files.toList();
        }
    }
}
