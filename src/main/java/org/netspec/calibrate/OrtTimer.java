package org.netspec.calibrate;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.netspec.exec.Inputs;
import org.netspec.exec.Weights;
import org.netspec.export.OnnxExport;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.ops.Tensor;

/** Times a network through ONNX Runtime's CPU provider: exported in memory, seeded weights and inputs. */
public final class OrtTimer implements Timer {
    private static final long SEED = 1;
    private static final String KERNEL_TIME = "_kernel_time";
    private final OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "netspec");
    private final int threads;
    private final boolean cpuClock;

    /** One kernel ONNX Runtime ran, after its graph optimisations: its node name, operator and median time. */
    public record Kernel(String node, String op, double seconds) {
    }

    public OrtTimer(int threads) {
        this(threads, false);
    }

    /**
     * @param cpuClock time the calling thread's CPU time instead of the wall clock: with one thread
     *     ONNX Runtime computes on the calling thread, so a loaded machine's waits are not counted
     */
    public OrtTimer(int threads, boolean cpuClock) {
        if (cpuClock && threads != 1) {
            throw new IllegalArgumentException("the CPU clock times one thread only");
        }
        this.threads = threads;
        this.cpuClock = cpuClock;
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
        return run(net, warmup, runs, null);
    }

    /**
     * The kernels of one network as ONNX Runtime's profiler reports them (median over the runs):
     * what its graph optimisations left of the exported nodes, and where the time goes.
     */
    public List<Kernel> kernels(Network net, int warmup, int runs) throws Exception {
        Path dir = Files.createTempDirectory("netspec-ort-profile");
        try {
            Map<String, Kernel> first = new LinkedHashMap<>();
            Map<String, DescriptiveStatistics> times = new HashMap<>();
            run(net, warmup, runs, dir.resolve("profile").toString());
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    for (JsonNode e : new ObjectMapper().readTree(f.toFile())) {
                        String name = e.path("name").asText();
                        if (!"Node".equals(e.path("cat").asText()) || !name.endsWith(KERNEL_TIME)) {
                            continue;
                        }
                        String node = name.substring(0, name.length() - KERNEL_TIME.length());
                        first.putIfAbsent(node, new Kernel(node, e.path("args").path("op_name").asText(), 0));
                        times.computeIfAbsent(node, k -> new DescriptiveStatistics()).addValue(e.path("dur").asDouble() * 1e-6);
                    }
                    Files.delete(f);
                }
            }
            List<Kernel> out = new ArrayList<>();
            // The profiler also records the warm-up runs; the median over all of them is robust to those.
            first.values().forEach(k -> out.add(new Kernel(k.node(), k.op(), times.get(k.node()).getPercentile(50))));
            return out;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private long now() {
        return cpuClock ? ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() : System.nanoTime();
    }

    private double[] run(Network net, int warmup, int runs, String profile) throws Exception {
        byte[] model = OnnxExport.bytes(net, Weights.seeded(SEED));
        Map<String, OnnxTensor> feeds = new HashMap<>();
        Map<String, OnnxTensor> outputs = new HashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            if (profile != null) {
                options.enableProfiling(profile);
            }
            for (Node in : net.inputs()) {
                Tensor t = Inputs.seeded(SEED).of(in);
                feeds.put(in.name(), OnnxTensor.createTensor(env, FloatBuffer.wrap(t.data()), in.shape().toList().stream()
                        .mapToLong(Long::longValue).toArray()));
            }
            try (OrtSession session = env.createSession(model, options)) {
                pinOutputs(session, outputs);
                double[] out = new double[runs];
                for (int i = 0; i < warmup + runs; i++) {
                    long start = now();
                    session.run(feeds, outputs).close();
                    if (i >= warmup) {
                        out[i - warmup] = (now() - start) * 1e-9;
                    }
                }
                if (profile != null) {
                    session.endProfiling();
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
            outputs.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * Output tensors allocated once, which every run writes into, as an application serving a model
     * keeps its buffers. Left to ONNX Runtime, each run allocated its outputs afresh: a network's
     * full-resolution logits (160 MB for 19 classes at 1024x2048) took the page faults of new memory,
     * which cost 20 to 280 ms from one run of the benchmark to another.
     */
    private void pinOutputs(OrtSession session, Map<String, OnnxTensor> outputs) throws OrtException {
        for (Map.Entry<String, NodeInfo> o : session.getOutputInfo().entrySet()) {
            long[] shape = ((TensorInfo) o.getValue().getInfo()).getShape();
            long elements = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            FloatBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(elements * Float.BYTES))
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
            outputs.put(o.getKey(), OnnxTensor.createTensor(env, buffer, shape));
        }
    }
}
