package org.netspec.ops;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The catalogue of primitive operators, by the name specs use. */
public final class Operators {
    private static final Map<String, Operator> BY_NAME = new LinkedHashMap<>();

    static {
        register(new Input());
        register(new Conv());
        register(new ConvTranspose());
        register(new BatchNorm());
        register(new LayerNorm());
        register(GroupNorm.groups());
        register(GroupNorm.instances());
        for (Activation.Kind kind : Activation.Kind.values()) {
            register(new Activation(kind));
        }
        register(new PRelu());
        for (TunableActivation.Kind kind : TunableActivation.Kind.values()) {
            register(new TunableActivation(kind));
        }
        register(new MaxPool());
        register(new MaxUnpool());
        register(new AvgPool());
        register(AdaptivePool.average());
        register(GlobalPool.average());
        register(AdaptivePool.maximum());
        register(GlobalPool.maximum());
        register(new Upsample());
        register(new Concat());
        register(new ElementWise("add", "element-wise sum"));
        register(new ElementWise("mul", "element-wise product"));
        register(new ElementWise("sum", "element-wise sum of inputs of one shape"));
        register(new Split());
        register(new Chunk());
        register(new Slice());
        register(new ChannelShuffle());
        register(PixelShuffle.shuffle());
        register(PixelShuffle.unshuffle());
        register(new Pad());
        register(new Dropout("dropout", "dropout (identity at inference)"));
        register(new Dropout("spatial_dropout", "channel-wise dropout (identity at inference)"));
        register(new Linear());
        register(new Flatten());
        register(new Softmax());
        register(new Identity());
    }

    private Operators() {
    }

    private static void register(Operator op) {
        BY_NAME.put(op.name(), op);
    }

    public static Optional<Operator> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every operator, in catalogue order. */
    public static Collection<Operator> all() {
        return Collections.unmodifiableCollection(BY_NAME.values());
    }
}
