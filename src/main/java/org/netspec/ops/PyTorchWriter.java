package org.netspec.ops;

/**
 * What an operator tells the PyTorch exporter about one node: that it is a submodule (a
 * constructor call, applied to its inputs in {@code forward}), an expression of its inputs, or an
 * argument of {@code forward}. The exporter decides names, classes and statement order.
 *
 * <p>Values given to the writer (integers, {@link Pair}s, lists of integers, numbers, booleans,
 * strings) are written as Python literals, except that the exporter turns a value that differs
 * between the instances of one block class into an argument of the class's constructor. A string
 * value is a Python string, not code.
 */
public interface PyTorchWriter {
    /** A tensor read in {@code forward}: input {@code port}'s values, or the arg-max indices its max-pool recorded. */
    record Input(int port, boolean indices) {
    }

    /** A value placed in a code template; {@code name} says what it is, to name a constructor argument. */
    record Value(String name, Object value) {
    }

    /** The values of input {@code port}. */
    static Input input(int port) {
        return new Input(port, false);
    }

    /** The arg-max indices recorded by the max-pool that is input {@code port}. */
    static Input indices(int port) {
        return new Input(port, true);
    }

    static Value value(String name, Object value) {
        return new Value(name, value);
    }

    /** The node is a network input: an argument of the network's {@code forward}. */
    void argument();

    /** The node is the submodule {@code constructor(...)}, whose arguments are chained on the result. */
    Module module(String constructor);

    /**
     * The node's value is {@code template} with each {@code {i}} replaced by {@code parts[i]}, an
     * {@link Input} or a {@link Value}.
     */
    void expression(String template, Object... parts);

    /** A function the node's code calls, written once near the top of the file. */
    void helper(String name, String code);

    /** Why this node cannot be written for PyTorch, as an exception to throw. */
    RuntimeException unsupported(String reason);

    /** The arguments of a submodule's constructor, and how {@code forward} calls it. */
    interface Module {
        /** A positional argument. */
        Module arg(String name, Object value);

        /** A keyword argument. */
        Module kw(String name, Object value);

        /** A keyword argument left out where it equals PyTorch's default. */
        Module kw(String name, Object value, Object pytorchDefault);

        /**
         * The arguments {@code forward} passes: {@code template} with each {@code {i}} replaced by
         * {@code parts[i]}. Without it, the values of every input in order.
         */
        Module call(String template, Object... parts);

        /** The module returns its output and the arg-max indices, as {@code nn.MaxPool2d(return_indices=True)} does. */
        Module returnsIndices();
    }
}
