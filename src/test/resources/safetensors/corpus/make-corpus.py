#!/usr/bin/env python3
"""Writes the corpus of broken tensor files for ../small.yaml (run from this folder; standard library only).

Each file is built from the network's valid weights (or input) with one thing wrong; cases.txt says what
`analyzer run` must answer. The bytes are written here by hand, following the safetensors format: an 8-byte
little-endian header length N, N bytes of JSON header, then the tensors' bytes.
"""
import json
import struct

# The state_dict of ../small.yaml: name -> shape.
WEIGHTS = {
    "c.weight": [3, 2, 3, 3], "c.bias": [3],
    "bn.weight": [3], "bn.bias": [3], "bn.running_mean": [3], "bn.running_var": [3],
    "act.weight": [3],
    "side.weight": [2, 2, 1, 1],
}
SIZES = {"F32": 4, "F16": 2, "I32": 4, "I64": 8, "U8": 1}


def count(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def values(n, start):
    # small exact binary fractions, positive variances for running_var included
    return [((start + i) % 7 + 1) / 8 for i in range(n)]


def entries(tensors):
    """(name, dtype, shape) -> header dict and data bytes, laid out in the given order."""
    header, data, offset = {}, b"", 0
    for i, (name, dtype, shape) in enumerate(tensors):
        n = count(shape) * SIZES[dtype]
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + n]}
        if dtype == "F32":
            data += struct.pack("<%df" % count(shape), *values(count(shape), i))
        else:
            data += bytes(n)
        offset += n
    return header, data


def encode(header_text, data=b""):
    raw = header_text.encode("utf-8") if isinstance(header_text, str) else header_text
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw + data


def weights(changes=None, extra=()):
    tensors = [(name, "F32", shape) for name, shape in WEIGHTS.items()]
    for name, replacement in (changes or {}).items():
        tensors = [replacement if t[0] == name else t for t in tensors if replacement is not None or t[0] != name]
    tensors += list(extra)
    return entries(tensors)


def compact(header):
    return json.dumps(header, separators=(",", ":"))


def layout(pair):
    header, data = pair
    return encode(compact(header), data)


def save(name, content):
    with open(name, "wb") as f:
        f.write(content)


header, data = weights()
valid = encode(compact(header), data)
save("valid-weights.safetensors", valid)
save("valid-input.safetensors", layout(entries([("x", "F32", [1, 2, 4, 4])])))

# lengths
save("empty.safetensors", b"")
save("short.safetensors", valid[:5])
save("truncated.safetensors", valid[:-10])
save("header-truncated.safetensors", valid[:40])
save("header-claims-gigabytes.safetensors", struct.pack("<Q", 4 << 30) + valid[8:])
save("header-length-all-ones.safetensors", b"\xff" * 8 + valid[8:])
with open("../small.yaml", "rb") as f:
    save("not-safetensors.safetensors", f.read())

# headers that lie about the data
lying = dict(header)
lying["side.weight"] = dict(header["side.weight"], shape=[2, 2, 1000, 1000])
lying["side.weight"]["data_offsets"] = [header["side.weight"]["data_offsets"][0],
                                       header["side.weight"]["data_offsets"][0] + 4 * 4_000_000]
save("offsets-beyond-file.safetensors", encode(compact(lying), data))
short_span = dict(header)
short_span["c.bias"] = dict(header["c.bias"], shape=[3], data_offsets=[header["c.bias"]["data_offsets"][0],
                                                                       header["c.bias"]["data_offsets"][0] + 8])
save("shape-offsets-mismatch.safetensors", encode(compact(short_span), data))
overlap = dict(header)
begin = header["c.bias"]["data_offsets"][0] - 4
overlap["c.bias"] = dict(header["c.bias"], data_offsets=[begin, begin + 12])
save("overlapping-offsets.safetensors", encode(compact(overlap), data))
hole_header, hole_data = weights()
hole_header["side.weight"] = dict(hole_header["side.weight"], data_offsets=[
    hole_header["side.weight"]["data_offsets"][0] + 4, hole_header["side.weight"]["data_offsets"][1] + 4])
save("hole-in-data.safetensors", encode(compact(hole_header), hole_data + bytes(4)))
save("trailing-bytes.safetensors", encode(compact(header), data + bytes(12)))

# headers that are not what the format says
text = compact(header)
save("unknown-dtype.safetensors", encode(text.replace('"c.bias":{"dtype":"F32"', '"c.bias":{"dtype":"F42"'), data))
bias = '"c.bias":' + compact(header["c.bias"])
save("duplicate-name.safetensors", encode(text[:-1] + "," + bias + "}", data))
save("not-json.safetensors", encode(text.replace('"shape":', '"shape"', 1), data))
save("header-not-object.safetensors", encode(json.dumps(list(header)), data))
save("header-not-utf8.safetensors", encode(text.replace("c.bias", "c.bi\udcffs").encode("utf-8", "surrogateescape"), data))
save("metadata-not-strings.safetensors", encode(compact({"__metadata__": {"epochs": 3}, **header}), data))
save("two-json-values.safetensors", encode(text + "{}", data))
save("unknown-key.safetensors", encode(text.replace('"data_offsets"', '"offsets"', 1), data))
save("missing-dtype.safetensors", encode(text.replace('"dtype":"F32",', "", 1), data))
save("negative-dimension.safetensors", encode(text.replace('"shape":[3]', '"shape":[-3]', 1), data))
save("begin-after-end.safetensors", encode(text.replace('"data_offsets":[0,216]', '"data_offsets":[216,0]'), data))
save("shape-overflow.safetensors", encode(text.replace('"shape":[3,2,3,3]', '"shape":[4294967296,4294967296,3,3]'), data))

# files that are well formed but do not fit the network
save("wrong-dtype.safetensors", layout(weights({"c.bias": ("c.bias", "I32", [3])})))
save("wrong-shape.safetensors", layout(weights({"c.bias": ("c.bias", "F32", [4])})))
save("missing-weight.safetensors", layout(weights({"side.weight": None})))
save("unexpected-tensor.safetensors", layout(weights(extra=[("head.weight", "F32", [5, 3, 1, 1])])))
save("input-wrong-shape.safetensors", layout(entries([("x", "F32", [1, 2, 4, 5])])))
save("input-wrong-dtype.safetensors", layout(entries([("x", "U8", [1, 2, 4, 4])])))
