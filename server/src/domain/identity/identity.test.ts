import { describe, expect, it } from 'vitest';
import { clusterTracklets, decideIdentity, matchFace, Topology, type KnownPerson } from './index.ts';

const topo = new Topology([
  { from: 'a', to: 'b', minTransitS: 0, maxTransitS: 30, overlap: true },
  { from: 'b', to: 'c', minTransitS: 5, maxTransitS: 40, overlap: false },
]);
const unit = (...xs: number[]) => {
  const n = Math.hypot(...xs);
  return xs.map((x) => x / n);
};
const walk = (t0: number, x: number, y: number, n = 4, dx = 0) => Array.from({ length: n }, (_, i) => ({ t: t0 + i * 200, x: x + i * dx, y }));

describe('open-set face matching', () => {
  const opts = { threshold: 0.6, margin: 0.05 };
  it('names the member only above the threshold and with a clear margin', () => {
    expect(matchFace([{ memberId: 'm1', similarity: 0.82 }, { memberId: 'm2', similarity: 0.4 }], opts)).toMatchObject({ kind: 'member', memberId: 'm1' });
    expect(matchFace([{ memberId: 'm1', similarity: 0.55 }], opts)).toEqual({ kind: 'unknown', reason: 'below-threshold', best: 0.55 });
    expect(matchFace([{ memberId: 'm1', similarity: 0.8 }, { memberId: 'm2', similarity: 0.78 }], opts)).toMatchObject({ kind: 'unknown', reason: 'ambiguous' });
    expect(matchFace([], opts)).toMatchObject({ kind: 'unknown', reason: 'no-candidates' });
  });
  it('takes the best of several photos per member, so two photos of one member are not "ambiguous"', () => {
    expect(matchFace([{ memberId: 'm1', similarity: 0.8 }, { memberId: 'm1', similarity: 0.79 }], opts)).toMatchObject({ kind: 'member', memberId: 'm1' });
  });
});

describe('topology constraints', () => {
  it('forbids being in two non-overlapping views at once, allows overlapping views', () => {
    expect(topo.conflict({ cameraId: 'b', startMs: 0, endMs: 10_000 }, { cameraId: 'c', startMs: 5_000, endMs: 8_000 })).toBe(true);
    expect(topo.conflict({ cameraId: 'a', startMs: 0, endMs: 10_000 }, { cameraId: 'b', startMs: 5_000, endMs: 8_000 })).toBe(false);
    expect(topo.conflict({ cameraId: 'a', startMs: 0, endMs: 10_000 }, { cameraId: 'a', startMs: 5_000, endMs: 8_000 })).toBe(true);
  });
  it('checks transit windows both ways along links only', () => {
    expect(topo.transitPlausible({ cameraId: 'c', startMs: 0, endMs: 1000 }, { cameraId: 'b', startMs: 11_000, endMs: 12_000 })).toBe(true);
    expect(topo.transitPlausible({ cameraId: 'b', startMs: 0, endMs: 1000 }, { cameraId: 'c', startMs: 2_000, endMs: 3_000 })).toBe(false);
    expect(topo.transitPlausible({ cameraId: 'b', startMs: 0, endMs: 1000 }, { cameraId: 'c', startMs: 60_000, endMs: 61_000 })).toBe(false);
    expect(topo.transitPlausible({ cameraId: 'a', startMs: 0, endMs: 1000 }, { cameraId: 'c', startMs: 10_000, endMs: 11_000 })).toBe(false);
  });
});

