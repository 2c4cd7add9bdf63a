package tcptrace.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HotPathProfileTest {
    private static final String EXECUTION_SAMPLES = """
            jdk.ExecutionSample {
              startTime = 01:23:35.889
              sampledThread = "main" (javaThreadId = 1)
              state = "STATE_RUNNABLE"
              stackTrace = [
                java.util.HashMap.getNode(Object) line: 570
                tcptrace.correlate.ConnectionTable.connectionFor(Packet) line: 40
                tcptrace.correlate.Correlator.onPacket(Packet) line: 12
                ...
              ]
            }

            jdk.ExecutionSample {
              startTime = 01:23:35.899
              sampledThread = "main" (javaThreadId = 1)
              state = "STATE_RUNNABLE"
              stackTrace = [
                java.util.HashMap.getNode(Object) line: 570
                tcptrace.correlate.ConnectionTable.connectionFor(Packet) line: 40
              ]
            }

            jdk.ExecutionSample {
              startTime = 01:23:35.909
              sampledThread = "main" (javaThreadId = 1)
              state = "STATE_RUNNABLE"
              stackTrace = [
                tcptrace.bench.ChurnWorkload.oneConnection() line: 90
              ]
            }
            """;
    private static final String ALLOCATION_SAMPLES = """
            jdk.ObjectAllocationSample {
              startTime = 01:23:35.889
              objectClass = byte[] (classLoader = bootstrap)
              weight = 1.5 MB
              eventThread = "main" (javaThreadId = 1)
              stackTrace = [
                java.util.Arrays.copyOf(byte[], int) line: 3537
                tcptrace.correlate.Packet.copyOf(TcpSegment) line: 20
              ]
            }

            jdk.ObjectAllocationSample {
              startTime = 01:23:35.890
              objectClass = java.lang.String (classLoader = bootstrap)
              weight = 500.0 kB
              eventThread = "main" (javaThreadId = 1)
              stackTrace = [
                java.lang.StringLatin1.newString(byte[], int, int) line: 715
              ]
            }
            """;

    @Test
    void countsTopFramesAndTheFirstOwnFrameOfEachSample() {
        String summary = HotPathProfile.summarise(EXECUTION_SAMPLES, ALLOCATION_SAMPLES);

        assertThat(summary).contains("Top frames of 3 execution samples")
                .contains("66.7 %  `java.util.HashMap.getNode(Object)`")
                .contains("33.3 %  `tcptrace.bench.ChurnWorkload.oneConnection()`")
                .contains("66.7 %  `tcptrace.correlate.ConnectionTable.connectionFor(Packet)`")
                .contains("`java.util.HashMap.getNode(Object) ← tcptrace.correlate.ConnectionTable.connectionFor(Packet)"
                        + " ← tcptrace.correlate.Correlator.onPacket(Packet)`");
    }

    @Test
    void weighsAllocationsByClassAndByAllocatingFrame() {
        String summary = HotPathProfile.summarise(EXECUTION_SAMPLES, ALLOCATION_SAMPLES);

        assertThat(summary).contains("75.0 %  `byte[]`").contains("25.0 %  `java.lang.String`")
                .contains("75.0 %  `tcptrace.correlate.Packet.copyOf(TcpSegment)`");
    }

    @Test
    void saysSoWhenThereIsNothingToCount() {
        assertThat(HotPathProfile.summarise("", "")).contains("Top frames of 0 execution samples:\n\n- (none)");
    }
}
