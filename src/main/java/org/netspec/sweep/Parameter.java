package org.netspec.sweep;

import org.netspec.spec.SourceLocation;

/** A parameter of the swept spec and the values it takes. */
public record Parameter(String name, Domain domain, SourceLocation location) {
}
