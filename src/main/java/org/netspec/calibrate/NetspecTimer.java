package org.netspec.calibrate;

import org.netspec.exec.Execution;
import org.netspec.exec.Executor;
import org.netspec.graph.Network;

/** Times a network through netspec's own executor. */
public final class NetspecTimer implements Timer {
    private final int threads;

    public NetspecTimer(int threads) {
        this.threads = threads;
    }

    @Override
    public double[] seconds(Network net, int warmup, int runs) {
        double[] out = new double[runs];
        for (int i = 0; i < warmup + runs; i++) {
            Execution e = Executor.run(net, new Executor.Options(1, threads), (done, total, node) -> { });
            if (i >= warmup) {
                out[i - warmup] = e.nanos() * 1e-9;
            }
        }
        return out;
    }
}
