import { describe, expect, it } from 'vitest';
import { ALL_LAYERS, attentionText } from './overlay-draw.ts';

describe('overlay attention layer', () => {
  it('writes the activity class and pose rate the worker reported, nothing when it reported none', () => {
    expect(attentionText({ activity: 'exercising', poseFps: 5 })).toBe('exercising · pose 5.0/s');
    expect(attentionText({ activity: 'walking', poseFps: 1.25 })).toBe('walking · pose 1.3/s');
    expect(attentionText(undefined)).toBeNull();
    expect(ALL_LAYERS.attention).toBe(true);
  });
});
