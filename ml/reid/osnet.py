"""An OSNet-style network (Zhou et al., "Omni-Scale Feature Learning for Person Re-Identification", 2019) at the
x0_25 widths: omni-scale residual blocks of 1..4 stacked depthwise-separable 3×3 convolutions, mixed by a shared
channel gate. Instance normalisation in the stem (as OSNet-IBN/AIN) for invariance to a camera's colour and light.
Input N×3×256×128 (ImageNet mean/std), averaged `down`×`down` first (default 4: the network works at 64×32; on
2 shared CPU cores the full-resolution network trains 3.7× slower than at 128×64 and that one 4× slower than at
64×32, and most person boxes in a gym camera are small anyway); output N×512, L2-normalised (cosine similarity = dot product). The head is a "BNNeck"
(Luo et al., "Bag of Tricks and a Strong Baseline for Deep Person Re-Identification", 2019): the triplet loss sees
the linear embedding, the identity classifier (cosine, train.py) and retrieval see it after a batch norm."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvBn(nn.Sequential):
    def __init__(self, cin, cout, k=1, s=1, p=0, groups=1, act=True, inorm=False):
        layers = [nn.Conv2d(cin, cout, k, s, p, groups=groups, bias=False),
                  nn.InstanceNorm2d(cout, affine=True) if inorm else nn.BatchNorm2d(cout)]
        if act:
            layers.append(nn.ReLU(inplace=True))
        super().__init__(*layers)


class LightConv(nn.Sequential):
    """1×1 (linear) then depthwise 3×3, batch norm, ReLU."""
    def __init__(self, cin, cout):
        super().__init__(nn.Conv2d(cin, cout, 1, bias=False), nn.Conv2d(cout, cout, 3, 1, 1, groups=cout, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class Gate(nn.Module):
    def __init__(self, c, r=4):
        super().__init__()
        self.fc1 = nn.Conv2d(c, max(c // r, 4), 1)
        self.fc2 = nn.Conv2d(max(c // r, 4), c, 1)

    def forward(self, x):
        g = x.mean((2, 3), keepdim=True)
        return x * torch.sigmoid(self.fc2(F.relu(self.fc1(g))))


class OSBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        mid = cout // 4
        self.reduce = ConvBn(cin, mid)
        self.streams = nn.ModuleList([nn.Sequential(*[LightConv(mid, mid) for _ in range(t)]) for t in range(1, 5)])
        self.gate = Gate(mid)
        self.expand = ConvBn(mid, cout, act=False)
        self.down = ConvBn(cin, cout, act=False) if cin != cout else None

    def forward(self, x):
        y = self.reduce(x)
        y = sum(self.gate(s(y)) for s in self.streams)
        y = self.expand(y)
        return F.relu(y + (self.down(x) if self.down is not None else x))


class OSNet(nn.Module):
    def __init__(self, num_ids, widths=(16, 64, 96, 128), dim=512, down=4):
        super().__init__()
        self.down = down
        c0, c1, c2, c3 = widths
        self.stem = nn.Sequential(ConvBn(3, c0, 7, 2, 3), nn.MaxPool2d(3, 2, 1))
        self.stage2 = nn.Sequential(OSBlock(c0, c1), OSBlock(c1, c1), ConvBn(c1, c1), nn.AvgPool2d(2, 2))
        self.stage3 = nn.Sequential(OSBlock(c1, c2), OSBlock(c2, c2), ConvBn(c2, c2), nn.AvgPool2d(2, 2))
        self.stage4 = nn.Sequential(OSBlock(c2, c3), OSBlock(c3, c3), ConvBn(c3, c3))
        self.fc = nn.Linear(c3, dim)
        self.neck = nn.BatchNorm1d(dim)
        self.classifier = CosineClassifier(dim, num_ids)

    def features(self, x):
        """Embedding (before the neck and normalisation) of an input already averaged `down`×`down`."""
        x = self.stage4(self.stage3(self.stage2(self.stem(x))))
        return self.fc(x.mean((2, 3)))

    def forward(self, x):
        """A 256×128 input: the L2-normalised embedding after the neck (training uses `features` directly)."""
        return F.normalize(self.neck(self.features(F.avg_pool2d(x, self.down))), dim=1)


class CosineClassifier(nn.Module):
    """Identity logits as scaled cosines between the (neck) embedding and one learnt direction per identity
    (NormFace): the same geometry as retrieval, and a loss that moves from the first steps."""
    def __init__(self, dim, num_ids, scale=16.0):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(num_ids, dim) * 0.01)
        self.scale = scale

    def forward(self, f):
        return self.scale * F.normalize(f, dim=1) @ F.normalize(self.weight, dim=1).t()
