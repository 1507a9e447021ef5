import { describe, expect, it } from 'vitest';
import { ffmpegArgs, planAnalysis, planIngest, scrubReason } from './ffmpeg-args.ts';

const baseline = { codec: 'h264', profile: 'Constrained Baseline', level: 31, width: 768, height: 576 };

describe('planIngest', () => {
  it('passes H.264 baseline through and declares its level', () => {
    expect(planIngest('auto', baseline)).toEqual({ codec: 'h264', passthrough: true, profileLevelId: '42e01f' });
    expect(planIngest('passthrough', { ...baseline, level: 40 }).profileLevelId).toBe('42e028');
  });
  it('re-encodes High profile, other codecs and unknown streams', () => {
    expect(planIngest('auto', { ...baseline, profile: 'High' })).toMatchObject({ codec: 'h264', passthrough: false });
    expect(planIngest('auto', { ...baseline, codec: 'hevc' })).toMatchObject({ codec: 'h264', passthrough: false });
    expect(planIngest('h264', { ...baseline, profile: 'Main' })).toMatchObject({ codec: 'h264', passthrough: false });
    expect(planIngest('vp8', baseline)).toMatchObject({ codec: 'vp8', passthrough: false });
  });
});

describe('ffmpegArgs', () => {
  const input = { rtspUrl: 'rtsp://u:p@cam/x', rtpPort: 40000, rtcpPort: 40001, ssrc: 1234, rtspTimeoutMs: 5000 };
  it('reads RTSP over TCP with a timeout and writes RTP with the producer SSRC and payload type', () => {
    const a = ffmpegArgs({ ...input, plan: planIngest('auto', baseline) });
    expect(a.join(' ')).toContain('-rtsp_transport tcp -timeout 5000000');
    expect(a).toContain('copy');
    expect(a.slice(-7)).toEqual(['-f', 'rtp', '-payload_type', '102', '-ssrc', '1234', 'rtp://127.0.0.1:40000?rtcpport=40001&pkt_size=1200']);
  });
  it('re-encodes with a short GOP', () => {
    const a = ffmpegArgs({ ...input, plan: planIngest('vp8', baseline), gop: 10 }).join(' ');
    expect(a).toContain('-c:v libvpx');
    expect(a).toContain('-g 10');
  });
  it('adds a scaled H.264 analysis output of the same input after the main output', () => {
    const analysis = { rtpPort: 40002, rtcpPort: 40003, ssrc: 99, width: 384, fps: 5 };
    const a = ffmpegArgs({ ...input, plan: planIngest('auto', baseline), analysis });
    const split = a.indexOf('rtp://127.0.0.1:40000?rtcpport=40001&pkt_size=1200');
    expect(split).toBeGreaterThan(0);
    const main = a.slice(0, split + 1).join(' ');
    const second = a.slice(split + 1).join(' ');
    expect(main).toContain('-c:v copy'); // the console's stream stays untouched
    expect(main).not.toContain('scale=');
    expect(second).toContain('-map 0:v:0');
    expect(second).toContain('-vf scale=384:-2:flags=fast_bilinear,fps=5');
    expect(second).toContain('-c:v libx264');
    expect(a.slice(-7)).toEqual(['-f', 'rtp', '-payload_type', '102', '-ssrc', '99', 'rtp://127.0.0.1:40002?rtcpport=40003&pkt_size=1200']);
    expect(ffmpegArgs({ ...input, plan: planIngest('auto', baseline), analysis: { ...analysis, fps: undefined } }).join(' ')).toContain('-vf scale=384:-2:flags=fast_bilinear -c:v');
  });
  it('never leaks the camera URL into a health reason', () => {
    expect(scrubReason('rtsp://u:p@cam/x: Connection refused', 'rtsp://u:p@cam/x')).toBe('<camera url>: Connection refused');
    expect(scrubReason('Error opening rtsp://other:pw@h/y', 'rtsp://u:p@cam/x')).toBe('Error opening <camera url>');
  });
});

describe('planAnalysis', () => {
  it('scales to the asked width keeping the aspect (even height), only when the camera is wider', () => {
    expect(planAnalysis({ width: 384, fps: 5 }, baseline)).toEqual({ width: 384, height: 288, fps: 5 });
    expect(planAnalysis({ width: 640 }, { ...baseline, width: 1280, height: 720 })).toEqual({ width: 640, height: 360 });
    expect(planAnalysis({ width: 641 }, { ...baseline, width: 1920, height: 1080 })).toEqual({ width: 640, height: 360 });
    expect(planAnalysis({ width: 768 }, baseline)).toBeNull();
    expect(planAnalysis({ width: 1024 }, baseline)).toBeNull();
    expect(planAnalysis(undefined, baseline)).toBeNull();
    expect(planAnalysis({ width: 384 }, null)).toBeNull();
  });
});
