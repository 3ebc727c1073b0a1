package org.netspec.calibrate;

import org.netspec.graph.Network;

/** A runtime that times whole networks. */
public interface Timer {
    /** The times of {@code runs} runs after {@code warmup} untimed ones, in seconds. */
    double[] seconds(Network net, int warmup, int runs) throws Exception;
}
