/** Typed in-process event bus for LabApi push events. */
import { EventEmitter } from 'node:events';
import type { LabEventName, LabEvents, Unsubscribe } from '../../shared/api.js';

export class LabEventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open window / WebSocket client subscribes; do not warn at 10.
    this.emitter.setMaxListeners(0);
  }

  emit<E extends LabEventName>(event: E, payload: LabEvents[E]): void {
    this.emitter.emit(event, payload);
  }

  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): Unsubscribe {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
