"""DABNet (Li et al., BMVC 2019, arXiv:1907.11357) as Reagan1311/DABNet model/DABNet.py builds
``DABNet(classes=19, block_1=3, block_2=6)``, written again for counting: the same modules, layer
sizes and forward order.
Usage: python3 dabnet.py [classes H W]; prints netcount's JSON line."""
import sys

import torch
from torch import nn
from torch.nn import functional as F

import netcount


class BNPReLU(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.bn = nn.BatchNorm2d(c, eps=1e-3)
        self.acti = nn.PReLU(c)

    def forward(self, x):
        return self.acti(self.bn(x))


class Conv(nn.Module):
    """A bias-free convolution, followed by BN + PReLU when ``bn_acti``."""

    def __init__(self, cin, cout, k, stride, padding, dilation=1, groups=1, bn_acti=False):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride=stride, padding=padding, dilation=dilation, groups=groups,
                              bias=False)
        self.bn_prelu = BNPReLU(cout) if bn_acti else None

    def forward(self, x):
        x = self.conv(x)
        return self.bn_prelu(x) if self.bn_prelu is not None else x


class DABModule(nn.Module):
    """BN + PReLU, 3x3 to C/2, two depthwise 3x1 -> 1x3 branches (plain and dilated d), their sum,
    BN + PReLU, 1x1 back to C, residual add."""

    def __init__(self, c, d):
        super().__init__()
        h = c // 2
        self.bn_relu_1 = BNPReLU(c)
        self.conv3x3 = Conv(c, h, 3, 1, 1, bn_acti=True)
        self.dconv3x1 = Conv(h, h, (3, 1), 1, (1, 0), groups=h, bn_acti=True)
        self.dconv1x3 = Conv(h, h, (1, 3), 1, (0, 1), groups=h, bn_acti=True)
        self.ddconv3x1 = Conv(h, h, (3, 1), 1, (d, 0), dilation=(d, 1), groups=h, bn_acti=True)
        self.ddconv1x3 = Conv(h, h, (1, 3), 1, (0, d), dilation=(1, d), groups=h, bn_acti=True)
        self.bn_relu_2 = BNPReLU(h)
        self.conv1x1 = Conv(h, c, 1, 1, 0)

    def forward(self, x):
        y = self.conv3x3(self.bn_relu_1(x))
        y = self.dconv1x3(self.dconv3x1(y)) + self.ddconv1x3(self.ddconv3x1(y))
        return self.conv1x1(self.bn_relu_2(y)) + x


class DownSamplingBlock(nn.Module):
    """3x3 stride-2 conv to (out - in) channels beside a 2x2 max pool when widening, else to out; BN + PReLU."""

    def __init__(self, cin, cout):
        super().__init__()
        self.widen = cin < cout
        self.conv3x3 = Conv(cin, cout - cin if self.widen else cout, 3, 2, 1)
        self.max_pool = nn.MaxPool2d(2, stride=2)
        self.bn_prelu = BNPReLU(cout)

    def forward(self, x):
        y = self.conv3x3(x)
        if self.widen:
            y = torch.cat([y, self.max_pool(x)], 1)
        return self.bn_prelu(y)


class InputInjection(nn.Module):
    def __init__(self, times):
        super().__init__()
        self.pool = nn.ModuleList([nn.AvgPool2d(3, stride=2, padding=1) for _ in range(times)])

    def forward(self, x):
        for pool in self.pool:
            x = pool(x)
        return x


class DABNet(nn.Module):
    def __init__(self, classes=19, block_1=3, block_2=6):
        super().__init__()
        self.init_conv = nn.Sequential(Conv(3, 32, 3, 2, 1, bn_acti=True), Conv(32, 32, 3, 1, 1, bn_acti=True),
                                       Conv(32, 32, 3, 1, 1, bn_acti=True))
        self.down_1 = InputInjection(1)
        self.down_2 = InputInjection(2)
        self.down_3 = InputInjection(3)
        self.bn_prelu_1 = BNPReLU(32 + 3)
        self.downsample_1 = DownSamplingBlock(32 + 3, 64)
        self.DAB_Block_1 = nn.Sequential()
        for i in range(block_1):
            self.DAB_Block_1.add_module("DAB_Module_1_" + str(i), DABModule(64, 2))
        self.bn_prelu_2 = BNPReLU(128 + 3)
        self.downsample_2 = DownSamplingBlock(128 + 3, 128)
        self.DAB_Block_2 = nn.Sequential()
        for i, d in enumerate([4, 4, 8, 8, 16, 16][:block_2]):
            self.DAB_Block_2.add_module("DAB_Module_2_" + str(i), DABModule(128, d))
        self.bn_prelu_3 = BNPReLU(256 + 3)
        self.classifier = nn.Sequential(Conv(259, classes, 1, 1, 0))

    def forward(self, image):
        x = self.bn_prelu_1(torch.cat([self.init_conv(image), self.down_1(image)], 1))
        x0 = self.downsample_1(x)
        x = self.bn_prelu_2(torch.cat([self.DAB_Block_1(x0), x0, self.down_2(image)], 1))
        x0 = self.downsample_2(x)
        x = self.bn_prelu_3(torch.cat([self.DAB_Block_2(x0), x0, self.down_3(image)], 1))
        return F.interpolate(self.classifier(x), image.shape[2:], mode="bilinear", align_corners=False)


if __name__ == "__main__":
    classes, h, w = (int(v) for v in sys.argv[1:4]) if len(sys.argv) > 1 else (19, 512, 1024)
    netcount.report(DABNet(classes), (1, 3, h, w))
