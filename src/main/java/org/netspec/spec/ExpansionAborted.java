package org.netspec.spec;

/** Stops an expansion when a limit is reached: going on would only repeat the problem. */
final class ExpansionAborted extends RuntimeException {
    ExpansionAborted() {
        super(null, null, false, false);
    }
}
