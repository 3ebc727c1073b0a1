"""PyTorch's side of PyTorchSafeTensorsTest (Debian's python3-torch; no safetensors package needed).

  torch_check.py DIR    prints one JSON object:
    written: writes torch tensors of several dtypes to DIR/torch.safetensors; their values as float32
    read:    DIR/netspec.safetensors parsed: each tensor's shape and values, the metadata, where the data starts
    small:   DIR/w.safetensors loaded into small.yaml's module by a strict load_state_dict, run on the
             tensor `x` of DIR/x.safetensors: the output act(bn(c(x)))
  Exits with 3 when torch or numpy is missing.

The safetensors format is written and parsed here by hand: an 8-byte little-endian header length N,
N bytes of JSON header, then each tensor's little-endian bytes at its data_offsets.
"""
import json
import os
import struct
import sys

import numpy
import torch
from torch import nn


def write(path):
    torch.manual_seed(0)
    tensors = {
        "conv.weight": torch.randn(4, 3, 3, 3),
        "bn.running_var": torch.rand(4).half(),
        "bf": torch.randn(5).bfloat16(),
        "d": torch.randn(2, 2).double(),
        "bn.num_batches_tracked": torch.tensor(7),
    }
    names = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
             torch.int64: "I64"}
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        # numpy has no bfloat16: its bits are those of an int16
        raw = t.view(torch.int16) if t.dtype == torch.bfloat16 else t
        blob = raw.numpy().astype(raw.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
    return {name: t.float().flatten().tolist() for name, t in tensors.items() if t.is_floating_point()}


def parse(path):
    with open(path, "rb") as f:
        content = f.read()
    n = struct.unpack("<Q", content[:8])[0]
    header = json.loads(content[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    start = 8 + n
    tensors = {}
    for name, entry in header.items():
        assert entry["dtype"] == "F32", entry
        begin, end = entry["data_offsets"]
        values = numpy.frombuffer(content[start + begin:start + end], dtype="<f4").reshape(entry["shape"])
        tensors[name] = torch.from_numpy(values.copy())
    return tensors, metadata, start


def read(path):
    tensors, metadata, start = parse(path)
    return {"start": start, "metadata": metadata,
            "tensors": {k: {"shape": list(t.shape), "values": t.flatten().tolist()} for k, t in tensors.items()}}


class Small(nn.Module):
    """../small.yaml written as a PyTorch module: c -> bn -> act, and `side`, which reaches no output."""

    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(2, 3, 3, padding=1)
        self.bn = nn.BatchNorm2d(3)
        self.act = nn.PReLU(3)
        self.side = nn.Conv2d(2, 2, 1, bias=False)

    def forward(self, x):
        return self.act(self.bn(self.c(x)))


def small(weights, inputs):
    model = Small()
    model.load_state_dict(parse(weights)[0], strict=True)
    model.eval()
    with torch.no_grad():
        y = model(parse(inputs)[0]["x"])
    return {"shape": list(y.shape), "values": y.flatten().tolist()}


if __name__ == "__main__":
    folder = sys.argv[1]
    print(json.dumps({
        "written": write(os.path.join(folder, "torch.safetensors")),
        "read": read(os.path.join(folder, "netspec.safetensors")),
        "small": small(os.path.join(folder, "w.safetensors"), os.path.join(folder, "x.safetensors")),
    }))
