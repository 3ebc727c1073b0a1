package org.netspec.device;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** An operator fusion a runtime does: the fused node runs inside its producer's kernel. */
public enum Fusion {
    /** Batch norm and activation after a convolution run in the convolution's kernel. */
    CONV_BN_ACT("conv_bn_act"),
    /** An activation after an element-wise sum or product runs in that kernel. */
    ADD_ACT("add_act");

    /**
     * The activations a fusion runs in its producer's kernel: those ONNX Runtime's CPU provider fuses
     * into a convolution (Relu, Clip, Sigmoid, Tanh, HardSigmoid, LeakyRelu: ONNX Runtime 1.29's
     * profiler shows a convolution and a LeakyRelu as one kernel); PReLU, hard swish, SiLU, GELU, ELU
     * and Mish run as kernels of their own.
     */
    public static final Set<String> ACTIVATIONS = Set.of("relu", "relu6", "sigmoid", "tanh", "hardsigmoid", "leaky_relu");

    private final String key;

    Fusion(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<Fusion> ofKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }
}
