import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { ObservedVisitor } from '../visitors/visitor-store';
import { RunOnceClaims } from './run-once-claims.repository';

const MAX_HELD_VISITORS = 20_000;
const NONE: ReadonlySet<string> = new Set();

/**
 * The run-once triggers each visitor was shown, as this instance knows them: the claims it
 * took or saw given back, and the settled claims read once when it first met the visitor.
 * It never holds a trigger the visitor was not shown (a claim is given back only by the
 * event that took it, and only claims that can no longer be given back are read), so a
 * trigger it holds is rightly skipped; one it misses (claimed through another instance
 * since) is refused by its claim when it would fire.
 */
@Injectable()
export class RunOnceHistory {
  private readonly shown = new LRUCache<string, Set<string>>({
    max: MAX_HELD_VISITORS,
    fetchMethod: (token) => this.claims.settledFor(token),
  });

  constructor(private readonly claims: RunOnceClaims) {}

  async of({ visitor, stored }: ObservedVisitor): Promise<ReadonlySet<string>> {
    if (!stored) return this.shown.get(visitor.token) ?? NONE;
    return this.shown.get(visitor.token) ?? (await this.shown.fetch(visitor.token))!;
  }

  claimed(visitorToken: string, triggerIds: ReadonlySet<string>): void {
    if (triggerIds.size === 0) return;
    const shown = this.shown.get(visitorToken);
    if (shown) for (const id of triggerIds) shown.add(id);
    else this.shown.set(visitorToken, new Set(triggerIds));
  }

  givenBack(visitorToken: string, triggerIds: Iterable<string>): void {
    const shown = this.shown.get(visitorToken);
    if (shown) for (const id of triggerIds) shown.delete(id);
  }
}
