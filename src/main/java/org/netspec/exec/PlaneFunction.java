package org.netspec.exec;

import java.util.List;
import org.netspec.ops.Attributes;
import org.netspec.ops.PerChannel;

/**
 * The arithmetic of one per-channel operator on a run of one plane: {@code out[from .. from + length)}
 * from the same elements of {@code in} (which may be {@code out}). PReLU, ReLU and ReLU6 have
 * Vector API versions ({@link VectorPlaneFunctions}) when that module is present: the reference
 * PReLU is a branch per element, which random signs mispredict half the time. Every other operator,
 * and every operator without the module, runs its own {@link PerChannel#computePlane}.
 */
@FunctionalInterface
interface PlaneFunction {
    void apply(int channel, float[] in, float[] out, int from, int length);

    /** Finds the vectorised arithmetic of an operator, or null when it has none. */
    @FunctionalInterface
    interface Finder {
        PlaneFunction find(PerChannel op, Attributes a, List<float[]> weights);
    }

    /** The vectorised arithmetic of {@code op} if there is one, else the operator's own. */
    static PlaneFunction of(PerChannel op, Attributes a, List<float[]> weights) {
        PlaneFunction fast = Vectorised.FINDER.find(op, a, weights);
        return fast != null ? fast : (channel, in, out, from, length) -> op.computePlane(a, weights, channel, in, out,
                from, length);
    }

    /** The operator's own arithmetic, for comparing a vectorised version against it. */
    static PlaneFunction reference(PerChannel op, Attributes a, List<float[]> weights) {
        return (channel, in, out, from, length) -> op.computePlane(a, weights, channel, in, out, from, length);
    }

    /** Loads the Vector API versions by name only when the incubator module is present. */
    final class Vectorised {
        static final Finder FINDER = load();

        private Vectorised() {
        }

        private static Finder load() {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
                try {
                    return (Finder) Class.forName("org.netspec.exec.VectorPlaneFunctions").getDeclaredConstructor()
                            .newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
                    return (op, a, weights) -> null;
                }
            }
            return (op, a, weights) -> null;
        }
    }
}
