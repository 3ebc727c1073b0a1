package org.netspec.analysis;

import java.util.Optional;
import org.netspec.ops.Cost;

/**
 * A named counting convention: which products count as MACs and where bias additions go.
 * Reports always name the profile that produced a number.
 */
public enum Profile {
    /** Convolution, transposed convolution (from the input side) and linear MACs, without bias. */
    STANDARD("standard", "MACs of conv, conv_transpose (counted from the input side) and linear, without bias; "
            + "bias adds and every other operation in ops") {
        @Override
        LayerCount count(Cost c) {
            return LayerCount.of(c.params(), c.buffers(), c.macs(), Math.addExact(c.biasAdds(), c.ops()));
        }
    },
    /**
     * What the ESPNet/ESPNetv2 authors' counter (EdgeNets {@code flops_compute.py}) prints:
     * executed 2-D convolutions only, {@code (2*MACs + bias adds) / 2}. Half a bias add per
     * layer is rounded up.
     */
    EDGENETS("edgenets", "MACs of executed conv only plus half a MAC per conv bias add, as the ESPNet/ESPNetv2 "
            + "authors' counter prints (transposed conv and linear excluded); everything else in ops") {
        @Override
        LayerCount count(Cost c) {
            if (c.macKind() == Cost.MacKind.CONV) {
                long halfBias = c.biasAdds() / 2 + c.biasAdds() % 2;
                return LayerCount.of(c.params(), c.buffers(), Math.addExact(c.macs(), halfBias), c.ops());
            }
            return LayerCount.of(c.params(), c.buffers(), 0, Math.addExact(c.biasAdds(), c.ops()));
        }
    };

    private final String id;
    private final String description;

    Profile(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name on the command line and in reports. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The counts of one executed node under this convention. */
    abstract LayerCount count(Cost cost);

    public static Optional<Profile> named(String id) {
        for (Profile p : values()) {
            if (p.id.equals(id)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id;
    }
}
