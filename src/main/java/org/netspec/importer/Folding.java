package org.netspec.importer;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.netspec.onnx.Onnx.TensorProto;
import org.netspec.ops.OperatorException;

/** ONNX's shape-arithmetic operators on small constant tensors, as {@link Constants} evaluates them. */
final class Folding {
    private Folding() {
    }

    private static int axis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new OperatorException("axis " + axis + " is outside a tensor of rank " + rank);
        }
        return (int) a;
    }

    /** Row-major strides of dims. */
    private static long[] strides(long[] dims) {
        long[] s = new long[dims.length];
        long step = 1;
        for (int d = dims.length - 1; d >= 0; d--) {
            s[d] = step;
            step *= dims[d];
        }
        return s;
    }

    /** Each position of {@code dims} in row-major order, as the per-axis index the callback reads. */
    private interface PositionVisitor {
        double at(long[] index);
    }

    private static Value build(long[] dims, boolean floating, PositionVisitor visitor) {
        int n = (int) Value.checkedCount(dims);
        double[] out = new double[n];
        long[] index = new long[dims.length];
        for (int i = 0; i < n; i++) {
            out[i] = visitor.at(index);
            for (int d = dims.length - 1; d >= 0 && ++index[d] == dims[d]; d--) {
                index[d] = 0;
            }
        }
        return Value.of(dims, floating, out);
    }

    static Value gather(Value data, Value indices, int axisAttr) {
        long[] dims = data.dims();
        int axis = axis(axisAttr, dims.length);
        long[] idx = indices.longs();
        long[] idxDims = indices.dims();
        long[] out = new long[dims.length - 1 + idxDims.length];
        System.arraycopy(dims, 0, out, 0, axis);
        System.arraycopy(idxDims, 0, out, axis, idxDims.length);
        System.arraycopy(dims, axis + 1, out, axis + idxDims.length, dims.length - axis - 1);
        long[] s = strides(dims);
        long[] is = strides(idxDims);
        double[] src = data.data();
        return build(out, data.floating(), index -> {
            long flat = 0;
            for (int d = 0; d < idxDims.length; d++) {
                flat += index[axis + d] * is[d];
            }
            long i = idx[(int) flat] < 0 ? idx[(int) flat] + dims[axis] : idx[(int) flat];
            if (i < 0 || i >= dims[axis]) {
                throw new OperatorException("a Gather index " + idx[(int) flat] + " is outside an axis of " + dims[axis]);
            }
            long at = i * s[axis];
            for (int d = 0; d < axis; d++) {
                at += index[d] * s[d];
            }
            for (int d = axis + 1; d < dims.length; d++) {
                at += index[d - 1 + idxDims.length] * s[d];
            }
            return src[(int) at];
        });
    }

    static Value unsqueeze(Value v, long[] axes) {
        if (axes == null) {
            throw new OperatorException("an Unsqueeze names no axes");
        }
        int rank = v.rank() + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            inserted[axis(a, rank)] = true;
        }
        long[] out = new long[rank];
        long[] dims = v.dims();
        for (int d = 0, from = 0; d < rank; d++) {
            out[d] = inserted[d] ? 1 : dims[from++];
        }
        return v.withDims(out);
    }

    static Value squeeze(Value v, long[] axes) {
        long[] dims = v.dims();
        boolean[] removed = new boolean[dims.length];
        for (int d = 0; d < dims.length; d++) {
            removed[d] = axes == null && dims[d] == 1;
        }
        if (axes != null) {
            for (long a : axes) {
                int d = axis(a, dims.length);
                if (dims[d] != 1) {
                    throw new OperatorException("a Squeeze of axis " + a + ", which has size " + dims[d]);
                }
                removed[d] = true;
            }
        }
        return v.withDims(Arrays.stream(range(dims.length)).filter(d -> !removed[d]).mapToLong(d -> dims[d]).toArray());
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        Arrays.setAll(r, i -> i);
        return r;
    }

    static Value concat(List<Value> parts, int axisAttr) {
        long[] first = parts.get(0).dims();
        int axis = axis(axisAttr, first.length);
        long[] out = first.clone();
        out[axis] = 0;
        long[] starts = new long[parts.size()];
        for (int p = 0; p < parts.size(); p++) {
            long[] d = parts.get(p).dims();
            for (int a = 0; a < first.length; a++) {
                if (d.length != first.length || a != axis && d[a] != first[a]) {
                    throw new OperatorException("a Concat of " + Arrays.toString(first) + " and " + Arrays.toString(d));
                }
            }
            starts[p] = out[axis];
            out[axis] += d[axis];
        }
        boolean floating = parts.stream().anyMatch(Value::floating);
        return build(out, floating, index -> {
            int p = parts.size() - 1;
            while (starts[p] > index[axis]) {
                p--;
            }
            long[] d = parts.get(p).dims();
            long[] s = strides(d);
            long at = 0;
            for (int a = 0; a < d.length; a++) {
                at += (a == axis ? index[a] - starts[p] : index[a]) * s[a];
            }
            return parts.get(p).data()[(int) at];
        });
    }

    static Value reshape(Value v, long[] shape) {
        long[] dims = v.dims();
        long[] out = shape.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && i < dims.length) {
                out[i] = dims[i];
            }
            if (out[i] == -1 && inferred < 0) {
                inferred = i;
            } else if (out[i] < 0) {
                throw new OperatorException("a Reshape to " + Arrays.toString(shape));
            } else {
                known *= out[i];
            }
        }
        if (inferred >= 0) {
            out[inferred] = known == 0 ? 0 : v.count() / known;
        }
        if (TensorData.elements(out, "") != v.count()) {
            throw new OperatorException("a Reshape of " + Arrays.toString(dims) + " to " + Arrays.toString(shape));
        }
        return v.withDims(out);
    }

    static Value slice(Value v, long[] starts, long[] ends, long[] axes, long[] steps) {
        long[] dims = v.dims();
        long[] begin = new long[dims.length];
        long[] step = new long[dims.length];
        long[] out = dims.clone();
        Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int a = axis(axes == null ? i : axes[i], dims.length);
            long st = steps == null ? 1 : steps[i];
            if (st == 0) {
                throw new OperatorException("a Slice with step 0");
            }
            long n = dims[a];
            long s = starts[i] < 0 ? starts[i] + n : starts[i];
            long e = ends[i] < 0 && ends[i] > Long.MIN_VALUE / 2 ? ends[i] + n : ends[i];
            if (st > 0) {
                s = Math.max(0, Math.min(n, s));
                e = Math.max(0, Math.min(n, e));
                out[a] = Math.max(0, (e - s + st - 1) / st);
            } else {
                s = Math.max(-1, Math.min(n - 1, s));
                e = Math.max(-1, Math.min(n - 1, e));
                out[a] = Math.max(0, (s - e - st - 1) / -st);
            }
            begin[a] = s;
            step[a] = st;
        }
        long[] s = strides(dims);
        double[] src = v.data();
        return build(out, v.floating(), index -> {
            long at = 0;
            for (int a = 0; a < dims.length; a++) {
                at += (begin[a] + index[a] * step[a]) * s[a];
            }
            return src[(int) at];
        });
    }

    static Value transpose(Value v, long[] perm) {
        long[] dims = v.dims();
        long[] p = perm != null ? perm : Arrays.stream(range(dims.length)).mapToLong(d -> dims.length - 1 - d).toArray();
        if (p.length != dims.length) {
            throw new OperatorException("a Transpose by " + Arrays.toString(p) + " of rank " + dims.length);
        }
        long[] out = new long[dims.length];
        for (int d = 0; d < dims.length; d++) {
            out[d] = dims[axis(p[d], dims.length)];
        }
        long[] s = strides(dims);
        double[] src = v.data();
        return build(out, v.floating(), index -> {
            long at = 0;
            for (int d = 0; d < dims.length; d++) {
                at += index[d] * s[(int) p[d]];
            }
            return src[(int) at];
        });
    }

    static Value cast(Value v, int to) {
        boolean floating = TensorData.isFloat(to);
        if (TensorData.elementBytes(to) == 0) {
            throw new OperatorException("a Cast to element type " + to);
        }
        Value.checkedCount(v.dims());
        double[] d = v.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = floating ? (to == TensorProto.DataType.DOUBLE_VALUE ? d[i] : (float) d[i]) : (long) d[i];
        }
        return Value.of(v.dims(), floating, d);
    }

    static Value filled(long[] dims, Value fill) {
        double x = fill.data().length == 1 ? fill.data()[0] : 0;
        return build(dims, fill.floating(), index -> x);
    }

    static Value map(Value v, DoubleUnaryOperator f) {
        Value.checkedCount(v.dims());
        return Value.of(v.dims(), v.floating(), Arrays.stream(v.data()).map(f).toArray());
    }

    /** An element-wise binary operation with NumPy broadcasting. */
    static Value broadcast(Value a, Value b, DoubleBinaryOperator f) {
        long[] da = a.dims();
        long[] db = b.dims();
        int rank = Math.max(da.length, db.length);
        long[] out = new long[rank];
        for (int d = 0; d < rank; d++) {
            long x = d - rank + da.length >= 0 ? da[d - rank + da.length] : 1;
            long y = d - rank + db.length >= 0 ? db[d - rank + db.length] : 1;
            if (x != y && x != 1 && y != 1) {
                throw new OperatorException("shapes " + Arrays.toString(da) + " and " + Arrays.toString(db) + " do not broadcast");
            }
            out[d] = x == 1 ? y : x;
        }
        double[] va = a.data();
        double[] vb = b.data();
        return build(out, a.floating() || b.floating(), index -> f.applyAsDouble(va[(int) flat(index, da, rank)],
                vb[(int) flat(index, db, rank)]));
    }

    /** The row-major position in a tensor of {@code dims}, right-aligned and broadcast, of an output index. */
    private static long flat(long[] index, long[] dims, int rank) {
        long at = 0;
        for (int d = 0; d < dims.length; d++) {
            at = at * dims[d] + (dims[d] == 1 ? 0 : index[d + rank - dims.length]);
        }
        return at;
    }
}
