"""Independent counts of a PyTorch model, for the tests that check netspec's figures.

A test's model script builds the model the way its official implementation does and calls
``report(model, (1, 3, H, W))``; this prints one JSON line: parameters (every tensor in
``model.parameters()``), BatchNorm running statistics (``buffers``: running_mean and running_var,
not num_batches_tracked) and MACs under netspec's ``standard`` profile, counted here with forward
hooks and PyTorch's own module attributes: convolution ``out_numel * Cin/g * kh*kw``, transposed
convolution from the input side ``in_numel * Cout/g * kh*kw``, linear ``rows * in * out``, no bias.
"""
import json
import sys

import torch
from torch import nn


def _conv_macs(module, inputs, output):
    kh, kw = module.kernel_size
    if isinstance(module, nn.ConvTranspose2d):
        return inputs[0].numel() * (module.out_channels // module.groups) * kh * kw
    return output.numel() * (module.in_channels // module.groups) * kh * kw


def count(model, shape):
    """(params, buffers, macs) of ``model`` in eval mode on one zero input of ``shape``."""
    model.eval()
    macs = [0]

    def hook(module, inputs, output):
        if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)):
            macs[0] += _conv_macs(module, inputs, output)
        elif isinstance(module, nn.Linear):
            macs[0] += inputs[0].numel() // module.in_features * module.in_features * module.out_features

    handles = [m.register_forward_hook(hook) for m in model.modules()
               if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear))]
    with torch.no_grad():
        model(torch.zeros(shape))
    for h in handles:
        h.remove()
    params = sum(p.numel() for p in model.parameters())
    buffers = sum(b.numel() for name, b in model.named_buffers()
                  if name.endswith("running_mean") or name.endswith("running_var"))
    return params, buffers, macs[0]


def report(model, shape):
    params, buffers, macs = count(model, shape)
    json.dump({"params": params, "buffers": buffers, "macs": macs}, sys.stdout)
    sys.stdout.write("\n")
