import { Logger } from '@nestjs/common';

export interface LiveValueOptions {
  /** For the log. */
  readonly name: string;
  /**
   * After an invalidation, load again by itself this many milliseconds later (one load for a
   * burst of changes), so that listeners hear the change without waiting for a reader.
   */
  readonly reloadAfterMs: number;
}

/**
 * A value loaded from the database and kept in memory until a change notification
 * invalidates it (DESIGN §3's cache rules, §16). A reader after an invalidation waits for a
 * fresh load, so an instance reads its own writes; a load that started before an
 * invalidation is not kept. After an invalidation the value also reloads by itself, and
 * `onLoaded` listeners hear every fresh value (the live stream pushes from them).
 */
export class LiveValue<T> {
  private readonly logger: Logger;
  /** Bumped by every invalidation: a load that started before one is not kept. */
  private generation = 0;
  private value?: { readonly generation: number; readonly value: T };
  private loading?: Promise<T>;
  private reloadTimer?: NodeJS.Timeout;
  private readonly listeners: ((value: T) => void)[] = [];

  constructor(
    private readonly load: () => Promise<T>,
    private readonly options: LiveValueOptions,
  ) {
    this.logger = new Logger(options.name);
  }

  /** The value if it is fresh, without waiting. */
  held(): T | undefined {
    return this.value?.generation === this.generation ? this.value.value : undefined;
  }

  /** The fresh value, loaded if a change invalidated the last one. */
  current(): Promise<T> {
    const held = this.held();
    if (held !== undefined) return Promise.resolve(held);
    this.loading ??= this.loadFresh().finally(() => (this.loading = undefined));
    return this.loading;
  }

  invalidate(): void {
    this.generation += 1;
    this.reloadTimer ??= setTimeout(() => {
      this.reloadTimer = undefined;
      this.current().catch((error: Error) => this.logger.warn(`reload failed: ${error.message}`));
    }, this.options.reloadAfterMs).unref();
  }

  /** Called with every freshly loaded value. */
  onLoaded(listener: (value: T) => void): void {
    this.listeners.push(listener);
  }

  /** Stops the pending reload (shutdown). */
  stop(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = undefined;
  }

  private async loadFresh(): Promise<T> {
    for (;;) {
      const generation = this.generation;
      const value = await this.load();
      // a change that landed while loading bumped the generation: load again
      if (generation !== this.generation) continue;
      this.value = { generation, value };
      for (const listener of this.listeners) {
        try {
          listener(value);
        } catch (error) {
          this.logger.error(`a listener failed: ${(error as Error).message}`);
        }
      }
      return value;
    }
  }
}
