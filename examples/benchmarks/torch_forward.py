"""vs-pytorch's PyTorch side: times the forward pass of a module `analyzer export --format pytorch`
wrote, with netspec's weights, in PyTorch's fastest CPU setting here (eval, no_grad, channels_last
memory format; the caller sets GLIBC_TUNABLES=glibc.malloc.hugetlb=1). Prints one line:

    torch MEDIAN_MS PEAK_RSS_KIB

    python3 torch_forward.py MODEL.py WEIGHTS.safetensors THREADS WARMUP REPEAT
"""

import importlib.util
import json
import statistics
import struct
import sys
import time

import numpy as np
import torch


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


def peak_rss_kib():
    """VmHWM of this process: its peak resident memory."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def main(model_path, weights_path, threads, warmup, repeat):
    torch.set_num_threads(threads)
    spec = importlib.util.spec_from_file_location("exported", model_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    classes = [c for c in vars(module).values()
               if isinstance(c, type) and issubclass(c, torch.nn.Module) and c.__module__ == "exported"]
    # The network's class is the one no other exported class contains: the exporter writes it last.
    model = classes[-1]()
    model.load_state_dict(read_safetensors(weights_path), strict=True)
    model = model.eval().to(memory_format=torch.channels_last)
    torch.manual_seed(1)
    inputs = [torch.randn(shape).contiguous(memory_format=torch.channels_last)
              for shape in module.INPUT_SHAPES.values()]
    times = []
    with torch.no_grad():
        for i in range(warmup + repeat):
            start = time.perf_counter()
            model(*inputs)
            elapsed = (time.perf_counter() - start) * 1000
            if i >= warmup:
                times.append(elapsed)
    print(f"torch {statistics.median(times):.3f} {peak_rss_kib()}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
