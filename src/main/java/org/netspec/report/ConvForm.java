package org.netspec.report;

import java.util.Optional;
import org.netspec.graph.Node;
import org.netspec.ops.Conv;
import org.netspec.ops.ConvTranspose;
import org.netspec.ops.Pair;

/**
 * The form of a convolution as a designer names it: dense, grouped or depthwise, and its kernel
 * ({@code dense 3x3 conv}, {@code depthwise 3x3 conv}, {@code grouped 1x1 conv}). Comparisons
 * group work by form, which says where a lighter block saves: EESP's depthwise branches against
 * ESP's dense ones.
 */
final class ConvForm {
    private ConvForm() {
    }

    /** The form of a convolution or transposed convolution; empty for every other operator. */
    static Optional<String> of(Node n) {
        if (!(n.op() instanceof Conv) && !(n.op() instanceof ConvTranspose)) {
            return Optional.empty();
        }
        Pair k = n.attributes().get(Conv.KERNEL);
        long groups = n.attributes().get(Conv.GROUPS);
        long in = n.inputShapes().get(0).c();
        String form = groups == 1 ? "dense" : groups == in ? "depthwise" : "grouped";
        return Optional.of(form + " " + k.h() + "x" + k.w() + " " + n.op().name());
    }
}
