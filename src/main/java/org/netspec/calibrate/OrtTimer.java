package org.netspec.calibrate;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import org.netspec.exec.Inputs;
import org.netspec.exec.Weights;
import org.netspec.export.OnnxExport;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.ops.Tensor;

/** Times a network through ONNX Runtime's CPU provider: exported in memory, seeded weights and inputs. */
public final class OrtTimer implements Timer {
    private static final long SEED = 1;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "netspec");
    private final int threads;

    public OrtTimer(int threads) {
        this.threads = threads;
    }

    /** Whether ONNX Runtime is on the class path (the launcher adds it for {@code calibrate}). */
    public static boolean available() {
        try {
            Class.forName("ai.onnxruntime.OrtEnvironment");
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public double[] seconds(Network net, int warmup, int runs) throws Exception {
        byte[] model = OnnxExport.bytes(net, Weights.seeded(SEED));
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            for (Node in : net.inputs()) {
                Tensor t = Inputs.seeded(SEED).of(in);
                feeds.put(in.name(), OnnxTensor.createTensor(env, FloatBuffer.wrap(t.data()), in.shape().toList().stream()
                        .mapToLong(Long::longValue).toArray()));
            }
            try (OrtSession session = env.createSession(model, options)) {
                double[] out = new double[runs];
                for (int i = 0; i < warmup + runs; i++) {
                    long start = System.nanoTime();
                    session.run(feeds).close();
                    if (i >= warmup) {
                        out[i - warmup] = (System.nanoTime() - start) * 1e-9;
                    }
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }
}
