"""BiSeNetV2 (Yu et al., "BiSeNet V2: Bilateral Network with Guided Aggregation for Real-time
Semantic Segmentation", IJCV 2021, arXiv:2004.02147) at inference, written after the module
structure of CoinCheung/BiSeNet lib/models/bisenetv2.py (the authors released no code) with
aux_mode='eval': detail branch, semantic branch, bilateral guided aggregation and the segment
head; the booster (auxiliary) heads are not built. Counted by netcount.

Usage: python3 bisenetv2.py [classes] [H] [W] [mmseg]  (defaults 19 512 1024: Cityscapes, and
the paper's inference size, the 2048x1024 image resized to 1024x512; a fourth argument `mmseg`
builds the aggregation layer as mmsegmentation's mmseg/models/backbones/bisenetv2.py does).
"""
import sys

import torch
import torch.nn.functional as F
from torch import nn

import netcount


def conv_bn(cin, cout, kernel, stride=1, groups=1, relu=True):
    layers = [nn.Conv2d(cin, cout, kernel, stride, kernel // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]
    return nn.Sequential(*(layers + [nn.ReLU(inplace=True)] if relu else layers))


class DetailBranch(nn.Module):
    def __init__(self):
        super().__init__()
        self.S1 = nn.Sequential(conv_bn(3, 64, 3, 2), conv_bn(64, 64, 3))
        self.S2 = nn.Sequential(conv_bn(64, 64, 3, 2), conv_bn(64, 64, 3), conv_bn(64, 64, 3))
        self.S3 = nn.Sequential(conv_bn(64, 128, 3, 2), conv_bn(128, 128, 3), conv_bn(128, 128, 3))

    def forward(self, x):
        return self.S3(self.S2(self.S1(x)))


class Stem(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = conv_bn(3, 16, 3, 2)
        self.left = nn.Sequential(conv_bn(16, 8, 1), conv_bn(8, 16, 3, 2))
        self.right = nn.MaxPool2d(3, 2, 1)
        self.fuse = conv_bn(32, 16, 3)

    def forward(self, x):
        x = self.conv(x)
        return self.fuse(torch.cat([self.left(x), self.right(x)], 1))


class ContextEmbedding(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.bn = nn.BatchNorm2d(c)
        self.conv_gap = conv_bn(c, c, 1)
        self.conv_last = conv_bn(c, c, 3)

    def forward(self, x):
        return self.conv_last(x + self.conv_gap(self.bn(x.mean(dim=(2, 3), keepdim=True))))


class GatherExpand(nn.Module):
    """Gather-and-expansion layer; at stride 2 with a second depthwise conv and a shortcut."""

    def __init__(self, cin, cout, stride, ratio=6):
        super().__init__()
        mid = cin * ratio
        self.conv1 = conv_bn(cin, cin, 3)
        if stride == 1:
            self.dw = conv_bn(cin, mid, 3, 1, groups=cin)
            self.shortcut = None
        else:
            self.dw = nn.Sequential(conv_bn(cin, mid, 3, 2, groups=cin, relu=False),
                                    conv_bn(mid, mid, 3, 1, groups=mid))
            self.shortcut = nn.Sequential(conv_bn(cin, cin, 3, 2, groups=cin, relu=False),
                                          conv_bn(cin, cout, 1, relu=False))
        self.conv2 = conv_bn(mid, cout, 1, relu=False)

    def forward(self, x):
        y = self.conv2(self.dw(self.conv1(x)))
        return F.relu(y + (x if self.shortcut is None else self.shortcut(x)))


class SemanticBranch(nn.Module):
    def __init__(self):
        super().__init__()
        self.S1S2 = Stem()
        self.S3 = nn.Sequential(GatherExpand(16, 32, 2), GatherExpand(32, 32, 1))
        self.S4 = nn.Sequential(GatherExpand(32, 64, 2), GatherExpand(64, 64, 1))
        self.S5_4 = nn.Sequential(GatherExpand(64, 128, 2), *[GatherExpand(128, 128, 1) for _ in range(3)])
        self.S5_5 = ContextEmbedding(128)

    def forward(self, x):
        return self.S5_5(self.S5_4(self.S4(self.S3(self.S1S2(x)))))


class GuidedAggregation(nn.Module):
    """CoinCheung: nearest x4 up-sampling, 1x1 convs without bias; mmseg: bilinear resizes to
    the detail size (align_corners false), 1x1 convs with bias."""

    def __init__(self, c=128, mmseg=False):
        super().__init__()
        self.left1 = nn.Sequential(conv_bn(c, c, 3, groups=c, relu=False), nn.Conv2d(c, c, 1, bias=mmseg))
        self.left2 = nn.Sequential(conv_bn(c, c, 3, 2, relu=False), nn.AvgPool2d(3, 2, 1))
        self.right1 = conv_bn(c, c, 3, relu=False)
        self.right2 = nn.Sequential(conv_bn(c, c, 3, groups=c, relu=False), nn.Conv2d(c, c, 1, bias=mmseg))
        self.conv = conv_bn(c, c, 3)
        self.mmseg = mmseg

    def up(self, x, like):
        if self.mmseg:
            return F.interpolate(x, size=like.shape[2:], mode="bilinear", align_corners=False)
        return F.interpolate(x, scale_factor=4.0)

    def forward(self, detail, semantic):
        left1 = self.left1(detail)
        left = left1 * torch.sigmoid(self.up(self.right1(semantic), left1))
        right = self.left2(detail) * torch.sigmoid(self.right2(semantic))
        return self.conv(left + self.up(right, left))


class SegmentHead(nn.Module):
    def __init__(self, cin, mid, classes, up_factor=8):
        super().__init__()
        self.conv = conv_bn(cin, mid, 3)
        self.drop = nn.Dropout(0.1)
        self.conv_out = nn.Conv2d(mid, classes, 1, bias=True)
        self.up_factor = up_factor

    def forward(self, x):
        y = self.conv_out(self.drop(self.conv(x)))
        return F.interpolate(y, scale_factor=float(self.up_factor), mode="bilinear", align_corners=False)


class BiSeNetV2(nn.Module):
    def __init__(self, classes, mmseg=False):
        super().__init__()
        self.detail = DetailBranch()
        self.segment = SemanticBranch()
        self.bga = GuidedAggregation(128, mmseg)
        self.head = SegmentHead(128, 1024, classes)

    def forward(self, x):
        return self.head(self.bga(self.detail(x), self.segment(x)))


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:4]]
    classes, h, w = args + [19, 512, 1024][len(args):]
    netcount.report(BiSeNetV2(classes, sys.argv[4:] == ["mmseg"]), (1, 3, h, w))
