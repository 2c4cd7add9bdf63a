package tcptrace.lab;

import tcptrace.scenario.Side;

/** A FIN or RST on the wire, by who sent it; retransmissions of the same packet count once. */
public record Teardown(Side side, String flag) {

    public static Teardown fin(Side side) {
        return new Teardown(side, "FIN");
    }

    public static Teardown rst(Side side) {
        return new Teardown(side, "RST");
    }

    @Override
    public String toString() {
        return side.label() + " " + flag;
    }
}
