import { InMemoryCircuitBreakers } from '../../../src/external-service/circuit-breakers';

describe('InMemoryCircuitBreakers', () => {
  const failing = () => Promise.resolve({ ok: false });
  const succeeding = () => Promise.resolve({ ok: true });
  const isFailure = (v: { ok: boolean }) => !v.ok;
  afterEach(() => jest.useRealTimers());

  it('opens after 5 consecutive failures and then answers without calling', async () => {
    const breakers = new InMemoryCircuitBreakers({ consecutiveFailures: 5, halfOpenAfterMs: 60_000, maxEntries: 10 });
    let calls = 0;
    const call = () => {
      calls += 1;
      return failing();
    };
    for (let i = 0; i < 5; i += 1) {
      expect(await breakers.run('u', call, isFailure)).toEqual({ shortCircuited: false, value: { ok: false } });
    }
    expect(await breakers.run('u', call, isFailure)).toEqual({ shortCircuited: true });
    expect(calls).toBe(5);
    // other keys are independent
    expect(await breakers.run('other', succeeding, isFailure)).toEqual({ shortCircuited: false, value: { ok: true } });
  });

  it('a success resets the count', async () => {
    const breakers = new InMemoryCircuitBreakers({ consecutiveFailures: 3, halfOpenAfterMs: 60_000, maxEntries: 10 });
    await breakers.run('u', failing, isFailure);
    await breakers.run('u', failing, isFailure);
    await breakers.run('u', succeeding, isFailure);
    await breakers.run('u', failing, isFailure);
    await breakers.run('u', failing, isFailure);
    expect(await breakers.run('u', succeeding, isFailure)).toMatchObject({ shortCircuited: false });
  });

  it('lets one probe through after the half-open delay; success closes, failure reopens', async () => {
    const states: string[] = [];
    const breakers = new InMemoryCircuitBreakers({
      consecutiveFailures: 2,
      halfOpenAfterMs: 100,
      maxEntries: 10,
      onStateChange: (key, state) => states.push(`${key}:${state}`),
    });
    jest.useFakeTimers(); // cockatiel times the half-open delay with Date.now(), which the fake clock moves
    await breakers.run('u', failing, isFailure);
    await breakers.run('u', failing, isFailure);
    expect(await breakers.run('u', succeeding, isFailure)).toEqual({ shortCircuited: true });
    jest.advanceTimersByTime(99);
    expect(await breakers.run('u', succeeding, isFailure)).toEqual({ shortCircuited: true });
    jest.advanceTimersByTime(1);
    expect(await breakers.run('u', failing, isFailure)).toEqual({ shortCircuited: false, value: { ok: false } });
    expect(await breakers.run('u', succeeding, isFailure)).toEqual({ shortCircuited: true });
    jest.advanceTimersByTime(99);
    expect(await breakers.run('u', succeeding, isFailure)).toEqual({ shortCircuited: true });
    jest.advanceTimersByTime(1);
    expect(await breakers.run('u', succeeding, isFailure)).toEqual({ shortCircuited: false, value: { ok: true } });
    expect(await breakers.run('u', succeeding, isFailure)).toEqual({ shortCircuited: false, value: { ok: true } });
    expect(states).toEqual(['u:open', 'u:open', 'u:closed']);
  });

  it('counts a throw as a failure and rethrows it', async () => {
    const breakers = new InMemoryCircuitBreakers({ consecutiveFailures: 1, halfOpenAfterMs: 60_000, maxEntries: 10 });
    await expect(breakers.run('u', () => Promise.reject(new Error('boom')), isFailure)).rejects.toThrow('boom');
    expect(await breakers.run('u', succeeding, isFailure)).toEqual({ shortCircuited: true });
  });

  it('keeps at most maxEntries breakers, dropping the least recently used', async () => {
    const breakers = new InMemoryCircuitBreakers({ consecutiveFailures: 1, halfOpenAfterMs: 60_000, maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) await breakers.run(key, failing, isFailure); // all three open
    expect(await breakers.run('a', succeeding, isFailure)).toEqual({ shortCircuited: true }); // a used again: most recent
    await breakers.run('d', succeeding, isFailure); // evicts b, the least recently used
    expect(await breakers.run('a', succeeding, isFailure)).toEqual({ shortCircuited: true });
    expect(await breakers.run('c', succeeding, isFailure)).toEqual({ shortCircuited: true });
    // b was dropped with its open state: a new, closed breaker lets the call through
    expect(await breakers.run('b', succeeding, isFailure)).toEqual({ shortCircuited: false, value: { ok: true } });
    for (let i = 0; i < 100; i += 1) await breakers.run(`x${i}`, succeeding, isFailure);
    expect(breakers.size).toBe(3);
  });
});
