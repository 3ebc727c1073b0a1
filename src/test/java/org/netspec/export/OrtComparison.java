package org.netspec.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netspec.exec.Execution;
import org.netspec.exec.Executor;
import org.netspec.exec.RandomWeights;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.onnx.Onnx.GraphProto;
import org.netspec.onnx.Onnx.ModelProto;
import org.netspec.onnx.Onnx.TensorShapeProto;
import org.netspec.onnx.Onnx.ValueInfoProto;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;

/**
 * A network exported with seeded weights, run by ONNX Runtime and by netspec's executor on the same
 * seeded input: the outputs must agree within {@code max|diff| <= 1e-4 * max(1, max|output|)}, the
 * file must load in ONNX Runtime, and every value ONNX Runtime computes must have the shape the
 * model's value_info records, which must be netspec's inferred shape.
 */
final class OrtComparison {
    static final double TOLERANCE = 1e-4;
    private static final long SEED = 7;
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            "netspec-test");

    /** The largest difference of any output, and the largest output magnitude. */
    record Result(double maxDiff, double maxOutput) {
    }

    private OrtComparison() {
    }

    static Result check(Network net) throws OrtException, InvalidProtocolBufferException {
        RandomWeights random = new RandomWeights(SEED);
        byte[] bytes = OnnxExport.bytes(net, random::of);
        ModelProto model = ModelProto.parseFrom(bytes);
        checkValueInfo(net, model.getGraph());
        Execution netspec = Executor.run(net, new Executor.Options(SEED, 2), (done, total, node) -> { });
        assertTrue(netspec.shapesMatch(), () -> netspec.stop().orElseThrow().toString());
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            for (Node in : net.inputs()) {
                Tensor t = random.input(in.name(), in.shape());
                feeds.put(in.name(), OnnxTensor.createTensor(ENV, FloatBuffer.wrap(t.data()), dims(in.shape())));
            }
            double maxDiff = 0;
            double maxOutput = 0;
            try (OrtSession session = ENV.createSession(bytes, options); OrtSession.Result result = session.run(feeds)) {
                for (Node out : net.outputs()) {
                    OnnxTensor got = (OnnxTensor) result.get(out.name()).orElseThrow();
                    assertArrayEquals(dims(out.shape()), got.getInfo().getShape(), out.name());
                    float[] ort = floats(got);
                    float[] expected = netspec.outputs().get(out).data();
                    double diff = 0;
                    double magnitude = 0;
                    for (int i = 0; i < expected.length; i++) {
                        diff = Math.max(diff, Math.abs(ort[i] - expected[i]));
                        magnitude = Math.max(magnitude, Math.abs(expected[i]));
                    }
                    double bound = TOLERANCE * Math.max(1, magnitude);
                    assertTrue(diff <= bound, out.name() + ": max|diff| " + diff + " > " + bound);
                    maxDiff = Math.max(maxDiff, diff);
                    maxOutput = Math.max(maxOutput, magnitude);
                }
            }
            checkComputedShapes(model, options, feeds);
            return new Result(maxDiff, maxOutput);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    /** value_info holds every node's inferred shape (inputs and outputs have theirs in the graph's lists). */
    private static void checkValueInfo(Network net, GraphProto graph) {
        Map<String, List<Long>> recorded = new LinkedHashMap<>();
        for (ValueInfoProto v : concat(graph.getInputList(), graph.getOutputList(), graph.getValueInfoList())) {
            recorded.put(v.getName(), v.getType().getTensorType().getShape().getDimList().stream()
                    .map(TensorShapeProto.Dimension::getDimValue).toList());
        }
        for (Node n : net.nodes()) {
            assertEquals(n.shape().toList(), recorded.get(n.name()), n.name());
        }
    }

    /** Runs the model with every recorded value as an output too, and compares the shapes ONNX Runtime computed. */
    private static void checkComputedShapes(ModelProto model, OrtSession.SessionOptions options,
            Map<String, OnnxTensor> feeds) throws OrtException {
        GraphProto graph = model.getGraph();
        ModelProto everyValue = model.toBuilder().setGraph(graph.toBuilder().addAllOutput(graph.getValueInfoList())).build();
        try (OrtSession session = ENV.createSession(everyValue.toByteArray(), options);
                OrtSession.Result result = session.run(feeds)) {
            for (ValueInfoProto v : graph.getValueInfoList()) {
                long[] recorded = v.getType().getTensorType().getShape().getDimList().stream()
                        .mapToLong(TensorShapeProto.Dimension::getDimValue).toArray();
                OnnxValue computed = result.get(v.getName()).orElseThrow();
                assertArrayEquals(recorded, ((OnnxTensor) computed).getInfo().getShape(), v.getName());
            }
        }
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }

    private static float[] floats(OnnxTensor t) {
        FloatBuffer b = t.getFloatBuffer();
        float[] v = new float[b.remaining()];
        b.get(v);
        return v;
    }

    private static long[] dims(Shape s) {
        return s.toList().stream().mapToLong(Long::longValue).toArray();
    }
}
