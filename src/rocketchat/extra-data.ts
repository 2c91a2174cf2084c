/** Rocket.Chat's `extraData` (`[{key, value}]`, as its widget sends visitor metadata) as a metadata object; a repeated key keeps its last value. */
export function metadataOf(extraData: readonly { readonly key: string; readonly value: string }[] | null | undefined): Record<string, string> | undefined {
  if (!extraData) return undefined;
  return Object.fromEntries(extraData.map(({ key, value }) => [key, value]));
}
