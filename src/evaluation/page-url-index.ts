import { PageUrlSet } from '../conditions';
import type { CompiledTrigger } from './compiled-trigger';

/** One PageUrlSet for every page-URL condition of these triggers. */
export function pageUrlSetOf(triggers: readonly CompiledTrigger[]): PageUrlSet {
  return new PageUrlSet(triggers.flatMap((t) => t.pageUrlMatchers));
}
