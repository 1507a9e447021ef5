/** In-process fan-out of GymEvents to the live socket (and anything else that listens). */
import { EventEmitter } from 'node:events';
import type { GymEvent } from '@gym/shared';

export class EventBus {
  private readonly ee = new EventEmitter();
  constructor() {
    this.ee.setMaxListeners(100);
  }
  emit(e: GymEvent): void {
    this.ee.emit('event', e);
  }
  on(fn: (e: GymEvent) => void): () => void {
    this.ee.on('event', fn);
    return () => this.ee.off('event', fn);
  }
}
