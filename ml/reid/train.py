#!/usr/bin/python3
"""Trains the OSNet-style body re-id network on rendered identities and exports it to ONNX.

    /usr/bin/python3 ml/reid/train.py OUT_DIR DATA_DIR... [--steps 600] [--max-minutes 30] [--seed 7] [--threads 2]

DATA_DIRs are sets from `footage/src/identities/cli.ts` (gym.ml.identity-crops/1). Identities with id % 5 == 0
are held out: never trained on, evaluated once at the end (rank-1 and mAP across cameras) for this network and
for the colour-stripes descriptor on the same crops. Loss: identity (cosine softmax, scale 16, label smoothing
0.1, on the batch-normed "neck" embedding) + batch-hard triplet (margin 0.3, on the embedding before the neck) over
P×K batches (16 identities × 4 views). Learning rate: linear warm-up over --warmup steps, then cosine decay to
1/100 at --steps. --max-minutes stops training early (the manifest records the steps done) so the evaluation and
export always run in time. Train loss and accuracy are printed every 20 steps. Seeded. Writes
OUT_DIR/reid-rendered-v1.onnx, manifest.json (data hash and split, code commit, hyper-parameters, metrics) and
fixture.json (fixed inputs with PyTorch's outputs, for the TypeScript test against onnxruntime).
"""
import argparse, base64, json, os, subprocess, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from osnet import OSNet  # noqa: E402
from reid_data import is_held_out, load_sets, rank1_map, stripes_features, stripe_descriptor, SW, SH  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument('out'); p.add_argument('data', nargs='+')
p.add_argument('--steps', type=int, default=600, help='training steps (the learning-rate schedule spans them)')
p.add_argument('--max-minutes', type=float, default=30, help='stop training after this long (from the start, loading included)')
p.add_argument('--warmup', type=int, default=20); p.add_argument('--seed', type=int, default=7)
p.add_argument('--threads', type=int, default=2); p.add_argument('--lr', type=float, default=2e-3)
p.add_argument('--down', type=int, default=4, choices=[1, 2, 4], help='the network averages its 256×128 input down×down first')
p.add_argument('--ids-per-batch', type=int, default=16); p.add_argument('--views-per-id', type=int, default=4)
p.add_argument('--real', help='a set of real people to evaluate on as well (vtest_tracks.py output)')
a = p.parse_args()
for name in ('steps', 'ids_per_batch', 'views_per_id'):
    if getattr(a, name) < (2 if name != 'steps' else 1):
        p.error(f'--{name.replace("_", "-")} must be ≥ {2 if name != "steps" else 1} (got {getattr(a, name)})')
if a.warmup < 0 or a.warmup >= a.steps:
    p.error(f'--warmup must be in [0, --steps) (got {a.warmup})')
if not a.max_minutes > 0:
    p.error(f'--max-minutes must be > 0 (got {a.max_minutes})')
if not a.lr > 0:
    p.error(f'--lr must be > 0 (got {a.lr})')
torch.manual_seed(a.seed); np.random.seed(a.seed); torch.set_num_threads(a.threads)
t0 = time.time()

imgs, ids, cams, data_hash = load_sets(a.data)
held = np.array([is_held_out(int(i)) for i in ids])
tr_idx, te_idx = np.nonzero(~held)[0], np.nonzero(held)[0]
train_ids = sorted(set(ids[tr_idx].tolist()))
label_of = {pid: k for k, pid in enumerate(train_ids)}
print(f'{len(imgs)} crops of {len(set(ids.tolist()))} identities; train {len(train_ids)} ids / {len(tr_idx)} crops, '
      f'held out {len(set(ids[te_idx].tolist()))} ids / {len(te_idx)} crops ({time.time() - t0:.0f} s to load)', flush=True)

X = torch.from_numpy(imgs).permute(0, 3, 1, 2).contiguous()  # uint8 N×3×256×128
# Training works on the reduced crops the network's first layer (a down×down average) makes of them.
XS = F.avg_pool2d(X.float(), a.down).round().to(torch.uint8)
H, W = 256 // a.down, 128 // a.down
MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


