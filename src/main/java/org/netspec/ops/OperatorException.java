package org.netspec.ops;

import java.util.Optional;

/**
 * A node that breaks its operator's rules: bad attribute values, wrong number of inputs, or input
 * shapes the operator cannot take. Names the offending attribute, when there is one, so the error
 * can point at its line in the spec.
 */
public final class OperatorException extends RuntimeException {
    private final String attribute;

    public OperatorException(String message) {
        this(message, null);
    }

    public OperatorException(String message, String attribute) {
        super(message, null, false, false);
        this.attribute = attribute;
    }

    public Optional<String> attribute() {
        return Optional.ofNullable(attribute);
    }
}
