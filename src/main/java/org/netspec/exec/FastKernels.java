package org.netspec.exec;

import org.netspec.graph.Node;
import org.netspec.ops.Conv;
import org.netspec.ops.ConvTranspose;
import org.netspec.ops.Operator;
import org.netspec.ops.Upsample;

/** The kernel an executor runs for each operator: a fast one where there is one, the operator's reference kernel otherwise. */
final class FastKernels {
    private final ConvCore core;
    private final Parallel parallel;
    private final PlaneKernels planes;
    private final ChannelSlices slices;

    FastKernels(ConvCore core, Parallel parallel) {
        this.core = core;
        this.parallel = parallel;
        this.planes = new PlaneKernels(parallel);
        this.slices = new ChannelSlices(parallel);
    }

    Kernel of(Operator op) {
        if (op instanceof Conv) {
            return new ConvKernel(core, parallel);
        }
        if (op instanceof ConvTranspose) {
            return new ConvTransposeKernel(core, parallel);
        }
        Kernel plane = planes.of(op);
        if (plane != null) {
            return plane;
        }
        return ChannelSlices.planeWise(op) ? slices.of(op) : op::compute;
    }

    /** Bytes a node's kernel allocates besides its output while it runs. */
    static long scratchBytes(Node node) {
        if (node.op() instanceof Conv) {
            return ConvKernel.scratchBytes(node.attributes(), node.inputShapes().get(0));
        }
        if (node.op() instanceof ConvTranspose) {
            return ConvTransposeKernel.scratchBytes(node.attributes(), node.inputShapes().get(0));
        }
        boolean bilinear = node.op() instanceof Upsample && node.attributes().get(Upsample.MODE).equals("bilinear");
        return ChannelSlices.planeWise(node.op()) && !bilinear ? ChannelSlices.scratchBytes(node) : 0;
    }
}
