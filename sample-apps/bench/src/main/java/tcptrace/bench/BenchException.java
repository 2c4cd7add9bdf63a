package tcptrace.bench;

/** A benchmark that could not be measured; the runner records why and goes on with the others. */
final class BenchException extends RuntimeException {
    BenchException(String message) {
        super(message);
    }
}
