package tcptrace.bench;

/** One line of the results table. */
record Figure(String name, String target, String measured, Verdict verdict, String detail) {

    enum Verdict {
        MEETS("meets"), MISSES("**misses**"), INFO("—"), NOT_MEASURED("not measured");

        final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    static Verdict atLeast(double measured, double target) {
        return measured >= target ? Verdict.MEETS : Verdict.MISSES;
    }

    static Verdict atMost(double measured, double target) {
        return measured <= target ? Verdict.MEETS : Verdict.MISSES;
    }

    static Figure notMeasured(String name, String target, String why) {
        return new Figure(name, target, "—", Verdict.NOT_MEASURED, why);
    }
}
