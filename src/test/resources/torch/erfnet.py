"""ERFNet (Romera et al., T-ITS 2018) as Eromera/erfnet_pytorch train/erfnet.py builds it, written
again for counting: the same modules, layer sizes and forward order. ``Net(19)`` also builds the
encoder's 1x1 classifier, which the full network never runs (it counts as parameters only).
Usage: python3 erfnet.py [classes H W]; prints netcount's JSON line."""
import sys

import torch
from torch import nn
from torch.nn import functional as F

import netcount


class Downsampler(nn.Module):
    """3x3 stride-2 conv to (out - in) channels beside a 2x2 max pool of the input, concat, BN, ReLU."""

    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout - cin, 3, stride=2, padding=1, bias=True)
        self.pool = nn.MaxPool2d(2, stride=2)
        self.bn = nn.BatchNorm2d(cout, eps=1e-3)

    def forward(self, x):
        return F.relu(self.bn(torch.cat([self.conv(x), self.pool(x)], 1)))


class NonBottleneck1D(nn.Module):
    """3x1, ReLU, 1x3, BN, ReLU, dilated 3x1, ReLU, dilated 1x3, BN, dropout; ReLU of the residual sum."""

    def __init__(self, c, p, d):
        super().__init__()
        self.conv3x1_1 = nn.Conv2d(c, c, (3, 1), padding=(1, 0), bias=True)
        self.conv1x3_1 = nn.Conv2d(c, c, (1, 3), padding=(0, 1), bias=True)
        self.bn1 = nn.BatchNorm2d(c, eps=1e-3)
        self.conv3x1_2 = nn.Conv2d(c, c, (3, 1), padding=(d, 0), dilation=(d, 1), bias=True)
        self.conv1x3_2 = nn.Conv2d(c, c, (1, 3), padding=(0, d), dilation=(1, d), bias=True)
        self.bn2 = nn.BatchNorm2d(c, eps=1e-3)
        self.dropout = nn.Dropout2d(p)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1x3_1(F.relu(self.conv3x1_1(x)))))
        y = self.dropout(self.bn2(self.conv1x3_2(F.relu(self.conv3x1_2(y)))))
        return F.relu(y + x)


class Upsampler(nn.Module):
    """3x3 stride-2 transposed conv (output padding 1), BN, ReLU."""

    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.ConvTranspose2d(cin, cout, 3, stride=2, padding=1, output_padding=1, bias=True)
        self.bn = nn.BatchNorm2d(cout, eps=1e-3)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


class Encoder(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.initial_block = Downsampler(3, 16)
        layers = [Downsampler(16, 64)] + [NonBottleneck1D(64, 0.03, 1) for _ in range(5)]
        layers.append(Downsampler(64, 128))
        for _ in range(2):
            layers += [NonBottleneck1D(128, 0.3, d) for d in (2, 4, 8, 16)]
        self.layers = nn.ModuleList(layers)
        self.output_conv = nn.Conv2d(128, classes, 1, bias=True)  # built, run only in encoder mode

    def forward(self, x):
        x = self.initial_block(x)
        for layer in self.layers:
            x = layer(x)
        return x


class Decoder(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.layers = nn.ModuleList([Upsampler(128, 64), NonBottleneck1D(64, 0, 1), NonBottleneck1D(64, 0, 1),
                                     Upsampler(64, 16), NonBottleneck1D(16, 0, 1), NonBottleneck1D(16, 0, 1)])
        self.output_conv = nn.ConvTranspose2d(16, classes, 2, stride=2, bias=True)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return self.output_conv(x)


class Net(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.encoder = Encoder(classes)
        self.decoder = Decoder(classes)

    def forward(self, x):
        return self.decoder(self.encoder(x))


if __name__ == "__main__":
    classes, h, w = (int(v) for v in sys.argv[1:4]) if len(sys.argv) > 1 else (19, 512, 1024)
    netcount.report(Net(classes), (1, 3, h, w))
