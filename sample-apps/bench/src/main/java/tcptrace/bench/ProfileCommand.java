package tcptrace.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@link HotPathProfile} by hand, for a closer look than the suite's: {@code ProfileCommand <jdk home>
 * <delay seconds> <profile dir> <java> <args...>} reruns the command under JFR's profiling settings and prints
 * where it spent its time and what it allocated.
 */
public final class ProfileCommand {
    private ProfileCommand() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: ProfileCommand <jdk home> <delay seconds> <profile dir> <java> <args...>");
            System.exit(2);
        }
        Jdk jdk = new Jdk("JDK", Path.of(args[0]));
        Path dir = Files.createDirectories(Path.of(args[2]));
        List<String> command = Arrays.asList(args).subList(3, args.length);
        System.out.println(HotPathProfile.record(jdk, command, dir, Double.parseDouble(args[1])));
    }
}
