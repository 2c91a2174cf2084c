import { parseRcListQuery, type RcListQuery, type RcRawListQuery } from '../../src/rocketchat/rc-list-query';
import { echoedOffset, toNativeListParams } from '../../src/rocketchat/rocketchat-list.mapper';

/**
 * The table of docs/rocketchat.md, "Query strings, as Rocket.Chat reads them". "Rocket.Chat" is what Rocket.Chat 8.8.1's
 * published validator (`@rocket.chat/rest-typings` 8.8.1, ajv 8.20.0) and its
 * `getPaginationItems` made of the query string (count, offset, sort text), or REFUSED when it
 * answers 400; "ours" is the native page asked for and the offset the answer echoes.
 */
const REFUSED = 'refused';
type Ours = { limit: number; offset: number; echoed: number; sort: string } | typeof REFUSED;
type Row = [query: string, rocketChat: RcListQuery | typeof REFUSED, ours: Ours];

const page = (limit: number, offset = 0, echoed = offset, sort = 'name'): Ours => ({ limit, offset, echoed, sort });
const rc = (count: number, offset = 0, sort?: string): RcListQuery => ({ count, offset, ...(sort === undefined ? {} : { sort }) });
const MAX_OFFSET = 2_147_483_647;

const ROWS: Row[] = [
  // absent and empty
  ['', rc(50), page(50)],
  ['count=', rc(50), page(50)],
  ['count', rc(50), page(50)],
  ['offset=', rc(50), page(50)],
  ['sort=', rc(50), page(50)],
  ['count=&offset=&sort=', rc(50), page(50)],
  // count: coerced by the validator, truncated by parseInt, capped at 100
  ['count=1', rc(1), page(1)],
  ['count=100', rc(100), page(100)],
  ['count=101', rc(100), page(100)],
  ['count=1e3', rc(100), page(100)],
  ['count=1E2', rc(100), page(100)],
  ['count=1.5', rc(1), page(1)],
  ['count=1.9', rc(1), page(1)],
  ['count=5.', rc(5), page(5)],
  ['count=00012', rc(12), page(12)],
  ['count=%205', rc(5), page(5)],
  ['count=+5', rc(5), page(5)],
  ['count=%2B5', rc(5), page(5)],
  ['count=5%20', rc(5), page(5)],
  ['count=%095', rc(5), page(5)],
  ['count=0x10', rc(16), page(16)],
  ['count=0b11', rc(3), page(3)],
  ['count=0o7', rc(7), page(7)],
  ['count=12345678901234567890', rc(100), page(100)],
  // String(n) is exponential from 1e21 and below 1e-6: parseInt keeps the leading digits
  ['count=1e21', rc(1), page(1)],
  ['count=123456789012345678901234', rc(1), page(1)],
  ['count=1e-7', rc(1), page(1)],
  // 0 is "all" in Rocket.Chat; here as many as the native list allows
  ['count=0', rc(0), page(100)],
  ['count=-0', rc(0), page(100)],
  ['count=.5', rc(0), page(100)],
  ['count=-0.5', rc(-0), page(100)],
  ['count=%20', rc(0), page(100)],
  ['count=+', rc(0), page(100)],
  // a negative count is MongoDB's negative limit: n documents
  ['count=-1', rc(-1), page(1)],
  ['count=-5', rc(-5), page(5)],
  ['count=-1000', rc(-1000), page(100)],
  // parseInt("Infinity") is NaN, which MongoDB reads as 0
  ['count=Infinity', rc(NaN), page(100)],
  ['count=-Infinity', rc(NaN), page(100)],
  ['count=1e400', rc(NaN), page(100)],
  // offset: the same coercion; a falsy one is 0; past the database's maximum an empty page
  ['offset=0', rc(50), page(50)],
  ['offset=0.0', rc(50), page(50)],
  ['offset=1.9', rc(50, 1), page(50, 1)],
  ['offset=-0.5', rc(50, -0), page(50)],
  ['offset=1e3', rc(50, 1000), page(50, 1000)],
  ['offset=%203', rc(50, 3), page(50, 3)],
  ['offset=0x10', rc(50, 16), page(50, 16)],
  ['offset=2147483647', rc(50, MAX_OFFSET), page(50, MAX_OFFSET)],
  ['offset=2147483648', rc(50, 2147483648), page(50, MAX_OFFSET, 2147483648)],
  ['offset=1e15', rc(50, 1e15), page(50, MAX_OFFSET, 1e15)],
  ['offset=1e20', rc(50, 1e20), page(50, MAX_OFFSET, 1e20)],
  ['offset=12345678901234567890', rc(50, 12345678901234567000), page(50, MAX_OFFSET, 12345678901234567000)],
  ['offset=1e21', rc(50, 1), page(50, 1)],
  ['offset=1e400', rc(50, NaN), page(50)],
  ['count=1&offset=1', rc(1, 1), page(1, 1)],
  // sort: a JSON object; the native list sorts by one known key
  ['sort=%7B%22name%22%3A-1%7D', rc(50, 0, '{"name":-1}'), page(50, 0, 0, '-name')],
  ['sort=%7B%22name%22%3A1.0%7D', rc(50, 0, '{"name":1.0}'), page(50, 0, 0, 'name')],
  ['sort=%7B%22_updatedAt%22%3A-1%7D', rc(50, 0, '{"_updatedAt":-1}'), page(50, 0, 0, '-updatedAt')],
  // refused by Rocket.Chat's validator: "must be number" / "must be string"
  ['count=abc', REFUSED, REFUSED],
  ['count=5abc', REFUSED, REFUSED],
  ['count=NaN', REFUSED, REFUSED],
  ['count=1_000', REFUSED, REFUSED],
  ['count=true', REFUSED, REFUSED],
  ['count=null', REFUSED, REFUSED],
  ['count=%D9%A1', REFUSED, REFUSED],
  ['count=5&count=6', REFUSED, REFUSED],
  ['count=5&count=5', REFUSED, REFUSED],
  ['count=5&count=', REFUSED, REFUSED],
  ['offset=abc', REFUSED, REFUSED],
  ['sort=a&sort=b', REFUSED, REFUSED],
  // refused after it: MongoDB's negative skip, parseJsonQuery's error-invalid-sort
  ['offset=-1', REFUSED, REFUSED],
  ['offset=-1.5', REFUSED, REFUSED],
  ['sort=name', REFUSED, REFUSED],
  ['sort=null', REFUSED, REFUSED],
  ['sort=%20', REFUSED, REFUSED],
  ['sort=%7B%22name%22%3A2%7D', REFUSED, REFUSED],
  ['sort=%7B%22name%22%3A%221%22%7D', REFUSED, REFUSED],
];

