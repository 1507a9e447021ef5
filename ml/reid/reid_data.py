"""Rendered re-id crops (gym.ml.identity-crops/1, footage/src/identities/) and the evaluation shared by train.py
and evaluate.py: the identity split, rank-1 / mAP across cameras, and the colour-stripes descriptor
(`appearance-stripes-v1`, web-perception/src/models/body.ts) reimplemented on the same crops."""
import hashlib, json, os
import numpy as np
from PIL import Image

FORMAT = 'gym.ml.identity-crops/1'


def is_held_out(pid):
    """The split: every fifth identity is held out (never trained on); the rest train."""
    return pid % 5 == 0


def load_sets(dirs, with_queries=False):
    """All crops of the given set folders: uint8 N×256×128×3, ids, camera (view) numbers, a data hash (and, with
    `with_queries`, which crops may query: the vtest set marks people it could not tell apart as gallery only)."""
    imgs, ids, cams, qs, h = [], [], [], [], hashlib.sha256()
    for d in dirs:
        lab = json.load(open(os.path.join(d, 'labels.json')))
        assert lab['format'] == FORMAT, f'{d}: not {FORMAT}'
        h.update(lab['generatorHash'].encode())
        for c in lab['crops']:
            im = Image.open(os.path.join(d, c['file'])).convert('RGB')
            assert im.size == (128, 256), f"{c['file']}: {im.size}"
            imgs.append(np.asarray(im))
            ids.append(c['id']); cams.append(c['view']); qs.append(c.get('query', True))
    out = np.stack(imgs), np.array(ids), np.array(cams), h.hexdigest()[:16]
    return (*out, np.array(qs)) if with_queries else out


def rank1_map(feats, ids, cams, queries=None):
    """Each crop (or each one `queries` marks) queries all others; gallery entries of the same id and same camera
    are left out (Market-1501 protocol), as are queries with no match left. Features are L2-normalised rows;
    similarity is the dot product. Returns rank-1, mAP and the number of queries."""
    sim = feats @ feats.T
    n = len(ids)
    r1, aps = [], []
    for q in range(n):
        if queries is not None and not queries[q]:
            continue
        keep = ~((ids == ids[q]) & (cams == cams[q]))
        s, match = sim[q, keep], (ids[keep] == ids[q])
        if not match.any():
            continue
        order = np.argsort(-s, kind='stable')
        m = match[order]
        r1.append(float(m[0]))
        hits = np.cumsum(m)
        aps.append(float((hits[m] / (np.nonzero(m)[0] + 1)).mean()))
    return float(np.mean(r1)), float(np.mean(aps)), len(r1)


STRIPES, HUE_BINS, SAT_BINS, GREY_BINS = 6, 8, 3, 4
PER = HUE_BINS * SAT_BINS + GREY_BINS
SW, SH = 32, 96


def stripe_descriptor(rgb):
    """appearance-stripes-v1 on one RGB uint8 crop of SW×SH (the TS `stripeDescriptor`, same bins and weights)."""
    h, w = rgb.shape[:2]
    px = rgb.astype(np.float64) / 255
    r, g, b = px[..., 0], px[..., 1], px[..., 2]
    mx, mn = px.max(-1), px.min(-1)
    c = mx - mn
    sat = np.where(mx > 0, c / np.where(mx > 0, mx, 1), 0)
    xs = np.arange(w) + 0.5 - w / 2
    sigma = w * 0.35
    weight = np.broadcast_to(np.exp(-(xs * xs) / (2 * sigma * sigma)), (h, w))
    stripe = np.minimum(STRIPES - 1, np.floor(np.arange(h) / h * STRIPES)).astype(int)[:, None].repeat(w, 1)
    grey = (sat < 0.2) | (mx < 0.15)
    cs = np.where(c > 0, c, 1)
    hue = np.where(mx == r, ((g - b) / cs + 6) % 6, np.where(mx == g, (b - r) / cs + 2, (r - g) / cs + 4))
    hb = np.minimum(HUE_BINS - 1, np.floor(hue / 6 * HUE_BINS)).astype(int)
    sb = np.minimum(SAT_BINS - 1, np.floor((sat - 0.2) / 0.8 * SAT_BINS)).astype(int)
    gb = np.minimum(GREY_BINS - 1, np.floor(mx * GREY_BINS)).astype(int)
    bins = stripe * PER + np.where(grey, HUE_BINS * SAT_BINS + gb, hb * SAT_BINS + sb)
    v = np.bincount(bins.ravel(), weights=weight.ravel(), minlength=STRIPES * PER)
    v = v.reshape(STRIPES, PER)
    v = np.sqrt(v / np.maximum(v.sum(1, keepdims=True), 1e-300))
    v = v.ravel()
    return (v / (np.linalg.norm(v) or 1)).astype(np.float32)


def stripes_features(imgs):
    """The descriptor of each 128×256 crop, resized to 32×96 as the worker resizes a person box."""
    return np.stack([stripe_descriptor(np.asarray(Image.fromarray(im).resize((SW, SH), Image.BILINEAR))) for im in imgs])
