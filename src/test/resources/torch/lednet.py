"""LEDNet (Wang et al., "LEDNet: A Lightweight Encoder-Decoder Network for Real-Time Semantic
Segmentation", ICIP 2019, arXiv:1905.02423) written after the module structure of the official
xiaoyufenfei/LEDNet train/lednet.py (Net = Encoder + Decoder with APN_Module), counted by netcount.

Usage: python3 lednet.py [classes] [H] [W]  (defaults 20 512 1024: the official main.py trains
Cityscapes with NUM_CLASSES = 20, and the decoder's APN is built with 20 output channels).
The encoder's 1x1 output_conv is built but runs only in encoder-only training: it counts
parameters, not MACs. The decoder resizes to the input size (the official code writes 512x1024).
"""
import sys

import torch
import torch.nn.functional as F
from torch import nn

import netcount


def split_half(x):
    c = x.shape[1]
    first = round(c * 0.5)
    return x[:, :first], x[:, first:]


def shuffle(x, groups):
    n, c, h, w = x.shape
    return x.view(n, groups, c // groups, h, w).transpose(1, 2).reshape(n, c, h, w)


class ConvBnRelu(nn.Module):
    def __init__(self, cin, cout, kernel, stride, padding):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv2d(cin, cout, kernel, stride, padding, bias=True),
                                  nn.BatchNorm2d(cout, eps=1e-3), nn.ReLU(inplace=True))

    def forward(self, x):
        return self.conv(x)


class Downsampler(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout - cin, 3, stride=2, padding=1, bias=True)
        self.pool = nn.MaxPool2d(2, stride=2)
        self.bn = nn.BatchNorm2d(cout, eps=1e-3)

    def forward(self, x):
        return F.relu(self.bn(torch.cat([self.conv(x), self.pool(x)], 1)))


class SSnbt(nn.Module):
    """Split-shuffle-non-bottleneck: two factorised branches on the channel halves."""

    def __init__(self, channels, dilation):
        super().__init__()
        half = channels // 2

        def factorised(first_vertical, d):
            kv = nn.Conv2d(half, half, (3, 1), padding=(d, 0), dilation=(d, 1), bias=True)
            kh = nn.Conv2d(half, half, (1, 3), padding=(0, d), dilation=(1, d), bias=True)
            return [kv, kh] if first_vertical else [kh, kv]

        self.left = nn.ModuleList(factorised(True, 1) + [nn.BatchNorm2d(half, eps=1e-3)]
                                  + factorised(True, dilation) + [nn.BatchNorm2d(half, eps=1e-3)])
        self.right = nn.ModuleList(factorised(False, 1) + [nn.BatchNorm2d(half, eps=1e-3)]
                                   + factorised(False, dilation) + [nn.BatchNorm2d(half, eps=1e-3)])

    @staticmethod
    def branch(layers, x):
        a, b, bn1, c, d, bn2 = layers
        x = F.relu(bn1(b(F.relu(a(x)))))
        return bn2(d(F.relu(c(x))))

    def forward(self, x):
        x1, x2 = split_half(x)
        out = torch.cat([self.branch(self.left, x1), self.branch(self.right, x2)], 1)
        return shuffle(F.relu(x + out), 2)


class Encoder(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.initial = Downsampler(3, 32)
        layers = [SSnbt(32, 1) for _ in range(3)] + [Downsampler(32, 64)]
        layers += [SSnbt(64, 1) for _ in range(2)] + [Downsampler(64, 128)]
        layers += [SSnbt(128, d) for d in (1, 2, 5, 9, 2, 5, 9, 17)]
        self.layers = nn.Sequential(*layers)
        self.output_conv = nn.Conv2d(128, classes, 1, bias=True)  # encoder-only mode; unused here

    def forward(self, x):
        return self.layers(self.initial(x))


def resize(x, size):
    return F.interpolate(x, size=size, mode="bilinear", align_corners=True)


class APN(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.branch1 = nn.Sequential(nn.AdaptiveAvgPool2d(1), ConvBnRelu(cin, cout, 1, 1, 0))
        self.mid = ConvBnRelu(cin, cout, 1, 1, 0)
        self.down1 = ConvBnRelu(cin, 1, 7, 2, 3)
        self.down2 = ConvBnRelu(1, 1, 5, 2, 2)
        self.down3 = nn.Sequential(ConvBnRelu(1, 1, 3, 2, 1), ConvBnRelu(1, 1, 3, 1, 1))
        self.conv2 = ConvBnRelu(1, 1, 5, 1, 2)
        self.conv1 = ConvBnRelu(1, 1, 7, 1, 3)

    def forward(self, x):
        h, w = x.shape[2:]
        b1 = resize(self.branch1(x), (h, w))
        mid = self.mid(x)
        x1 = self.down1(x)
        x2 = self.down2(x1)
        x3 = resize(self.down3(x2), (h // 4, w // 4))
        y = resize(self.conv2(x2) + x3, (h // 2, w // 2))
        y = resize(y + self.conv1(x1), (h, w))
        return y * mid + b1


class Decoder(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.apn = APN(128, classes)

    def forward(self, x, size):
        return resize(self.apn(x), size)


class Net(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.encoder = Encoder(classes)
        self.decoder = Decoder(classes)

    def forward(self, x):
        return self.decoder(self.encoder(x), x.shape[2:])


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    classes, h, w = args + [20, 512, 1024][len(args):]
    netcount.report(Net(classes), (1, 3, h, w))