/** Sorts Rocket.Chat accepts that the native list cannot express (documented deviations). */
const SORT_DEVIATIONS = ['{}', '{"nope":1}', '{"name":1,"_updatedAt":-1}', '1', '[]'];

/** A query string as Fastify hands it over: decoded, `+` a space, a repeated parameter an array. */
function fastifyQuery(text: string): RcRawListQuery {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const before = query[key];
    query[key] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  return query;
}

function ours(text: string): Ours {
  const parsed = parseRcListQuery(fastifyQuery(text));
  if (!parsed.ok) return REFUSED;
  const mapped = toNativeListParams(parsed.query);
  if (!mapped.ok) return REFUSED;
  const { limit = NaN, offset = NaN, sort = '' } = mapped.params;
  return { limit, offset, echoed: echoedOffset(parsed.query.offset), sort };
}

describe("GET livechat/triggers query strings, as Rocket.Chat's validator and getPaginationItems read them", () => {
  it.each(ROWS.filter((row): row is [string, RcListQuery, Ours] => row[1] !== REFUSED))('%s: Rocket.Chat reads %o', (query, rocketChat) => {
    expect(parseRcListQuery(fastifyQuery(query))).toEqual({ ok: true, query: rocketChat });
  });

  it.each(ROWS)('%s: ours is %o', (query, _rocketChat, expected) => {
    expect(ours(query)).toEqual(expected);
  });

  it('refuses everything Rocket.Chat refuses', () => {
    const refusedByRocketChat = ROWS.filter(([, rocketChat]) => rocketChat === REFUSED).map(([query]) => query);
    expect(refusedByRocketChat.filter((query) => ours(query) !== REFUSED)).toEqual([]);
  });

  it("names the field in Rocket.Chat's words, every refusal at once", () => {
    expect(parseRcListQuery({ count: 'abc', offset: '-2', sort: ['a', 'b'] })).toEqual({
      ok: false,
      errors: [
        { path: 'count', message: 'must be number' },
        { path: 'offset', message: 'must not be negative' },
        { path: 'sort', message: 'must be string' },
      ],
    });
  });

  it('takes the item of a one-item array, as ajv coerces it', () => {
    expect(parseRcListQuery({ count: ['7'], offset: [''], sort: ['{"name":1}'] })).toEqual({ ok: true, query: rc(7, 0, '{"name":1}') });
  });

  it.each(SORT_DEVIATIONS)('sort=%s: accepted by Rocket.Chat, refused here (one known key only)', (sort) => {
    expect(parseRcListQuery({ sort })).toEqual({ ok: true, query: rc(50, 0, sort) });
    expect(ours(`sort=${encodeURIComponent(sort)}`)).toBe(REFUSED);
  });
});
