import { customSender, queueSender, senderWithoutAgent } from '../../src/senders/sender';

describe('senders', () => {
  it('a queue sender impersonates the agent', () => {
    expect(queueSender({ username: 'morgan.lee', name: 'Morgan Lee' })).toEqual({
      ok: true,
      sender: { type: 'queue', username: 'morgan.lee', name: 'Morgan Lee' },
    });
  });

  it('a custom sender carries the agent profile when named after an agent, a display name otherwise', () => {
    expect(customSender('morgan.lee', { username: 'morgan.lee', name: 'Morgan Lee' })).toEqual({
      ok: true,
      sender: { type: 'custom', username: 'morgan.lee', name: 'Morgan Lee' },
    });
    expect(customSender('Bot')).toEqual({ ok: true, sender: { type: 'custom', username: null, name: 'Bot' } });
  });

  it('without an agent: the fallback name when fireWithoutAgent is on, no-agent-available otherwise', () => {
    expect(senderWithoutAgent({ fireWithoutAgent: true, fallbackSenderName: 'Support' })).toEqual({
      ok: true,
      sender: { type: 'queue', username: null, name: 'Support' },
    });
    expect(senderWithoutAgent({ fireWithoutAgent: false, fallbackSenderName: 'Support' })).toEqual({ ok: false, error: 'no-agent-available' });
  });
});
