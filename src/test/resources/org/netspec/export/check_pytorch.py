"""PyTorchExportTest's Python side: loads each exported module in torch, counts its parameters and
buffers, loads netspec's weights with a strict load_state_dict, runs netspec's input in eval mode
without gradients, and reports how far each output is from netspec's executor. The Java test
asserts; this script only measures. Safetensors files are read by the round-trip example's reader.

    python3 check_pytorch.py MANIFEST.json RESULTS.json
"""

import importlib.util
import json
import sys
import traceback

import torch


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check(case, example):
    module = load(case["model"], "export_" + case["name"].replace("-", "_"))
    model = getattr(module, case["class"])()
    result = {
        "params": sum(p.numel() for p in model.parameters()),
        "buffers": sum(b.numel() for n, b in model.named_buffers() if not n.endswith("num_batches_tracked")),
        "state_dict": sorted(k for k in model.state_dict() if not k.endswith("num_batches_tracked")),
    }
    model.load_state_dict(example.read_safetensors(case["weights"]), strict=True)
    model.eval()
    inputs = example.read_safetensors(case["inputs"])
    expected = example.read_safetensors(case["outputs"])
    with torch.no_grad():
        output = model(*[inputs[name] for name in case["input_names"]])
    outputs = output if isinstance(output, tuple) else (output,)
    result["outputs"] = {}
    for name, got in zip(case["output_names"], outputs):
        want = expected[name]
        same_shape = list(got.shape) == list(want.shape)
        result["outputs"][name] = {
            "shape": list(got.shape),
            "max_abs_diff": (got.double() - want.double()).abs().max().item() if same_shape else None,
            "max_abs_output": want.double().abs().max().item(),
            "finite": bool(torch.isfinite(got).all()),
        }
    return result


def main(manifest_path, results_path):
    with open(manifest_path) as f:
        manifest = json.load(f)
    torch.manual_seed(0)
    example = load(manifest["example"], "pytorch_roundtrip_train")
    results = {}
    for case in manifest["cases"]:
        try:
            results[case["name"]] = check(case, example)
        except Exception:
            results[case["name"]] = {"error": traceback.format_exc()}
    train = manifest["train"]
    try:
        example.main([train["model"], "--weights", train["weights"], "--steps", str(train["steps"]),
                      "--save", train["save"]])
        results["train"] = {"saved": train["save"]}
    except Exception:
        results["train"] = {"error": traceback.format_exc()}
    with open(results_path, "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