def normalise(x_uint8):
    return (x_uint8.float() / 255 - MEAN) / STD


def augment(xb, g):
    """Reduced (H×W) crops: flip, shift/scale, colour (brightness, contrast, saturation, channel gains,
    grey), random erasing."""
    n = xb.shape[0]
    x = xb.float() / 255
    flip = torch.rand(n, generator=g) < 0.5
    x[flip] = x[flip].flip(3)
    # One scale per batch (a per-sample resize costs more than the network's forward pass here), then a
    # per-sample shift of up to 1/32 of the height.
    sc = 1 + 0.15 * (torch.rand(1, generator=g).item() - 0.3)
    x = F.interpolate(x, size=(int(H * sc), int(W * sc)), mode='bilinear', align_corners=False)
    sh = max(1, H // 32)
    x = F.pad(x, (sh, sh, sh, sh), mode='replicate')
    out = torch.empty(n, 3, H, W)
    for i in range(n):
        oy = int(torch.randint(0, x.shape[2] - H + 1, (1,), generator=g)); ox = int(torch.randint(0, x.shape[3] - W + 1, (1,), generator=g))
        out[i] = x[i, :, oy:oy + H, ox:ox + W]
    x = out
    r = lambda lo, hi, *shape: lo + (hi - lo) * torch.rand(n, *shape, generator=g)
    x = x * r(0.7, 1.3, 1, 1, 1)
    m = x.mean((1, 2, 3), keepdim=True); x = (x - m) * r(0.7, 1.3, 1, 1, 1) + m
    grey = x.mean(1, keepdim=True); x = (x - grey) * r(0.6, 1.4, 1, 1, 1) + grey
    x = x * r(0.88, 1.12, 3, 1, 1)
    gmask = torch.rand(n, generator=g) < 0.05
    x[gmask] = x[gmask].mean(1, keepdim=True).expand(-1, 3, -1, -1)
    x = x.clamp(0, 1)
    for i in range(n):
        if torch.rand(1, generator=g).item() < 0.5:
            eh, ew = int(torch.randint(15 * H // 128, 55 * H // 128, (1,), generator=g)), int(torch.randint(10 * W // 64, 30 * W // 64, (1,), generator=g))
            ey, ex = int(torch.randint(0, H - eh, (1,), generator=g)), int(torch.randint(0, W - ew, (1,), generator=g))
            x[i, :, ey:ey + eh, ex:ex + ew] = torch.rand(3, 1, 1, generator=g)
    return (x - MEAN) / STD


def batch_hard_triplet(f, y, margin=0.3):
    f = F.normalize(f, dim=1)
    d = torch.cdist(f, f)
    same = y[:, None] == y[None, :]
    pos = (d * same.float()).max(1).values
    neg = (d + 1e3 * same.float()).min(1).values
    return F.relu(pos - neg + margin).mean()


by_id = {}
for i in tr_idx:
    by_id.setdefault(int(ids[i]), []).append(int(i))
model = OSNet(len(train_ids), down=a.down)
params = sum(p.numel() for n_, p in model.named_parameters() if not n_.startswith('classifier'))
print(f'OSNet-style x0_25: {params} parameters (without the identity classifier)', flush=True)
opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=5e-4)


def lr_at(step):
    """Linear warm-up over a.warmup steps, then cosine decay from a.lr to a.lr / 100 at a.steps."""
    if step < a.warmup:
        return a.lr * (step + 1) / a.warmup
    t = (step - a.warmup) / max(1, a.steps - a.warmup)
    return a.lr * (0.01 + 0.99 * 0.5 * (1 + np.cos(np.pi * t)))


g = torch.Generator().manual_seed(a.seed)
K, P = a.views_per_id, min(a.ids_per_batch, len(train_ids))
chance_id_loss = float(np.log(len(train_ids)))
print(f'{a.steps} steps of {P} ids x {K} views (an epoch of identities every {len(train_ids) // P} steps); '
      f'chance identity loss {chance_id_loss:.2f}', flush=True)
model.train()
order, pos, step = [], 0, 0
tl = tt = acc = 0.0; nl = 0
log = []
stopped_early = False
while step < a.steps:
    if time.time() - t0 > a.max_minutes * 60:
        stopped_early = True
        print(f'stopping at step {step}/{a.steps}: --max-minutes {a.max_minutes} reached', flush=True)
        break
    if pos + P > len(order):
        order, pos = torch.randperm(len(train_ids), generator=g).tolist(), 0
    pids = [train_ids[k] for k in order[pos:pos + P]]; pos += P
    idx, lab = [], []
    for pid in pids:
        views = by_id[pid]
        pick = torch.randperm(len(views), generator=g)[:K].tolist()
        while len(pick) < K:
            pick.append(pick[len(pick) % len(views)])
        idx += [views[j] for j in pick]; lab += [label_of[pid]] * K
    y = torch.tensor(lab)
    for grp in opt.param_groups:
        grp['lr'] = lr_at(step)
    f = model.features(augment(XS[idx], g))
    logits = model.classifier(model.neck(f))
    l_id = F.cross_entropy(logits, y, label_smoothing=0.1)
    l_tri = batch_hard_triplet(f, y)
    opt.zero_grad(); (l_id + l_tri).backward(); opt.step()
    step += 1
    tl += l_id.item(); tt += l_tri.item(); acc += (logits.argmax(1) == y).float().mean().item(); nl += 1
    if step % 20 == 0 or step == a.steps:
        log.append({'step': step, 'id_loss': round(tl / nl, 3), 'triplet': round(tt / nl, 3), 'train_acc': round(acc / nl, 3),
                    'seconds': round(time.time() - t0)})
        print(f'step {step}/{a.steps}: id loss {tl / nl:.3f} (chance {chance_id_loss:.2f}), triplet {tt / nl:.3f}, '
              f'train acc {acc / nl:.3f}, lr {lr_at(step - 1):.2e} ({time.time() - t0:.0f} s)', flush=True)
        tl = tt = acc = 0.0; nl = 0
train_seconds = round(time.time() - t0)

model.eval()


def embed(idx):
    out = []
    with torch.no_grad():
        for k in range(0, len(idx), 128):
            out.append(model(normalise(X[idx[k:k + 128]])))
    return torch.cat(out).numpy()


fte = embed(te_idx)
r1, mAP, nq = rank1_map(fte, ids[te_idx], cams[te_idx])
sfe = stripes_features(imgs[te_idx])
sr1, smAP, _ = rank1_map(sfe, ids[te_idx], cams[te_idx])
n_te_ids = len(set(ids[te_idx].tolist()))
print(f'held-out rendered ids ({n_te_ids} ids, {nq} queries, chance rank-1 ≈ {(len(te_idx) / n_te_ids - 1) / max(1, len(te_idx) - 1):.4f}): '
      f'network rank-1 {r1:.3f} mAP {mAP:.3f}; colour stripes rank-1 {sr1:.3f} mAP {smAP:.3f}', flush=True)

real = None
if a.real:
    rimgs, rids, rcams, rhash, rq = load_sets([a.real], with_queries=True)
    Xr = torch.from_numpy(rimgs).permute(0, 3, 1, 2).contiguous()
    with torch.no_grad():
        fr = torch.cat([model(normalise(Xr[k:k + 128])) for k in range(0, len(Xr), 128)]).numpy()
    rr1, rmAP, rnq = rank1_map(fr, rids, rcams, rq)
    qr1, qmAP, _ = rank1_map(stripes_features(rimgs), rids, rcams, rq)
    qpeople = len(set(rids[rq].tolist()))
    real = {'set': os.path.basename(os.path.normpath(a.real)), 'hash': rhash, 'crops': int(len(rids)), 'queries': rnq,
            'network': {'rank1': round(rr1, 4), 'mAP': round(rmAP, 4)}, 'appearance_stripes_v1': {'rank1': round(qr1, 4), 'mAP': round(qmAP, 4)}}
    print(f'real pedestrians ({a.real}: {len(rids)} crops, {rnq} queries of {qpeople} people across tracks): '
          f'network rank-1 {rr1:.3f} mAP {rmAP:.3f}; colour stripes rank-1 {qr1:.3f} mAP {qmAP:.3f}', flush=True)

os.makedirs(a.out, exist_ok=True)
onnx_path = os.path.join(a.out, 'reid-rendered-v1.onnx')
torch.onnx.export(model, torch.zeros(1, 3, 256, 128), onnx_path, input_names=['input'], output_names=['embedding'],
                  dynamic_axes={'input': {0: 'n'}, 'embedding': {0: 'n'}}, opset_version=13)

# Fixture: one held-out crop (raw RGB, packed as the worker packs it) + two formula inputs, and PyTorch's outputs.
crop = imgs[te_idx[0]]
gi = torch.arange(3 * 256 * 128, dtype=torch.float32)
formula = torch.stack([torch.sin(gi * 0.001 * (k + 1)) * 2 for k in range(2)]).view(2, 3, 256, 128)
fx = torch.cat([normalise(torch.from_numpy(crop).permute(2, 0, 1)[None]), formula])
with torch.no_grad():
    fy = model(fx)
small = np.asarray(Image.fromarray(crop).resize((SW, SH), Image.BILINEAR))
json.dump({
    'crop_rgb_base64': base64.b64encode(crop.tobytes()).decode(), 'crop_shape': list(crop.shape),
    'formula': 'input[k][i] = 2 sin(0.001 (k + 1) i), i over the flat 3×256×128 tensor, k = 0, 1',
    'embeddings': [[round(v, 6) for v in row] for row in fy.tolist()],
    'stripes_rgb_base64': base64.b64encode(small.tobytes()).decode(), 'stripes_shape': list(small.shape),
    'stripes': [round(float(v), 6) for v in stripe_descriptor(small)],
}, open(os.path.join(a.out, 'fixture.json'), 'w'))
try:
    commit = subprocess.check_output(['git', 'rev-parse', 'HEAD'], text=True).strip()
except Exception:
    commit = 'unknown'
manifest = {
    'model': 'reid-rendered-v1', 'file': 'reid-rendered-v1.onnx', 'bytes': os.path.getsize(onnx_path), 'params': params,
    'input': {'name': 'input', 'shape': ['n', 3, 256, 128], 'description': f'person box stretched to 128x256, RGB, ImageNet mean/std (averaged {a.down}x{a.down} inside the network)'},
    'output': {'name': 'embedding', 'shape': ['n', 512], 'description': 'L2-normalised; cosine similarity = dot product'},
    'data': {'format': 'gym.ml.identity-crops/1', 'hash': data_hash, 'sets': [os.path.basename(os.path.normpath(d)) for d in a.data],
             'source': 'footage/src/identities/cli.ts (the project\'s own renderer)',
             'split': {'rule': 'held out: id % 5 == 0', 'train': {'ids': len(train_ids), 'crops': int(len(tr_idx))},
                       'held_out': {'ids': n_te_ids, 'crops': int(len(te_idx))}}},
    'training': {'steps': a.steps, 'steps_done': step, 'stopped_early': stopped_early, 'max_minutes': a.max_minutes,
                 'warmup': a.warmup, 'down': a.down, 'seed': a.seed, 'threads': a.threads, 'lr': a.lr, 'schedule': 'linear warm-up, cosine to lr/100',
                 'batch': f'{P} ids x {K} views',
                 'loss': 'cosine softmax (scale 16, label smoothing 0.1) on the BN neck + batch-hard triplet (margin 0.3) before it',
                 'seconds_training': train_seconds, 'seconds': round(time.time() - t0), 'torch': torch.__version__,
                 'log': log},
    'code_commit': commit,
    'metrics': {'held_out_rendered': {'queries': nq, 'network': {'rank1': round(r1, 4), 'mAP': round(mAP, 4)},
                                      'appearance_stripes_v1': {'rank1': round(sr1, 4), 'mAP': round(smAP, 4)}},
                'real_vtest': real},
    'licence': 'trained by this project on data it renders; same licence as the repository',
}
json.dump(manifest, open(os.path.join(a.out, 'manifest.json'), 'w'), indent=2)
print(f'wrote {onnx_path} ({manifest["bytes"]} bytes)')
