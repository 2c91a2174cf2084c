/** The secret token travels in a header (`X-RocketChat-Livechat-Token`): at most this long. Imports nothing: the admin console uses it too. */
export const SECRET_TOKEN_MAX_LENGTH = 512;
