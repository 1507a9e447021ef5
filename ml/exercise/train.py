#!/usr/bin/python3
"""Trains the exercise-recognition TCN on the windows from make-dataset.ts and exports it to ONNX.

    nice -n 10 /usr/bin/python3 ml/exercise/train.py DATA_DIR OUT_DIR [--epochs 20] [--seed 7]

Seeded and single-threaded by default (reproducible on the same machine). Writes OUT_DIR/exercise-tcn.onnx (and its weights as JSON for tcn-forward.ts, export-weights.py), the
manifest (data hash and split, code commit, hyper-parameters, metrics on validation and the held-out test split)
and fixture.json (fixed inputs with PyTorch's outputs, which the TypeScript test compares onnxruntime against).
The test split is only evaluated once, after training; model selection uses the validation split.
"""
import argparse, json, os, subprocess, sys, time
import numpy as np
import torch
import torch.nn as nn

p = argparse.ArgumentParser()
p.add_argument('data'); p.add_argument('out')
p.add_argument('--epochs', type=int, default=20); p.add_argument('--seed', type=int, default=7)
p.add_argument('--threads', type=int, default=1); p.add_argument('--width', type=int, default=64)
a = p.parse_args()
torch.manual_seed(a.seed); np.random.seed(a.seed); torch.set_num_threads(a.threads)
meta = json.load(open(os.path.join(a.data, 'meta.json')))
C, T, K = meta['channels'], meta['steps'], len(meta['classes'])

def load(name):
    x = np.fromfile(os.path.join(a.data, f'{name}.bin'), dtype='<f4').reshape(-1, C, T)
    y = np.array(json.load(open(os.path.join(a.data, f'{name}.labels.json'))), dtype=np.int64)
    return torch.from_numpy(x.copy()), torch.from_numpy(y)

class Block(nn.Module):
    def __init__(self, w, d):
        super().__init__()
        self.net = nn.Sequential(nn.Conv1d(w, w, 3, padding=d, dilation=d), nn.BatchNorm1d(w), nn.ReLU(),
                                 nn.Conv1d(w, w, 3, padding=d, dilation=d), nn.BatchNorm1d(w))
        self.act = nn.ReLU()
    def forward(self, x):
        return self.act(x + self.net(x))

class TCN(nn.Module):
    """Temporal convolutions over skeleton windows: a stem, three dilated residual blocks, mean over time."""
    def __init__(self, c, k, w):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv1d(c, w, 5, padding=2), nn.BatchNorm1d(w), nn.ReLU())
        self.blocks = nn.Sequential(Block(w, 1), Block(w, 2), Block(w, 4))
        self.head = nn.Linear(w, k)
    def forward(self, x):
        return self.head(self.blocks(self.stem(x)).mean(dim=2))

def augment(x):
    # Mirror left/right (swap x sign), scale (x and y apart, as a different image aspect or box normalisation
    # would), shift, landmark noise, whole-step dropouts, and visibility rescaled per landmark (a pose model's
    # visibility scores spread far wider than the generator's 0.8-1: the network must not lean on them).
    x = x.clone()
    n = x.shape[0]
    flip = torch.rand(n) < 0.5
    xs = x.view(n, C // 3, 3, T)
    xs[flip, :, 0, :] *= -1
    xs[:, :, :2, :] *= (0.9 + 0.2 * torch.rand(n, 1, 1, 1)) * (0.88 + 0.24 * torch.rand(n, 1, 2, 1))
    xs[:, :, :2, :] += 0.1 * torch.randn(n, 1, 2, 1)
    xs[:, :, :2, :] += 0.03 * torch.randn_like(xs[:, :, :2, :])
    vis = torch.rand(n) < 0.5
    xs[vis, :, 2, :] *= 0.3 + 0.7 * torch.rand(int(vis.sum()), C // 3, 1)
    drop = (torch.rand(n, 1, 1, T) < 0.08).float()
    xs *= (1 - drop)
    return xs.view(n, C, T)

def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        pred = torch.cat([model(x[i:i + 512]).argmax(1) for i in range(0, len(x), 512)])
    return float((pred == y).float().mean()), pred

xtr, ytr = load('train'); xva, yva = load('val'); xte, yte = load('test')
model = TCN(C, K, a.width)
opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-3)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, a.epochs)
# `none` is about 40 % of the windows: classes weighted by 1/sqrt(frequency) so the exercises are not drowned.
freq = torch.bincount(ytr, minlength=K).float().clamp(min=1)
lossf = nn.CrossEntropyLoss(weight=(freq.mean() / freq).sqrt(), label_smoothing=0.05)
best, best_state, t0 = -1.0, None, time.time()
for ep in range(a.epochs):
    model.train()
    perm = torch.randperm(len(xtr))
    for i in range(0, len(perm), 128):
        idx = perm[i:i + 128]
        opt.zero_grad()
        loss = lossf(model(augment(xtr[idx])), ytr[idx])
        loss.backward(); opt.step()
    sched.step()
    acc, _ = accuracy(model, xva, yva)
    if acc > best:
        best, best_state = acc, {k: v.clone() for k, v in model.state_dict().items()}
    print(f'epoch {ep + 1}/{a.epochs}: loss {loss.item():.3f}, val acc {acc:.3f} ({time.time() - t0:.0f} s)', flush=True)
