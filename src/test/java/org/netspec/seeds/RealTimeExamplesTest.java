package org.netspec.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.MemoryAccessCost;
import org.netspec.analysis.Profile;
import org.netspec.analysis.gridding.Footprint;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.spec.Overrides;

/**
 * The figures of examples/erfnet-vs-espnet, cgnet-vs-espnet and dabnet-vs-espnet, derived by hand
 * or by brute-force sets of offsets written here (not by netspec's footprint propagation).
 */
class RealTimeExamplesTest {
    private static Gridding.Block block(String file, Overrides overrides, String name) throws Exception {
        return Gridding.of(Specs.load(Path.of(file), overrides)).blocks().stream()
                .filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    private record Offset(long row, long col) {
    }

    /** {-r, 0, r} x {-r, 0, r} for each rate: the taps of 3x3 windows (or a 3x1 then a 1x3) at those rates. */
    private static Set<Offset> lattices(long... rates) {
        Set<Offset> s = new HashSet<>();
        for (long r : rates) {
            for (long a = -1; a <= 1; a++) {
                for (long b = -1; b <= 1; b++) {
                    s.add(new Offset(a * r, b * r));
                }
            }
        }
        return s;
    }

    /** Every sum of one offset of each set: two windows in a row. */
    private static Set<Offset> then(Set<Offset> first, Set<Offset> second) {
        Set<Offset> s = new HashSet<>();
        for (Offset a : first) {
            for (Offset b : second) {
                s.add(new Offset(a.row() + b.row(), a.col() + b.col()));
            }
        }
        return s;
    }

    private static Set<Offset> union(List<Set<Offset>> sets) {
        Set<Offset> s = new HashSet<>();
        sets.forEach(s::addAll);
        return s;
    }

    @Test
    void aDilatedNonBottleneck1dSeesNineByNineOffsets() throws Exception {
        for (long d : new long[] {4, 16}) {
            // a dense 3x3 then a 3x3 lattice of step d: 9 offsets per axis in 2 (d + 1) + 1
            Set<Offset> seen = then(lattices(1), lattices(d));
            assertEquals(81, seen.size());
            long side = 2 * (d + 1) + 1;
            Gridding.Block b = block("specs/blocks/non-bottleneck-1d.yaml", Overrides.NONE.withParam("dilation", "" + d),
                    "non_bottleneck_1d");
            assertEquals(side, b.footprint().union(0, 0).rows());
            assertEquals(new BigFraction(seen.size(), side * side), b.coverage());
        }
    }

    @Test
    void erfnetsRunOfFourFillsItsField() throws Exception {
        Set<Offset> seen = lattices(0);
        for (long d : new long[] {2, 4, 8, 16}) {
            seen = then(then(seen, lattices(1)), lattices(d));
        }
        long side = 1 + 2 * (4 + 2 + 4 + 8 + 16);
        assertEquals(69, side);
        assertEquals(side * side, seen.size());
        Gridding.Block b = block("examples/erfnet-vs-espnet/erfnet-stage.yaml", Overrides.NONE, "erfnet_stage");
        assertEquals(side, b.footprint().union(0, 0).rows());
        assertEquals(BigFraction.ONE, b.coverage());
    }

    @Test
    void espModulesInARowKeepHoles() throws Exception {
        // An ESP module's output sees the union of its five branches' lattices (HFF and the residual add
        // only take unions): 1 + 5 * 8 = 41 offsets in 33 x 33.
        Set<Offset> esp = lattices(1, 2, 4, 8, 16);
        assertEquals(41, esp.size());
        for (int modules : new int[] {2, 4}) {
            Set<Offset> seen = esp;
            for (int m = 1; m < modules; m++) {
                seen = then(seen, esp);
            }
            long side = 1 + 32L * modules;
            Gridding.Block b = block("examples/erfnet-vs-espnet/esp-stage.yaml",
                    Overrides.NONE.withParam("modules", "" + modules), "esp_stage");
            Footprint f = b.footprint().union(0, 0);
            assertEquals(side, f.rows());
            assertEquals(seen.size(), f.support());
        }
    }

    @Test
    void aDabModuleSeesItsDenseCentreAndOneLattice() throws Exception {
        // dense 3x3, then either the plain depthwise 3x1 / 1x3 (a 3x3 square) or the dilated one (a lattice of step d),
        // plus the residual's centre: 25 + 81 - 9 = 97 offsets at d = 16, in 35 x 35
        Set<Offset> seen = union(List.of(then(lattices(1), lattices(1)), then(lattices(1), lattices(16)), lattices(0)));
        assertEquals(97, seen.size());
        Gridding.Block b = block("specs/blocks/dab-module.yaml", Overrides.NONE.withParam("dilation", "16"), "dab_module");
        assertEquals(new BigFraction(97, 35 * 35), b.coverage());
    }

    @Test
    void fgloCostsParametersAndMemoryButAlmostNoMacs() throws Exception {
        Network net = Specs.load(Path.of("specs/networks/cgnet.yaml"), Overrides.NONE.withInput("image", "1x3x512x1024"));
        Costs costs = Costs.of(net, Profile.STANDARD);
        MemoryAccessCost access = MemoryAccessCost.of(net);
        long params = 0;
        long macs = 0;
        long poolAndGate = 0;
        for (Costs.Group g : costs.rollup(Grouping.LAYER)) {
            if (g.name().contains(".F_glo.fc")) {
                params += g.count().params();
                macs += g.count().macs();
            }
        }
        // Fully connected C -> C/r -> C with bias: 3 gates at C = 64, r = 8 and 21 at C = 128, r = 16.
        assertEquals(3 * (2 * 64 * 64 / 8 + 64 / 8 + 64) + 21 * (2 * 128 * 128 / 16 + 128 / 16 + 128), params);
        assertEquals(49_152, params);
        assertEquals(3 * 2 * 64 * 64 / 8 + 21 * 2 * 128 * 128 / 16, macs);
        assertEquals(46_080, macs);
        for (Node n : net.nodes()) {
            if (n.op().name().equals("global_avgpool") || n.op().name().equals("mul")) {
                poolAndGate += access.of(n).total();
            }
        }
        // Pooling reads C H W and writes C; the gate reads C H W and C, and writes C H W: 3 C H W + 2 C per gate,
        // at 128 x 256 in stage 2 and 64 x 128 in stage 3 of a 512 x 1024 image.
        assertEquals(3 * (3L * 64 * 128 * 256 + 2 * 64) + 21 * (3L * 128 * 64 * 128 + 2 * 128), poolAndGate);
    }
}
