package org.netspec.analysis;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.netspec.analysis.field.ReceptiveField;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.analysis.latency.Latency;
import org.netspec.device.DeviceProfile;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.spec.Limits;

/**
 * Every analysis of one network, for the reports: counts under a profile, memory access cost,
 * activation memory, receptive fields, gridding and the ShuffleNet V2 guideline findings.
 *
 * <p>The counts are made at once: they are cheap, every command prints or checks them, and
 * counting is where an absurd spec overflows, so a command stops there before any other work.
 * Every other analysis is computed on first use and kept, so a command pays only for what it
 * prints ({@code graph} never grids).
 */
public final class Analyses {
    private final Network network;
    private final Costs costs;
    private final Memo<MemoryAccessCost> access;
    private final Memo<ActivationMemory> memory;
    private final Memo<ReceptiveField> receptiveField;
    private final Memo<Gridding> gridding;
    private final Memo<List<Guidelines.Finding>> guidelines;
    /** Estimated times on a device, or null when no device was given. */
    private final Memo<Latency> latency;
    private final long maxAnalysisSteps;

    private Analyses(Network network, Costs costs, Memo<MemoryAccessCost> access, Memo<ActivationMemory> memory,
            Memo<ReceptiveField> receptiveField, Memo<Gridding> gridding, Memo<List<Guidelines.Finding>> guidelines,
            Memo<Latency> latency, long maxAnalysisSteps) {
        this.network = network;
        this.maxAnalysisSteps = maxAnalysisSteps;
        this.costs = costs;
        this.access = access;
        this.memory = memory;
        this.receptiveField = receptiveField;
        this.gridding = gridding;
        this.guidelines = guidelines;
        this.latency = latency;
    }

    /**
     * @param elementBytes bytes per tensor element for memory figures (4 for float32)
     * @throws Costs.OverflowException if a count or total overflows 64 bits
     */
    public static Analyses of(Network network, Profile profile, int elementBytes) {
        return of(network, profile, elementBytes, Limits.DEFAULT.maxAnalysisSteps());
    }

    /**
     * @param maxAnalysisSteps the steps the gridding of the whole network may take, and those its
     *     receptive fields may take ({@link Limits#maxAnalysisSteps()})
     * @throws Costs.OverflowException if a count or total overflows 64 bits
     */
    public static Analyses of(Network network, Profile profile, int elementBytes, long maxAnalysisSteps) {
        Memo<MemoryAccessCost> access = new Memo<>(() -> MemoryAccessCost.of(network));
        return new Analyses(network, Costs.of(network, profile), access,
                new Memo<>(() -> ActivationMemory.of(network, elementBytes)), new Memo<>(() -> ReceptiveField.of(network, maxAnalysisSteps)),
                new Memo<>(() -> Gridding.of(network, maxAnalysisSteps)),
                new Memo<>(() -> List.copyOf(Guidelines.of(network, access.get()))), null, maxAnalysisSteps);
    }

    /**
     * The same analyses with receptive fields measured from another node, such as a block's input;
     * the others are shared, computed once for both.
     */
    public Analyses withReceptiveFieldFrom(Node source) {
        return new Analyses(network, costs, access, memory,
                new Memo<>(() -> ReceptiveField.from(network, source, maxAnalysisSteps)), gridding, guidelines, latency,
                maxAnalysisSteps);
    }

    /** The same analyses with estimated times on a device. */
    public Analyses withDevice(DeviceProfile device) {
        return new Analyses(network, costs, access, memory, receptiveField, gridding, guidelines,
                new Memo<>(() -> Latency.of(network, access.get(), device)), maxAnalysisSteps);
    }

    /** Computes every analysis now, so that timing this call times them all. */
    public Analyses complete() {
        access.get();
        memory.get();
        receptiveField.get();
        gridding.get();
        guidelines.get();
        return this;
    }

    public Network network() {
        return network;
    }

    public Costs costs() {
        return costs;
    }

    public MemoryAccessCost access() {
        return access.get();
    }

    public ActivationMemory memory() {
        return memory.get();
    }

    public ReceptiveField receptiveField() {
        return receptiveField.get();
    }

    public Gridding gridding() {
        return gridding.get();
    }

    public List<Guidelines.Finding> guidelines() {
        return guidelines.get();
    }

    /** Estimated times, when the analyses were made for a device. */
    public Optional<Latency> latency() {
        return latency == null ? Optional.empty() : Optional.of(latency.get());
    }

    /** The guideline findings that cross their threshold. */
    public List<Guidelines.Finding> guidelineWarnings() {
        return guidelines().stream().filter(Guidelines.Finding::warning).toList();
    }

    /** A value computed on first use and kept; a computation that throws is tried again next time. */
    private static final class Memo<T> {
        private Supplier<T> compute;
        private T value;

        Memo(Supplier<T> compute) {
            this.compute = compute;
        }

        synchronized T get() {
            if (compute != null) {
                value = compute.get();
                compute = null;
            }
            return value;
        }
    }
}
