"""vs-pytorch's PyTorch side: times the forward pass of a module `analyzer export --format pytorch`
wrote, with netspec's weights, in eval mode under no_grad (the caller sets
GLIBC_TUNABLES=glibc.malloc.hugetlb=1). Prints one line:

    torch MEDIAN_MS PEAK_RSS_KIB SETTING

    python3 torch_forward.py MODEL.py WEIGHTS.safetensors THREADS WARMUP REPEAT [SETTING]

SETTING is one of SETTINGS, or `best` (the default): then every setting runs in a fresh process of
its own (so each peak memory is that setting's alone) and the line of the fastest is printed.
There is no single fastest setting in PyTorch 1.13: at one thread its convolution heuristic sends
unstrided 1x1 convolutions to the slow non-oneDNN `_slow_conv2d_forward` (10x slower on Fast-SCNN),
which `onednn` avoids by calling oneDNN's convolution directly; channels_last helps some networks and
hurts others; freezing a traced module folds batch norm into the convolutions.
"""

import importlib.util
import json
import statistics
import struct
import subprocess
import sys
import time

import numpy as np
import torch

SETTINGS = {
    # name: (memory format, force oneDNN convolutions, freeze a traced module)
    "nchw": (torch.contiguous_format, False, False),
    "nhwc": (torch.channels_last, False, False),
    "nchw-onednn": (torch.contiguous_format, True, False),
    "nhwc-onednn": (torch.channels_last, True, False),
    "nchw-frozen": (torch.contiguous_format, False, True),
    "nhwc-frozen": (torch.channels_last, False, True),
}


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


def onednn_conv2d_forward(self, x):
    """Conv2d.forward through oneDNN whatever the thread count and kernel size."""
    return torch.mkldnn_convolution(x, self.weight, self.bias, self.padding, self.stride, self.dilation, self.groups)


def time_setting(model_path, weights_path, threads, warmup, repeat, setting):
    memory_format, onednn, frozen = SETTINGS[setting]
    torch.set_num_threads(threads)
    if onednn:
        torch.nn.Conv2d.forward = onednn_conv2d_forward
    spec = importlib.util.spec_from_file_location("exported", model_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    classes = [c for c in vars(module).values()
               if isinstance(c, type) and issubclass(c, torch.nn.Module) and c.__module__ == "exported"]
    # The network's class is the one no other exported class contains: the exporter writes it last.
    model = classes[-1]()
    model.load_state_dict(read_safetensors(weights_path), strict=True)
    model = model.eval().to(memory_format=memory_format)
    torch.manual_seed(1)
    inputs = [torch.randn(shape).contiguous(memory_format=memory_format)
              for shape in module.INPUT_SHAPES.values()]
    times = []
    with torch.no_grad():
        if frozen:
            model = torch.jit.freeze(torch.jit.trace(model, tuple(inputs)))
        for i in range(warmup + repeat):
            start = time.perf_counter()
            model(*inputs)
            elapsed = (time.perf_counter() - start) * 1000
            if i >= warmup:
                times.append(elapsed)
    print(f"torch {statistics.median(times):.3f} {peak_rss_kib()} {setting}")


def time_best(model_path, weights_path, threads, warmup, repeat):
    """Each setting in its own process; the fastest one's line. A setting that fails is skipped."""
    results = []
    for setting in SETTINGS:
        run = subprocess.run([sys.executable, __file__, model_path, weights_path, str(threads), str(warmup),
                              str(repeat), setting], capture_output=True, text=True)
        lines = [line for line in run.stdout.splitlines() if line.startswith("torch ")]
        if run.returncode == 0 and lines:
            _, ms, kib, name = lines[-1].split()
            results.append((float(ms), int(kib), name))
    if not results:
        sys.exit("torch_forward: no setting ran")
    ms, kib, name = min(results)
    print(f"torch {ms:.3f} {kib} {name}")


if __name__ == "__main__":
    setting = sys.argv[6] if len(sys.argv) > 6 else "best"
    args = (sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    if setting == "best":
        time_best(*args)
    else:
        time_setting(*args, setting)
