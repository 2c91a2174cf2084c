/**
 * What an `If-Match` header asks for (DESIGN §10): `*` (any current version), or one or
 * more versions given as `"3"` (a strong entity tag) or a bare `3`. A weak tag (`W/"3"`)
 * never matches, since If-Match compares strongly (RFC 9110 §13.1.1).
 */
export type VersionPrecondition = { readonly kind: 'none' } | { readonly kind: 'any' } | { readonly kind: 'versions'; readonly versions: readonly number[] };

/** PostgreSQL `integer`: a larger version cannot exist, so it can never match. */
const MAX_VERSION = 2_147_483_647;
const TAG = /^(W\/)?"(\d{1,12})"$|^(\d{1,12})$/;

/** `undefined` when the header is not a valid If-Match value. */
export function parseIfMatch(header: string | undefined): VersionPrecondition | undefined {
  if (header === undefined) return { kind: 'none' };
  const trimmed = header.trim();
  if (trimmed === '*') return { kind: 'any' };
  const versions: number[] = [];
  for (const part of trimmed.split(',')) {
    const match = TAG.exec(part.trim());
    if (!match) return undefined;
    const weak = match[1] !== undefined;
    const version = Number(match[2] ?? match[3]);
    if (!weak && version >= 1 && version <= MAX_VERSION) versions.push(version);
  }
  return { kind: 'versions', versions };
}

/** The strong entity tag of a version: `"3"`. */
export function entityTag(version: number): string {
  return `"${version}"`;
}

/** The versions a conditional write may replace; undefined: whatever the current one is. */
export function expectedVersions(precondition: VersionPrecondition): readonly number[] | undefined {
  return precondition.kind === 'versions' ? precondition.versions : undefined;
}
