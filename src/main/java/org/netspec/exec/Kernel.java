package org.netspec.exec;

import java.util.List;
import org.netspec.ops.Attributes;
import org.netspec.ops.Tensor;

/** Computes a node's output from its inputs and weights: a fast kernel or an operator's reference kernel. */
@FunctionalInterface
public interface Kernel {
    Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights);
}