model.load_state_dict(best_state)
test_acc, pred = accuracy(model, xte, yte)
per_class = {c: (float((pred[yte == i] == i).float().mean()) if int((yte == i).sum()) else None) for i, c in enumerate(meta['classes'])}
confusion = [[int(((yte == i) & (pred == j)).sum()) for j in range(K)] for i in range(K)]
print(f'best val acc {best:.3f}; held-out test acc {test_acc:.3f}')

os.makedirs(a.out, exist_ok=True)
model.eval()
onnx_path = os.path.join(a.out, 'exercise-tcn.onnx')
torch.onnx.export(model, torch.zeros(1, C, T), onnx_path, input_names=['windows'], output_names=['logits'],
                  dynamic_axes={'windows': {0: 'n'}, 'logits': {0: 'n'}}, opset_version=13)
g = torch.Generator().manual_seed(123)
fx = torch.cat([xte[:3], torch.randn(1, C, T, generator=g)])
with torch.no_grad():
    fy = model(fx)
json.dump({'input_shape': list(fx.shape), 'input': fx.flatten().tolist(), 'logits': fy.tolist()}, open(os.path.join(a.out, 'fixture.json'), 'w'))
try:
    commit = subprocess.check_output(['git', 'rev-parse', 'HEAD'], text=True).strip()
except Exception:
    commit = 'unknown'
manifest = {
    'model': 'exercise-tcn', 'version': 2, 'file': 'exercise-tcn.onnx', 'bytes': os.path.getsize(onnx_path),
    'params': sum(p.numel() for p in model.parameters()),
    'input': {'name': 'windows', 'shape': ['n', C, T], 'description': 'windows.ts: 33 landmarks x (x, y, visibility), 32 steps of 100 ms'},
    'output': {'name': 'logits', 'classes': meta['classes']},
    'data': {'format': meta['format'], 'sha256': meta['sha256'], 'splits': meta['splits'], 'source': 'ml/exercise/make-dataset.ts (the project\'s own skeleton generators: @gym/exercise/testing generator.ts and walkers.ts)',
             'none': meta.get('none'),
             'not_trained_on': 'rendered footage (footage/, ~/.cache/smart-gym/footage/analysed) and real recordings are evaluation data only: never trained or tuned on (bench/exercise-naming.bench.ts)'},
    'training': {'epochs': a.epochs, 'seed': a.seed, 'threads': a.threads, 'width': a.width, 'seconds': round(time.time() - t0), 'torch': torch.__version__},
    'code_commit': commit,
    'metrics': {'val_accuracy': round(best, 4), 'test_accuracy': round(test_acc, 4), 'test_per_class': per_class, 'test_confusion': confusion},
    'licence': 'trained by this project on data it generates; same licence as the repository',
}
json.dump(manifest, open(os.path.join(a.out, 'manifest.json'), 'w'), indent=2)
print(f'wrote {onnx_path} ({manifest["bytes"]} bytes, {manifest["params"]} parameters)')
# The same weights for the engine's synchronous TypeScript forward pass (tcn-forward.ts).
subprocess.check_call([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'export-weights.py'), a.out])
