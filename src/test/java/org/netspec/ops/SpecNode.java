package org.netspec.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.function.Executable;

/** A node built the way a spec builds it: an operator by name and raw spec values. */
final class SpecNode {
    final Operator op;
    final Attributes attributes;

    private SpecNode(Operator op, Attributes attributes) {
        this.op = op;
        this.attributes = attributes;
    }

    static SpecNode of(String name, Map<String, Object> raw) {
        Operator op = Operators.find(name).orElseThrow();
        return new SpecNode(op, Attributes.of(op, raw));
    }

    static SpecNode of(String name) {
        return of(name, Map.of());
    }

    Shape shape(Shape... inputs) {
        return op.outputShape(attributes, List.of(inputs));
    }

    /** The cost on the output shape the operator infers, as the graph builder would call it. */
    Cost cost(Shape... inputs) {
        List<Shape> in = List.of(inputs);
        return op.cost(attributes, in, op.outputShape(attributes, in));
    }

    /** Asserts that the action fails with an error naming this attribute. */
    static OperatorException failsOn(String attribute, Executable action) {
        OperatorException e = assertThrows(OperatorException.class, action);
        assertEquals(Optional.of(attribute), e.attribute(), e.getMessage());
        return e;
    }
}
