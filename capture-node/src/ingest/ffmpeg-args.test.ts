import { describe, expect, it } from 'vitest';
import { ffmpegArgs, planIngest, scrubReason } from './ffmpeg-args.ts';

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
  it('never leaks the camera URL into a health reason', () => {
    expect(scrubReason('rtsp://u:p@cam/x: Connection refused', 'rtsp://u:p@cam/x')).toBe('<camera url>: Connection refused');
    expect(scrubReason('Error opening rtsp://other:pw@h/y', 'rtsp://u:p@cam/x')).toBe('Error opening <camera url>');
  });
});
