/** The bounds of condition values and event facts (DESIGN §2, §3). Imports nothing: the admin console and the widget use them too. */

/** A page-URL pattern's length, in characters. */
export const MAX_PATTERN_LENGTH = 512;
/** A page-URL pattern's size once compiled by re2js (instructions). */
export const MAX_PROGRAM_SIZE = 2000;
/** Event and explain URLs are refused above this length before any matching. */
export const MAX_URL_LENGTH = 2048;
/** The largest time-on-site threshold and reported time, in seconds. */
export const MAX_TIME_ON_SITE_SECONDS = 86_400;
/** A page title an event may carry, in characters (DESIGN §11). */
export const MAX_TITLE_LENGTH = 512;
/** A custom event's name (`LivechatTriggers.track(name)`). */
export const CUSTOM_EVENT_NAME_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
/** Trigger ids an event may exclude (the widget re-evaluating after a push). */
export const MAX_EXCLUDED_TRIGGERS = 100;
