"""CGNet (Wu et al., IEEE TIP 2021, arXiv:1811.08201) as wutianyiRosun/CGNet model/CGNet.py builds
``Context_Guided_Network(classes=19, M=3, N=21)`` (no dropout), written again for counting: the
same modules, layer sizes and forward order.
Usage: python3 cgnet.py [classes H W]; prints netcount's JSON line."""
import sys

import torch
from torch import nn
from torch.nn import functional as F

import netcount


class ConvBNPReLU(nn.Module):
    def __init__(self, cin, cout, k, stride=1):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride=stride, padding=(k - 1) // 2, bias=False)
        self.bn = nn.BatchNorm2d(cout, eps=1e-3)
        self.act = nn.PReLU(cout)

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class BNPReLU(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.bn = nn.BatchNorm2d(c, eps=1e-3)
        self.act = nn.PReLU(c)

    def forward(self, x):
        return self.act(self.bn(x))


class Conv(nn.Module):
    """A bias-free convolution in a module of its own, as the official Conv, ChannelWiseConv and
    ChannelWiseDilatedConv wrap it (so the state_dict names match the released checkpoints)."""

    def __init__(self, cin, cout, k, d=1, groups=1):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, padding=(k - 1) // 2 * d, dilation=d, groups=groups, bias=False)

    def forward(self, x):
        return self.conv(x)


def depthwise(c, d=1):
    """The channel-wise 3x3 (F_loc, d = 1) or dilated 3x3 (F_sur) convolution."""
    return Conv(c, c, 3, d, groups=c)


class FGlo(nn.Module):
    """Global context: average pool, Linear C -> C/r, ReLU, Linear C/r -> C, sigmoid, channel gate."""

    def __init__(self, c, reduction):
        super().__init__()
        self.avg_pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Sequential(nn.Linear(c, c // reduction), nn.ReLU(inplace=True),
                                nn.Linear(c // reduction, c), nn.Sigmoid())

    def forward(self, x):
        n, c = x.shape[:2]
        return x * self.fc(self.avg_pool(x).view(n, c)).view(n, c, 1, 1)


class CGBlockDown(nn.Module):
    """3x3 stride-2 CBR to `cout`, F_loc and F_sur side by side, BN + PReLU, 1x1 2C -> C, FGlo."""

    def __init__(self, cin, cout, d, reduction):
        super().__init__()
        self.conv1x1 = ConvBNPReLU(cin, cout, 3, 2)
        self.F_loc = depthwise(cout)
        self.F_sur = depthwise(cout, d)
        self.bn = nn.BatchNorm2d(2 * cout, eps=1e-3)
        self.act = nn.PReLU(2 * cout)
        self.reduce = Conv(2 * cout, cout, 1)
        self.F_glo = FGlo(cout, reduction)

    def forward(self, x):
        y = self.conv1x1(x)
        y = self.reduce(self.act(self.bn(torch.cat([self.F_loc(y), self.F_sur(y)], 1))))
        return self.F_glo(y)


class CGBlock(nn.Module):
    """1x1 CBR to C/2, F_loc and F_sur side by side, BN + PReLU, FGlo, residual add."""

    def __init__(self, c, d, reduction):
        super().__init__()
        self.conv1x1 = ConvBNPReLU(c, c // 2, 1)
        self.F_loc = depthwise(c // 2)
        self.F_sur = depthwise(c // 2, d)
        self.bn_prelu = BNPReLU(c)
        self.F_glo = FGlo(c, reduction)

    def forward(self, x):
        y = self.conv1x1(x)
        return x + self.F_glo(self.bn_prelu(torch.cat([self.F_loc(y), self.F_sur(y)], 1)))


class InputInjection(nn.Module):
    def __init__(self, times):
        super().__init__()
        self.pool = nn.ModuleList([nn.AvgPool2d(3, stride=2, padding=1) for _ in range(times)])

    def forward(self, x):
        for pool in self.pool:
            x = pool(x)
        return x


class CGNet(nn.Module):
    def __init__(self, classes=19, M=3, N=21):
        super().__init__()
        self.level1_0 = ConvBNPReLU(3, 32, 3, 2)
        self.level1_1 = ConvBNPReLU(32, 32, 3)
        self.level1_2 = ConvBNPReLU(32, 32, 3)
        self.sample1 = InputInjection(1)
        self.sample2 = InputInjection(2)
        self.b1 = BNPReLU(32 + 3)
        self.level2_0 = CGBlockDown(32 + 3, 64, 2, 8)
        self.level2 = nn.ModuleList([CGBlock(64, 2, 8) for _ in range(M - 1)])
        self.bn_prelu_2 = BNPReLU(128 + 3)
        self.level3_0 = CGBlockDown(128 + 3, 128, 4, 16)
        self.level3 = nn.ModuleList([CGBlock(128, 4, 16) for _ in range(N - 1)])
        self.bn_prelu_3 = BNPReLU(256)
        self.classifier = nn.Sequential(Conv(256, classes, 1))

    def forward(self, image):
        x = self.level1_2(self.level1_1(self.level1_0(image)))
        x = self.b1(torch.cat([x, self.sample1(image)], 1))
        x0 = self.level2_0(x)
        x = x0
        for block in self.level2:
            x = block(x)
        x = self.bn_prelu_2(torch.cat([x, x0, self.sample2(image)], 1))
        x0 = self.level3_0(x)
        x = x0
        for block in self.level3:
            x = block(x)
        x = self.bn_prelu_3(torch.cat([x0, x], 1))
        return F.interpolate(self.classifier(x), image.shape[2:], mode="bilinear", align_corners=False)


if __name__ == "__main__":
    classes, h, w = (int(v) for v in sys.argv[1:4]) if len(sys.argv) > 1 else (19, 1024, 2048)
    netcount.report(CGNet(classes), (1, 3, h, w))
