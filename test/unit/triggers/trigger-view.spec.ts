import { toTriggerView, toTriggerWriteView } from '../../../src/triggers/model/trigger-view';
import type { TriggerRecord } from '../../../src/triggers/model/trigger.types';

const record: TriggerRecord & { internal?: string } = {
  id: '5b0e7a4e-8d8a-4d43-9a53-1d2c8f0e8a11',
  name: 'Hello',
  description: '',
  enabled: true,
  runOnce: false,
  priority: 100,
  match: 'all',
  conditions: [{ name: 'page-url', value: '.*/contact' }],
  actions: [{ name: 'send-message', params: { sender: 'queue', msg: 'Hi' } }],
  activeFrom: new Date('2026-12-01T00:00:00.000Z'),
  activeUntil: null,
  frequency: null,
  version: 3,
  createdAt: new Date('2026-01-02T03:04:05.678Z'),
  updatedAt: new Date('2026-01-03T03:04:05.678Z'),
  internal: 'never shown',
};

describe('trigger view', () => {
  it('has exactly the fields of the native trigger, with ISO 8601 timestamps', () => {
    const view = toTriggerView(record);
    expect(Object.keys(view).sort()).toEqual(
      [
        'actions',
        'activeFrom',
        'activeUntil',
        'conditions',
        'createdAt',
        'description',
        'enabled',
        'frequency',
        'id',
        'match',
        'name',
        'priority',
        'runOnce',
        'updatedAt',
        'version',
      ].sort(),
    );
    // instants are answered in UTC, whatever offset was sent (DESIGN §16); an unset end is null
    expect(view.activeFrom).toBe('2026-12-01T00:00:00.000Z');
    expect(view.activeUntil).toBeNull();
    expect(view.createdAt).toBe('2026-01-02T03:04:05.678Z');
    expect(view.updatedAt).toBe('2026-01-03T03:04:05.678Z');
    expect(view.version).toBe(3);
  });

  it('adds warnings to a write answer only when there are some', () => {
    expect(toTriggerWriteView(record, [])).not.toHaveProperty('warnings');
    const warning = { code: 'regex-backtracking-risk', message: 'm', path: 'conditions[0].value' };
    expect(toTriggerWriteView(record, [warning]).warnings).toEqual([warning]);
  });
});
