"""Small PyTorch models exported to ONNX by torch.onnx.export, with what PyTorch itself says about
them, for netspec's import tests (TorchImportTest). Usage: torch_models.py OUT_DIR

Writes OUT_DIR/<model>_<mode>.onnx for every model in three exports: eval mode at opset 11 and 17
(PyTorch folds each BatchNorm2d that follows a Conv2d into it) and training mode kept at opset 13
(batch norms stay), and OUT_DIR/expected.json with, per file, the counts PyTorch gives:
parameters and buffers (module.parameters(), running statistics), MACs by the documented
convention from forward hooks (conv: output elements x Cin/g x kh x kw; transposed conv: input
elements x Cout/g x kh x kw; linear: N x F x out), the output shape, and the convolutions whose
batch norm the export folds.
"""
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvBnAct(nn.Module):
    """The conv-bn-activation stem of most efficient CNNs: strided, depthwise and pointwise."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.dw = nn.Conv2d(16, 16, 3, padding=1, groups=16, bias=False)
        self.bn2 = nn.BatchNorm2d(16)
        self.pw = nn.Conv2d(16, 24, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(24)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu6(self.bn2(self.dw(x)))
        return F.hardswish(self.bn3(self.pw(x)))

    folded = ["conv1", "dw", "pw"]


class Block(nn.Module):
    """An ESP-like block: reduce, dilated branches summed hierarchically, concat, BN + PReLU, a
    residual; then up- and down-sampling of every kind and a softmax over channels."""

    def __init__(self):
        super().__init__()
        self.reduce = nn.Conv2d(12, 4, 1, bias=False)
        self.d1 = nn.Conv2d(4, 4, 3, padding=1, bias=False)
        self.d2 = nn.Conv2d(4, 4, 3, padding=2, dilation=2, bias=False)
        self.d4 = nn.Conv2d(4, 4, 3, padding=4, dilation=4, bias=False)
        self.bn = nn.BatchNorm2d(12)
        self.act = nn.PReLU(12)
        self.up = nn.ConvTranspose2d(12, 6, 3, stride=2, padding=1, output_padding=1)
        self.mp = nn.MaxPool2d(3, 2, 1, ceil_mode=True)
        self.ap = nn.AvgPool2d(3, 2, 1, ceil_mode=True)
        self.head = nn.Conv2d(24, 5, 1)

    def forward(self, x):
        r = self.reduce(x)
        a = self.d1(r)
        b = a + self.d2(r)
        c = b + self.d4(r)
        y = self.act(self.bn(torch.cat([a, b, c], 1))) + x
        u = self.up(y)
        u = F.interpolate(u, scale_factor=2, mode="bilinear", align_corners=True)
        u = F.interpolate(u, scale_factor=2, mode="nearest")
        u = F.interpolate(u, size=(16, 16), mode="bilinear", align_corners=False)
        g = torch.sigmoid(F.adaptive_avg_pool2d(y, 1))
        z = torch.cat([self.mp(y), self.ap(y)], 1) * torch.cat([g, g], 1)
        z = self.head(z)
        return torch.softmax(z, 1), u

    folded = []


class Shuffle(nn.Module):
    """A ShuffleNet V2 unit (chunk, depthwise branch, concat, channel shuffle), channel and
    spatial zero padding, a channel slice, a split of uneven parts, and a classifier."""

    def __init__(self):
        super().__init__()
        self.branch = nn.Sequential(
            nn.Conv2d(8, 8, 1, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
            nn.Conv2d(8, 8, 3, padding=1, groups=8, bias=False), nn.BatchNorm2d(8),
            nn.Conv2d(8, 8, 1, bias=False), nn.BatchNorm2d(8), nn.ReLU())
        self.fc = nn.Linear(14 * 5 * 5, 10)

    def forward(self, x):
        x1, x2 = x.chunk(2, dim=1)
        y = torch.cat([x1, self.branch(x2)], 1)
        n, c, h, w = y.shape
        y = y.view(n, 2, c // 2, h, w).transpose(1, 2).contiguous().view(n, c, h, w)
        y = F.pad(y, (1, 1, 1, 1, 0, 4))
        y = F.max_pool2d(y, 2)
        p, q = torch.split(y[:, 2:16], [6, 8], dim=1)
        y = torch.cat([q, torch.tanh(p)], 1)
        return self.fc(y.view(y.size(0), -1))

    folded = ["branch.0", "branch.3", "branch.5"]


def counts(model, x):
    macs = []

    def hook(module, inputs, output):
        if isinstance(module, nn.Conv2d):
            macs.append(output.numel() * module.in_channels // module.groups * module.kernel_size[0] * module.kernel_size[1])
        elif isinstance(module, nn.ConvTranspose2d):
            macs.append(inputs[0].numel() * module.out_channels // module.groups * module.kernel_size[0] * module.kernel_size[1])
        elif isinstance(module, nn.Linear):
            macs.append(inputs[0].numel() * module.out_features)

    handles = [m.register_forward_hook(hook) for m in model.modules()]
    with torch.no_grad():
        out = model(x)
    for h in handles:
        h.remove()
    outs = out if isinstance(out, tuple) else (out,)
    return sum(macs), [list(o.shape) for o in outs]


def main(out_dir):
    expected = {}
    torch.manual_seed(0)
    for name, cls, shape in [("conv_bn_act", ConvBnAct, (1, 3, 32, 32)), ("block", Block, (1, 12, 8, 8)),
                             ("shuffle", Shuffle, (1, 16, 8, 8))]:
        model = cls()
        x = torch.randn(*shape)
        params = sum(p.numel() for p in model.parameters())
        bns = {n: m for n, m in model.named_modules() if isinstance(m, nn.BatchNorm2d)}
        buffers = sum(2 * m.num_features for m in bns.values())
        convs = dict(model.named_modules())
        for mode, opset in [("eval11", 11), ("eval17", 17), ("train13", 13)]:
            training = mode.startswith("train")
            model.train(training)
            macs, outputs = counts(model.eval(), x)
            model.train(training)
            file = "%s_%s.onnx" % (name, mode)
            torch.onnx.export(model, x, "%s/%s" % (out_dir, file), opset_version=opset,
                              training=torch.onnx.TrainingMode.PRESERVE if training else torch.onnx.TrainingMode.EVAL)
            folded = [] if training else cls.folded
            # A folded batch norm takes its 2C parameters and 2C buffers along; the convolution
            # gains a bias of its C output channels.
            folded_bn = sum(2 * convs[c].out_channels for c in folded)
            folded_bias = sum(convs[c].out_channels for c in folded if convs[c].bias is None)
            expected[file] = {"params": params - folded_bn + folded_bias, "buffers": buffers - folded_bn, "macs": macs,
                              "outputs": outputs, "folded": folded}
    with open("%s/expected.json" % out_dir, "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
