package org.jpegdl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the quantiser profile summarises the operators of its profiled passes. */
class QuantizerProfileTest {

    @Test
    void operatorsWithOneNameStayApartAndKeepTheirOrder() {
        List<List<OperatorTrace.Operator>> passes = List.of(
                List.of(op("aten::mul", 1), op("aten::softmax", 10), op("aten::mul", 100)),
                List.of(op("aten::mul", 3), op("aten::softmax", 30), op("aten::mul", 300)),
                List.of(op("aten::mul", 2), op("aten::softmax", 20), op("aten::mul", 200)));
        assertEquals(
                List.of(
                        new QuantizerProfile.OperatorTiming("aten::mul", 2),
                        new QuantizerProfile.OperatorTiming("aten::softmax", 20),
                        new QuantizerProfile.OperatorTiming("aten::mul", 200)),
                QuantizerProfile.medians(passes));
        assertEquals(222, QuantizerProfile.Result.totalMs(QuantizerProfile.medians(passes)), 1e-12);
    }

    private static OperatorTrace.Operator op(String name, double ms) {
        return new OperatorTrace.Operator(name, ms);
    }
}
