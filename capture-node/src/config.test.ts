import { describe, expect, it } from 'vitest';
import { loadCaptureConfig } from './config.ts';

describe('capture-node config defaults (issue #22 item 8)', () => {
  it('refuses the dev capture token in production, explicitly or by default', () => {
    expect(() => loadCaptureConfig({ NODE_ENV: 'production' })).toThrow(/CAPTURE_TOKENS/);
    expect(() => loadCaptureConfig({ NODE_ENV: 'production', CAPTURE_TOKENS: 'dev-capture-token:cam-a' })).toThrow(/CAPTURE_TOKENS/);
    expect(loadCaptureConfig({ NODE_ENV: 'production', CAPTURE_TOKENS: 'a-long-random-token' }).tokens).toEqual([{ token: 'a-long-random-token', cameras: '*' }]);
    expect(loadCaptureConfig({}).tokens).toEqual([{ token: 'dev-capture-token', cameras: '*' }]);
  });

  it('lets mediasoup listen on loopback unless configured', () => {
    expect(loadCaptureConfig({}).rtcListenIp).toBe('127.0.0.1');
    expect(loadCaptureConfig({ CAPTURE_RTC_LISTEN_IP: '192.168.1.20' }).rtcListenIp).toBe('192.168.1.20');
  });
});
