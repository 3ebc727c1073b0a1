package org.netspec.analysis;

import java.util.List;
import org.netspec.analysis.field.ReceptiveField;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.graph.Network;

/**
 * Every analysis of one network, computed together for the reports: counts under a profile,
 * memory access cost, activation memory, receptive fields, gridding and the ShuffleNet V2
 * guideline findings.
 */
public record Analyses(Network network, Costs costs, MemoryAccessCost access, ActivationMemory memory,
        ReceptiveField receptiveField, Gridding gridding, List<Guidelines.Finding> guidelines) {
    public Analyses {
        guidelines = List.copyOf(guidelines);
    }

    /**
     * @param elementBytes bytes per tensor element for memory figures (4 for float32)
     */
    public static Analyses of(Network network, Profile profile, int elementBytes) {
        MemoryAccessCost access = MemoryAccessCost.of(network);
        return new Analyses(network, Costs.of(network, profile), access, ActivationMemory.of(network, elementBytes),
                ReceptiveField.of(network), Gridding.of(network), Guidelines.of(network, access));
    }

    /** The same analyses with receptive fields measured from another node, such as a block's input. */
    public Analyses withReceptiveFieldFrom(org.netspec.graph.Node source) {
        return new Analyses(network, costs, access, memory, ReceptiveField.from(network, source), gridding, guidelines);
    }

    /** The guideline findings that cross their threshold. */
    public List<Guidelines.Finding> guidelineWarnings() {
        return guidelines.stream().filter(Guidelines.Finding::warning).toList();
    }
}
