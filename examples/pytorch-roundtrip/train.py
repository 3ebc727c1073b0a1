"""Train, in PyTorch, a network designed in netspec, starting from netspec's weights.

    ./analyzer export specs/networks/espnet-c.yaml --input 1x3x128x256 --format pytorch -o model.py
    ./analyzer run specs/networks/espnet-c.yaml --input 1x3x128x256 --save-weights weights.safetensors
    python3 examples/pytorch-roundtrip/train.py model.py --weights weights.safetensors --steps 20 \\
        --save trained.safetensors
    ./analyzer run specs/networks/espnet-c.yaml --input 1x3x128x256 --weights trained.safetensors

The exported file is the whole network: its parameter and buffer names are netspec's weight names,
so netspec's weights load with a strict load_state_dict and the trained ones go back to netspec
the same way. The data here is random (images, and a class per pixel or per image); put a real
DataLoader in its place. Only torch and numpy are needed: safetensors files are read and written by
hand below (8-byte little-endian header length, JSON header, raw little-endian float32 data).
"""

import argparse
import importlib.util
import json
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_safetensors(path):
    """The float32 tensors of a safetensors file, by name."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {entry['dtype']}, not F32")
        begin, end = entry["data_offsets"]
        values = np.frombuffer(data, dtype="<f4", count=(end - begin) // 4, offset=8 + length + begin)
        tensors[name] = torch.from_numpy(values.reshape(entry["shape"]).copy())
    return tensors


def write_safetensors(path, tensors):
    """Writes float tensors (others, such as BatchNorm's num_batches_tracked, are left out)."""
    names = sorted(n for n, t in tensors.items() if t.is_floating_point())
    header, offset, blobs = {}, 0, []
    for name in names:
        blob = tensors[name].detach().to(torch.float32).contiguous().cpu().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for blob in blobs:
            f.write(blob)


def load_exported(path):
    """The module of an exported file, and its network class (the file's last class)."""
    spec = importlib.util.spec_from_file_location("netspec_export", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    classes = [v for v in vars(module).values()
               if isinstance(v, type) and issubclass(v, nn.Module) and v.__module__ == module.__name__]
    return module, classes[-1]


def train(model, input_shapes, steps, lr=0.01):
    """A few steps of SGD with cross-entropy on random data; returns the losses."""
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    model.train()
    losses = []
    for step in range(steps):
        inputs = [torch.randn(shape) for shape in input_shapes.values()]
        output = model(*inputs)
        target = torch.randint(output.shape[1], (output.shape[0],) + tuple(output.shape[2:]))
        loss = F.cross_entropy(output, target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        print(f"step {step + 1}/{steps}: loss {loss.item():.4f}")
    return losses


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="the file written by `analyzer export --format pytorch`")
    parser.add_argument("--weights", help="netspec's weights (`analyzer run --save-weights`); PyTorch's own "
                        "initialisation without it")
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--save", help="write the trained weights here, as safetensors netspec reads back")
    args = parser.parse_args(argv)

    module, network = load_exported(args.model)
    model = network()
    if args.weights:
        model.load_state_dict(read_safetensors(args.weights), strict=True)
    train(model, module.INPUT_SHAPES, args.steps, args.lr)
    if args.save:
        write_safetensors(args.save, model.state_dict())
        print(f"wrote {args.save}")


if __name__ == "__main__":
    main()
