package org.netspec.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.netspec.analysis.ActivationMemory;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;

/** Whole networks on the executor: shapes, determinism, memory and the checks that stop a run. */
class ExecutorTest {
    private static final Executor.Progress QUIET = (done, total, node) -> { };
    private static final String SMALL = "1x3x64x128";

    /** Every network spec; those made for inputs larger than 224x224 run at 64x128 to keep the suite fast. */
    static Stream<Path> networks() throws IOException {
        return Files.list(Path.of("specs/networks")).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    static Network small(Path spec) throws SpecException {
        Network declared = Specs.load(spec);
        Shape in = declared.inputs().get(0).shape();
        return in.h() * in.w() > 224 * 224 ? Specs.load(spec, Overrides.NONE.withInput("", SMALL)) : declared;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void everyNetworkRunsAndEveryNodeProducesItsInferredShape(Path spec) throws SpecException {
        Network net = small(spec);
        Execution e = Executor.run(net, new Executor.Options(7, 2), QUIET);
        assertTrue(e.shapesMatch(), () -> e.stop().orElseThrow().toString());
        for (Node n : net.nodes()) {
            assertEquals(!net.isUnused(n), e.run(n).isPresent(), n.name());
            e.run(n).ifPresent(r -> assertEquals(n.shape(), r.shape(), n.name()));
        }
        for (Node o : net.outputs()) {
            Tensor t = e.outputs().get(o);
            assertEquals(o.shape(), t.shape());
            for (float v : t.data()) {
                assertTrue(Float.isFinite(v), o.name() + " has a non-finite value");
            }
        }
    }

    @Test
    void aShapeRuleThatDisagreesWithItsKernelStopsTheRunAtThatNode() {
        Network net = TestNetworks.withWrongShapeRule();
        Execution e = Executor.run(net, new Executor.Options(1, 1), QUIET);
        assertFalse(e.shapesMatch());
        Node bad = net.node("bad").orElseThrow();
        assertEquals(bad, e.stop().orElseThrow().node());
        assertEquals(Shape.nchw(1, 2, 5, 6), e.run(bad).orElseThrow().shape());
        assertEquals(Shape.nchw(1, 2, 4, 6), bad.shape());
        assertTrue(e.stop().get().reason().contains("1x2x5x6") && e.stop().get().reason().contains("1x2x4x6"),
                e.stop().get().reason());
        assertTrue(e.run(net.node("after").orElseThrow()).isEmpty(), "nothing runs after a mismatch");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("determinismCases")
    void oneAndTwoThreadsGiveTheSameBits(String spec) throws SpecException {
        Network net = Specs.load(Path.of(spec), Overrides.NONE.withInput("", SMALL));
        Execution one = Executor.run(net, new Executor.Options(3, 1), QUIET);
        Execution two = Executor.run(net, new Executor.Options(3, 2), QUIET);
        for (Node o : net.outputs()) {
            assertArrayEquals(one.outputs().get(o).data(), two.outputs().get(o).data(), o.name());
        }
        Execution otherSeed = Executor.run(net, new Executor.Options(4, 2), QUIET);
        Node first = net.outputs().get(0);
        assertFalse(Arrays.equals(one.outputs().get(first).data(), otherSeed.outputs().get(first).data()),
                "another seed gives other values");
    }

    static Stream<String> determinismCases() {
        // conv_transpose, avgpool, dilations (ESPNet); max-pool indices, unpooling, asymmetric kernels (ENet);
        // grouped convolutions, bilinear up-sampling, attention (ESPNetv2); depthwise convolutions (Fast-SCNN)
        return Stream.of("specs/networks/espnet.yaml", "specs/networks/enet.yaml", "specs/networks/espnetv2-seg.yaml",
                "specs/networks/fast-scnn.yaml");
    }

    @Test
    void thePeakOfLiveTensorsIsThePeakTheAnalysisPlans() throws SpecException {
        Network net = Specs.load(Path.of("specs/networks/enet.yaml"), Overrides.NONE.withInput("", SMALL));
        assertTrue(net.unused().isEmpty());
        Execution e = Executor.run(net, new Executor.Options(1, 2), QUIET);
        ActivationMemory memory = ActivationMemory.of(net, 4);
        assertEquals(memory.declared().peakBytes() + memory.weightBytes(), e.peakBytes());
    }

    @Test
    void aRunLargerThanTheHeapIsRefusedBeforeAllocating() throws SpecException {
        Network net = Specs.load(Path.of("specs/networks/espnet.yaml"), Overrides.NONE.withInput("", SMALL));
        MemoryPlan plan = MemoryPlan.of(net);
        RunRefusedException e = assertThrows(RunRefusedException.class, () -> Executor.run(net,
                new Executor.Options(1, 1), QUIET, ConvCore.fastest(), plan.peakBytes() - 1));
        assertTrue(e.getMessage().contains("`" + plan.peakNode().name() + "`"), e.getMessage());
        assertTrue(e.getMessage().contains("heap"), e.getMessage());
        Execution fits = Executor.run(net, new Executor.Options(1, 1), QUIET, ConvCore.fastest(), plan.peakBytes());
        assertTrue(fits.shapesMatch());
        assertTrue(fits.peakBytes() <= plan.peakBytes(), "the plan bounds what the run keeps alive");
    }

    @Test
    void aTensorLargerThanAnArrayIsRefused() throws SpecException {
        Network net = Specs.load(Path.of("specs/networks/espnet.yaml"), Overrides.NONE.withInput("", "1x3x16384x32768"));
        RunRefusedException e = assertThrows(RunRefusedException.class,
                () -> Executor.run(net, new Executor.Options(1, 1), QUIET));
        assertTrue(e.getMessage().contains("more than a Java array holds"), e.getMessage());
    }

    @Test
    void theScalarCoreRunsANetworkToTheSameBits() throws SpecException {
        Network net = Specs.load(Path.of("specs/networks/espnet-c.yaml"), Overrides.NONE.withInput("", "1x3x32x64"));
        Execution vector = Executor.run(net, new Executor.Options(5, 2), QUIET, ConvCore.fastest());
        Execution scalar = Executor.run(net, new Executor.Options(5, 1), QUIET, new ScalarConvCore());
        assertTrue(scalar.kernels().startsWith("scalar"));
        for (Node o : net.outputs()) {
            assertArrayEquals(vector.outputs().get(o).data(), scalar.outputs().get(o).data(), o.name());
        }
    }

    @Test
    void repeatedRunsReportMedianTimes() throws SpecException {
        Network net = Specs.load(Path.of("specs/networks/espnet-c.yaml"), Overrides.NONE.withInput("", "1x3x32x64"));
        List<Execution> runs = List.of(Executor.run(net, new Executor.Options(1, 1), QUIET),
                Executor.run(net, new Executor.Options(1, 1), QUIET), Executor.run(net, new Executor.Options(1, 1), QUIET));
        Execution median = Execution.medianOf(runs);
        long[] totals = runs.stream().mapToLong(Execution::nanos).sorted().toArray();
        assertEquals(totals[1], median.nanos());
        assertEquals(runs.get(2).runs().size(), median.runs().size());
    }
}