describe('tracklet → person decision', () => {
  const alice: KnownPerson = { personId: 'alice', tracklets: [{ span: { cameraId: 'a', startMs: 0, endMs: 1_000 }, live: true, floor: walk(0, 2, 3, 6, 0.01) }] };
  const bob: KnownPerson = { personId: 'bob', tracklets: [{ span: { cameraId: 'a', startMs: 0, endMs: 1_000 }, live: true, floor: walk(0, 6, 3, 6) }] };

  it('joins a track on an overlapping camera to the person standing on the same floor spot', () => {
    const d = decideIdentity({ span: { cameraId: 'b', startMs: 300, endMs: 900 }, floor: walk(300, 2.1, 3.05, 4, 0.01) }, [bob, alice], topo);
    expect(d).toMatchObject({ kind: 'existing', personId: 'alice', via: 'colocation' });
  });
  it('waits for more simultaneous samples before trusting one co-located sample', () => {
    expect(decideIdentity({ span: { cameraId: 'b', startMs: 300, endMs: 300 }, floor: walk(300, 2, 3, 1) }, [alice], topo).kind).toBe('wait');
  });
  it('does not merge across cameras on colour appearance, however similar', () => {
    const gone: KnownPerson = { personId: 'p', tracklets: [{ span: { cameraId: 'b', startMs: 0, endMs: 1_000 }, live: false, body: { model: 'appearance-stripes-v1', vector: unit(1, 2, 3) } }] };
    const d = decideIdentity({ span: { cameraId: 'c', startMs: 10_000, endMs: 11_000 }, body: { model: 'appearance-stripes-v1', vector: unit(1, 2, 3) } }, [gone], topo);
    expect(d.kind).toBe('new');
  });
  it('links across cameras with a learned ReID model within the transit window, never outside it', () => {
    const gone: KnownPerson = { personId: 'p', tracklets: [{ span: { cameraId: 'b', startMs: 0, endMs: 1_000 }, live: false, body: { model: 'osnet_x0_25', vector: unit(1, 2, 3) } }] };
    const probe = { model: 'osnet_x0_25', vector: unit(1, 2, 3.1) };
    expect(decideIdentity({ span: { cameraId: 'c', startMs: 10_000, endMs: 11_000 }, body: probe }, [gone], topo)).toMatchObject({ kind: 'existing', personId: 'p', via: 'reid' });
    expect(decideIdentity({ span: { cameraId: 'c', startMs: 2_000, endMs: 3_000 }, body: probe }, [gone], topo).kind).toBe('new');
  });
  it('never picks a person who is in another non-overlapping view at the same time', () => {
    const elsewhere: KnownPerson = { personId: 'p', tracklets: [{ span: { cameraId: 'b', startMs: 0, endMs: 20_000 }, live: true, body: { model: 'osnet_x0_25', vector: unit(1, 2, 3) } }] };
    expect(decideIdentity({ span: { cameraId: 'c', startMs: 10_000, endMs: 11_000 }, body: { model: 'osnet_x0_25', vector: unit(1, 2, 3) } }, [elsewhere], topo).kind).toBe('new');
  });
  it('re-acquires a briefly lost track on the same camera by appearance or by spot', () => {
    const lost: KnownPerson = { personId: 'p', tracklets: [{ span: { cameraId: 'a', startMs: 0, endMs: 1_000 }, live: false, body: { model: 'appearance-stripes-v1', vector: unit(1, 2, 3) }, lastFoot: [0.5, 0.9] }] };
    expect(decideIdentity({ span: { cameraId: 'a', startMs: 2_000, endMs: 2_500 }, body: { model: 'appearance-stripes-v1', vector: unit(1, 2, 3) } }, [lost], topo)).toMatchObject({ kind: 'existing', via: 'reacquire' });
    expect(decideIdentity({ span: { cameraId: 'a', startMs: 2_000, endMs: 2_500 }, firstFoot: [0.52, 0.9] }, [lost], topo)).toMatchObject({ kind: 'existing', via: 'reacquire' });
    expect(decideIdentity({ span: { cameraId: 'a', startMs: 20_000, endMs: 20_500 }, firstFoot: [0.52, 0.9] }, [lost], topo).kind).toBe('new');
  });
});

describe('constrained clustering', () => {
  it('merges strong links but never two presences at once on non-overlapping views', () => {
    const nodes = [
      { id: 't1', span: { cameraId: 'b', startMs: 0, endMs: 10_000 } },
      { id: 't2', span: { cameraId: 'c', startMs: 20_000, endMs: 30_000 } },
      { id: 't3', span: { cameraId: 'c', startMs: 5_000, endMs: 8_000 } },
    ];
    const c = clusterTracklets(nodes, [{ a: 't1', b: 't3', score: 0.99 }, { a: 't1', b: 't2', score: 0.9 }, { a: 't2', b: 't3', score: 0.8 }], topo, 0.5);
    expect(c.get('t1')).toBe(c.get('t2'));
    expect(c.get('t3')).not.toBe(c.get('t1'));
  });
});
