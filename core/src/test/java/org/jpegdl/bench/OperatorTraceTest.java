package org.jpegdl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which events of a profiler trace count as top-level operators, and in what order. */
class OperatorTraceTest {

    @Test
    void keepsOnlyEventsNoOtherEventOfTheirThreadEncloses() throws Exception {
        // thread 1: softmax encloses _softmax and to; a backward node encloses its mul; thread 2 runs one operator
        // between them; the metadata event has no duration
        String trace = """
                [
                {"name": "aten::_softmax", "ph": "X", "ts": 12.0, "dur": 7.0, "tid": 1},
                {"name": "aten::softmax", "ph": "X", "ts": 10.0, "dur": 10.0, "tid": 1},
                {"name": "aten::to", "ph": "X", "ts": 10.0, "dur": 1.0, "tid": 1},
                {"name": "aten::div", "ph": "X", "ts": 2.0, "dur": 3.0, "tid": 1},
                {"name": "autograd::engine::evaluate_function: MulBackward0", "ph": "X", "ts": 30.0, "dur": 500.0,
                 "tid": 1},
                {"name": "aten::mul", "ph": "X", "ts": 31.0, "dur": 400.0, "tid": 1},
                {"name": "aten::add", "ph": "X", "ts": 25.0, "dur": 2.0, "tid": 2},
                {"name": "process_name", "ph": "M", "tid": 1}
                ]
                """;
        List<OperatorTrace.Operator> ops = OperatorTrace.topLevel(new ObjectMapper().readTree(trace));
        assertEquals(
                List.of(
                        new OperatorTrace.Operator("aten::div", 0.003),
                        new OperatorTrace.Operator("aten::softmax", 0.010),
                        new OperatorTrace.Operator("aten::add", 0.002),
                        new OperatorTrace.Operator("MulBackward0", 0.5)),
                ops);
    }
}
