/** The bounds of condition values and event facts (DESIGN §2, §3). Imports nothing: the admin console and the widget use them too. */

/** A page-URL pattern's length, in characters. */
export const MAX_PATTERN_LENGTH = 512;
/** A page-URL pattern's size once compiled by re2js (instructions). */
export const MAX_PROGRAM_SIZE = 2000;
/** Event and explain URLs are refused above this length before any matching. */
export const MAX_URL_LENGTH = 2048;
/** The largest time-on-site threshold and reported time, in seconds. */
export const MAX_TIME_ON_SITE_SECONDS = 86_400;
