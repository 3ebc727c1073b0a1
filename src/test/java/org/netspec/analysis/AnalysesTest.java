package org.netspec.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.field.ReceptiveField;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.spec.SpecException;

/** The analyses of a network, each computed once on first use, and the counts at once. */
class AnalysesTest {
    private static Network esp() throws SpecException {
        return Specs.load(Path.of("specs/blocks/esp.yaml"));
    }

    @Test
    void eachAnalysisIsComputedOnceAndKept() throws SpecException {
        Analyses a = Analyses.of(esp(), Profile.STANDARD, 4);
        assertSame(a.access(), a.access());
        assertSame(a.memory(), a.memory());
        assertSame(a.receptiveField(), a.receptiveField());
        assertSame(a.gridding(), a.gridding());
        assertSame(a.guidelines(), a.guidelines());
    }

    @Test
    void theAnalysesAreThoseOfTheNetworkComputedDirectly() throws SpecException {
        Network net = esp();
        Analyses a = Analyses.of(net, Profile.EDGENETS, 2);
        assertEquals(Costs.of(net, Profile.EDGENETS).total(), a.costs().total());
        assertEquals(MemoryAccessCost.of(net).total(), a.access().total());
        assertEquals(ActivationMemory.of(net, 2).best().peakBytes(), a.memory().best().peakBytes());
        assertEquals(Guidelines.of(net, MemoryAccessCost.of(net)), a.guidelines());
        assertEquals(Gridding.of(net).warnings().size(), a.gridding().warnings().size());
    }

    @Test
    void measuringFromAnotherNodeRecomputesOnlyTheReceptiveFields() throws SpecException {
        Network net = esp();
        Analyses a = Analyses.of(net, Profile.STANDARD, 4);
        Node d0 = net.node("esp.d0").orElseThrow();
        Node out = net.outputs().get(0);
        Analyses fromD0 = a.withReceptiveFieldFrom(d0);
        assertSame(a.costs(), fromD0.costs());
        assertSame(a.access(), fromD0.access());
        assertSame(a.memory(), fromD0.memory());
        assertSame(a.gridding(), fromD0.gridding());
        assertSame(a.guidelines(), fromD0.guidelines());
        ReceptiveField.Field direct = ReceptiveField.from(net, d0).field(out).orElseThrow();
        assertEquals(direct.height().size(), fromD0.receptiveField().field(out).orElseThrow().height().size());
        assertNotEquals(a.receptiveField().field(out).orElseThrow().height().size(), direct.height().size());
    }

    @Test
    void countsThatOverflowStopTheAnalysesAtTheNodeThatOverflowed() throws SpecException {
        // `wide` has 2^62 MACs: they fit in 64 bits, but FLOPs (2 x MACs) do not.
        Network net = Specs.load(Path.of("src/test/resources/specs/corpus/flops-overflow.yaml"));
        Costs.OverflowException e = assertThrows(Costs.OverflowException.class,
                () -> Analyses.of(net, Profile.STANDARD, 4));
        assertEquals("wide", e.node().name());
        assertEquals(6, e.node().location().line());
        assertEquals("`wide` (conv): its standard counts overflow 64 bits", e.getMessage());
    }
}
