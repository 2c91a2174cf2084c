import { mergePatch } from '../../../src/triggers/model/merge-patch';
import type { TriggerDefinition } from '../../../src/triggers/model/trigger.types';
import { chatOpened } from '../../support/builders';

const stored: TriggerDefinition = {
  name: 'Stored',
  description: 'kept',
  enabled: true,
  runOnce: true,
  priority: 7,
  match: 'any',
  conditions: [
    { name: 'page-url', value: 'a' },
    { name: 'time-on-site', value: 10 },
  ],
  actions: [{ name: 'send-message', params: { sender: 'custom', name: 'Bot', msg: 'hello' } }],
  activeFrom: null,
  activeUntil: null,
  frequency: null,
};

describe('mergePatch', () => {
  it('changes only the given fields', () => {
    expect(mergePatch(stored, { enabled: false })).toEqual({ ...stored, enabled: false });
  });

  it('keeps everything for an empty patch', () => {
    expect(mergePatch(stored, {})).toEqual(stored);
  });

  it('replaces arrays whole, never item by item', () => {
    const merged = mergePatch(stored, { conditions: [chatOpened()] });
    expect(merged.conditions).toEqual([chatOpened()]);
    expect(merged.actions).toBe(stored.actions);
  });

  it('ignores fields explicitly set to undefined', () => {
    expect(mergePatch(stored, { name: undefined, priority: 0 })).toEqual({ ...stored, priority: 0 });
  });
});
