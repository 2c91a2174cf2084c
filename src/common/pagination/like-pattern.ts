/**
 * A LIKE pattern matching any text that contains `text` literally: `%`, `_` and the escape
 * character itself stand for themselves (use with `ESCAPE '\'`).
 */
export function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
