import { PageUrlMatcher, PageUrlSet } from '../conditions';
import type { CompiledTrigger } from './compiled-trigger';

/** One PageUrlSet for every page-URL condition of these triggers. */
export function pageUrlSetOf(triggers: readonly CompiledTrigger[]): PageUrlSet {
  const matchers: PageUrlMatcher[] = [];
  for (const { conditions } of triggers) {
    for (const { compiled } of conditions) if (compiled instanceof PageUrlMatcher) matchers.push(compiled);
  }
  return new PageUrlSet(matchers);
}
