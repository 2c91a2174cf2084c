import { LiveValue } from '../../../src/database/live-value';

/** A source whose loads the test finishes one by one. */
function source() {
  let version = 0;
  const pending: (() => void)[] = [];
  const load = () =>
    new Promise<number>((resolve) => {
      const seen = version;
      pending.push(() => resolve(seen));
    });
  return {
    load,
    change: () => (version += 1),
    finishNext: () => pending.shift()?.(),
    get pending() {
      return pending.length;
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('a live value (loaded, invalidated by change notifications, reloaded)', () => {
  it('loads once for concurrent readers and holds the value until invalidated', async () => {
    const db = source();
    const value = new LiveValue(db.load, { name: 'test', reloadAfterMs: 60_000 });
    const reads = [value.current(), value.current()];
    expect(db.pending).toBe(1);
    db.finishNext();
    expect(await Promise.all(reads)).toEqual([0, 0]);
    expect(value.held()).toBe(0);
    value.stop();
  });

  it('after an invalidation a reader waits for a fresh load; a load that began before the change is not kept', async () => {
    const db = source();
    const value = new LiveValue(db.load, { name: 'test', reloadAfterMs: 60_000 });
    const read = value.current();
    db.change();
    value.invalidate();
    db.finishNext(); // the load that saw the old version
    await tick();
    expect(db.pending).toBe(1); // loading again
    db.finishNext();
    expect(await read).toBe(1);
    expect(value.held()).toBe(1);
    value.stop();
  });

  it('reloads by itself after an invalidation and tells its listeners', async () => {
    const db = source();
    const value = new LiveValue(db.load, { name: 'test', reloadAfterMs: 1 });
    const heard: number[] = [];
    value.onLoaded((v) => heard.push(v));
    const first = value.current();
    db.finishNext();
    await first;
    db.change();
    value.invalidate();
    value.invalidate(); // one reload for a burst
    expect(value.held()).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(db.pending).toBe(1);
    db.finishNext();
    await tick();
    expect(heard).toEqual([0, 1]);
    expect(value.held()).toBe(1);
    value.stop();
  });
});
