#!/usr/bin/python3
"""Real pedestrians for re-id evaluation: person crops of opencv-doc's vtest.avi along the tracks `npx gym
analyse-video` wrote (gym.poses/1 per person, 5 fps; the set the exercise bench reads from ~/.cache/smart-gym/vtest-poses),
one crop a second, the box from the pose landmarks (grown to cover the head and feet). The tracker switches
people now and then, so the person of each crop comes from a by-eye check of the tracks (vtest-spans.json: per
track, ranges of its crops and who they show); `--sheet` writes the contact sheets that check was made on.

    ffmpeg -i /usr/share/doc/opencv-doc/examples/data/vtest.avi -vf fps=5 -start_number 0 FRAMES/f%04d.png
    /usr/bin/python3 ml/reid/vtest_tracks.py FRAMES POSES_DIR OUT_DIR [--sheet]   # from the tracks, writes vtest-people.json
    /usr/bin/python3 ml/reid/vtest_tracks.py FRAMES --people OUT_DIR               # from the committed vtest-people.json

The boxes and labels are committed (vtest-people.json), so the set does not depend on a tracker run's numbering.

Writes OUT_DIR/crops/*.jpg and OUT_DIR/labels.json (gym.ml.identity-crops/1 plus `person`, `track`, `segment`,
`query`: id = person number, view = segment number, so a query is matched against the person's other tracks).
"""
import argparse, glob, hashlib, json, os
import numpy as np
from PIL import Image

SPANS = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'vtest-spans.json')))

p = argparse.ArgumentParser()
p.add_argument('frames'); p.add_argument('poses', nargs='?'); p.add_argument('out')
p.add_argument('--sheet', action='store_true'); p.add_argument('--people', action='store_true')
a = p.parse_args()
PEOPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'vtest-people.json')
if a.poses and not a.people:
    os.makedirs(os.path.join(a.out, 'crops'), exist_ok=True)
crops, people, segments_ids = [], {}, {}
W, H = 768, 576
if a.people:
    a.out = a.out or a.poses
    os.makedirs(os.path.join(a.out, 'crops'), exist_ok=True)
    for c in json.load(open(PEOPLE))['crops']:
        im = Image.open(os.path.join(a.frames, f"f{c['frame']:04d}.png")).convert('RGB').crop(tuple(c['box'])).resize((128, 256), Image.BILINEAR)
        im.save(os.path.join(a.out, c['file']), quality=92)
        people.setdefault(c['person'], c['id'])
        crops.append(c)
for f in [] if a.people else sorted(glob.glob(os.path.join(a.poses, 'vtest.person*.poses.jsonl')), key=lambda s: int(s.split('person')[1].split('.')[0])):
    lines = [json.loads(l) for l in open(f) if l.strip()]
    head, frames = lines[0], lines[1:]
    pid = int(head['person'])
    spans = SPANS.get(str(pid))
    if spans is None and not a.sheet:
        continue
    last = -10.0
    sheet = []
    for fr in frames:
        t = head['startS'] + fr['t'] / 1000
        if t - last < 1.0:
            continue
        if not fr.get('kp'):
            continue
        kp = np.array(fr['kp'])
        vis = kp[:, 3] > 0.5
        if vis.sum() < 10:
            continue
        xs, ys = kp[vis, 0] * W, kp[vis, 1] * H
        x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
        bw, bh = x1 - x0, y1 - y0
        y0 -= 0.12 * bh; y1 += 0.05 * bh; x0 -= 0.15 * bw; x1 += 0.15 * bw
        if y1 - y0 < 50:
            continue
        idx = int(round(t * 5))
        path = os.path.join(a.frames, f'f{idx:04d}.png')
        if not os.path.exists(path):
            continue
        k = len(sheet)
        sheet.append(None)
        last = t
        seg = next((j for j, (i0, i1, _) in enumerate(spans or []) if i0 <= k <= i1), None)
        box = [int(max(0, x0)), int(max(0, y0)), int(min(W, x1)), int(min(H, y1))]
        im = Image.open(path).convert('RGB').crop(tuple(box)).resize((128, 256), Image.BILINEAR)
        sheet[k] = im
        if seg is None:
            continue
        person = spans[seg][2]
        name = f'crops/p{pid:02d}_{idx:04d}.jpg'
        im.save(os.path.join(a.out, name), quality=92)
        if person not in people:
            people[person] = len(people)
        crops.append({'file': name, 'id': people[person], 'view': segments_ids.setdefault((pid, seg), len(segments_ids)),
                      'pose': 'walking', 'azimuthDeg': 0, 'distanceM': 1, 'boxHeightPx': int(y1 - y0),
                      'person': person, 'track': pid, 'segment': seg, 't': round(t, 1), 'query': not person.startswith('?'),
                      'frame': idx, 'box': box})
    if a.sheet and sheet:
        s = Image.new('RGB', (64 * min(len(sheet), 20), 128 * ((len(sheet) + 19) // 20)))
        for i, im in enumerate(sheet):
            s.paste(im.resize((64, 128)), ((i % 20) * 64, (i // 20) * 128))
        s.save(os.path.join(a.out, f'sheet-p{pid:02d}.png'))
if not a.people:
    json.dump({'about': 'vtest.avi at 5 fps (frame = index): person boxes [x0, y0, x1, y1] px and who they show (vtest-spans.json)',
               'crops': crops}, open(PEOPLE, 'w'), indent=0)
json.dump({'format': 'gym.ml.identity-crops/1', 'seed': 0, 'count': len(people), 'views': 1, 'width': 128, 'height': 256,
           'generatorHash': 'vtest-' + hashlib.sha256(json.dumps(SPANS).encode()).hexdigest()[:12], 'crops': crops}, open(os.path.join(a.out, 'labels.json'), 'w'))
print(f'{len(crops)} crops of {len(people)} people in {len({c["view"] for c in crops})} track segments → {a.out}')
