import { describe, expect, it } from 'vitest';
import { probeLimits } from '@gym/shared';
import { explainFailure, snapshotArgs } from './camera-probe.ts';

const URL_ = 'rtsp://admin:hunter2@10.0.0.5:554/live';

describe('explainFailure', () => {
  it('names what a person can fix, never the URL', () => {
    expect(explainFailure(`[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized\n${URL_}: Server returned 401 Unauthorized (authorization failed)`, URL_, 5000, false)).toMatch(/^401 unauthorised/);
    expect(explainFailure(`${URL_}: Connection refused`, URL_, 5000, false)).toMatch(/^connection refused/);
    expect(explainFailure(`${URL_}: Server returned 404 Not Found`, URL_, 5000, false)).toMatch(/^404 not found/);
    expect(explainFailure('', URL_, 5000, true)).toBe('timeout after 5 s: the camera did not answer');
    expect(explainFailure(`${URL_}: Invalid data found when processing input`, URL_, 5000, false, 5010)).toMatch(/^timeout after 5 s/);
    const other = explainFailure(`${URL_}: Invalid data found when processing input`, URL_, 5000, false, 100);
    expect(other).toBe('<camera url>: Invalid data found when processing input');
    expect(other).not.toContain('hunter2');
  });
  it('reads status codes as whole numbers, not digits of a port in the URL', () => {
    const onPort = 'rtsp://127.0.0.1:34012/vtest';
    expect(explainFailure(`${onPort}: Connection refused`, onPort, 5000, false)).toMatch(/^connection refused/);
    expect(explainFailure(`[rtsp @ 0x55840401] ${onPort}: Invalid data found when processing input`, onPort, 5000, false, 5010)).toMatch(/^timeout after 5 s/);
    expect(explainFailure(`${onPort}: Server returned 403 Forbidden (access denied)`, onPort, 5000, false)).toMatch(/^403 forbidden/);
  });
  it('takes one frame over TCP as JPEG', () => {
    const a = snapshotArgs(URL_, 3000);
    expect(a.slice(a.indexOf('-frames:v'), a.indexOf('-frames:v') + 2)).toEqual(['-frames:v', '1']);
    expect(a).toContain('mjpeg');
    expect(a[a.indexOf('-timeout') + 1]).toBe('3000000');
  });
  it('gives a healthy camera on a loaded machine time to answer; a silent one is still caught by the 5 s socket timeout', () => {
    const l = probeLimits(5000);
    // Measured on the 2-core machine under load: a healthy ffprobe of the simulated camera took 7.5-10 s, 11.9 s when
    // its first DESCRIBE waited 7 s; the old cap (timeout + 3 s = 8 s) killed those.
    expect(l.ffprobeMs).toBeGreaterThanOrEqual(12_000);
    expect(l.snapshotMs).toBeGreaterThanOrEqual(12_000);
    expect(l.totalMs).toBe(l.ffprobeMs + l.snapshotMs);
    // A silent camera's answer comes from ffmpeg's -timeout (microseconds), not from the cap.
    const a = snapshotArgs(URL_, 5000);
    expect(a[a.indexOf('-timeout') + 1]).toBe('5000000');
  });
});
