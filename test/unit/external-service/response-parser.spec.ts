import { parseServiceResponse } from '../../../src/external-service/response-parser';

const parse = (value: unknown) => parseServiceResponse(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));

describe('parseServiceResponse', () => {
  it('sorts messages by order, keeping the service order for ties, and keeps only msg and order', () => {
    const result = parse({
      contents: [
        { msg: 'c', order: 2, extra: true },
        { msg: 'a1', order: -1 },
        { msg: 'b1', order: 0.5 },
        { msg: 'a2', order: -1 },
        { msg: 'b2', order: 0.5 },
      ],
      other: 'ignored',
    });
    expect(result).toEqual({
      ok: true,
      messages: [
        { msg: 'a1', order: -1 },
        { msg: 'a2', order: -1 },
        { msg: 'b1', order: 0.5 },
        { msg: 'b2', order: 0.5 },
        { msg: 'c', order: 2 },
      ],
    });
  });

  it.each([['not json'], ['<html>oops</html>'], [''], ['{"contents": ['], ['\u00ff\u00fe']])('refuses %p as invalid JSON', (body) => {
    expect(parse(body)).toEqual({ ok: false, reason: 'invalid-json' });
  });

  it('refuses bytes that are not UTF-8 as invalid JSON', () => {
    expect(parseServiceResponse(Buffer.from([0x7b, 0xff, 0x7d]))).toEqual({ ok: false, reason: 'invalid-json' });
  });

  const item = { msg: 'hi', order: 0 };
  it.each([
    ['a bare array', [item]],
    ['null', null],
    ['a number', 7],
    ['no contents', { messages: [item] }],
    ['contents not an array', { contents: item }],
    ['empty contents', { contents: [] }],
    ['11 items', { contents: Array.from({ length: 11 }, (_, i) => ({ msg: `m${i}`, order: i })) }],
    ['an item that is not an object', { contents: ['hi'] }],
    ['an item that is null', { contents: [null] }],
    ['msg missing', { contents: [{ order: 1 }] }],
    ['msg empty', { contents: [{ msg: '', order: 1 }] }],
    ['msg blank', { contents: [{ msg: '   ', order: 1 }] }],
    ['msg not a string', { contents: [{ msg: 5, order: 1 }] }],
    ['msg over 5000 characters', { contents: [{ msg: 'x'.repeat(5001), order: 1 }] }],
    ['order missing', { contents: [{ msg: 'hi' }] }],
    ['order a string', { contents: [{ msg: 'hi', order: '1' }] }],
    ['order null', { contents: [{ msg: 'hi', order: null }] }],
    ['one bad item among good ones', { contents: [item, { msg: 'ok', order: 'x' }] }],
  ])('refuses %s as invalid contents', (_, body) => {
    expect(parse(body)).toEqual({ ok: false, reason: 'invalid-contents' });
  });

  it('refuses an order that overflows to Infinity', () => {
    expect(parse('{"contents":[{"msg":"hi","order":1e999}]}')).toEqual({ ok: false, reason: 'invalid-contents' });
  });

  it('accepts the limits exactly: 10 items, 5000 characters (code points)', () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ msg: `m${i}`, order: 10 - i }));
    expect(parse({ contents: ten })).toMatchObject({ ok: true });
    expect(parse({ contents: [{ msg: 'x'.repeat(5000), order: 0 }] })).toMatchObject({ ok: true });
    expect(parse({ contents: [{ msg: '😀'.repeat(5000), order: 0 }] })).toMatchObject({ ok: true });
    expect(parse({ contents: [{ msg: '😀'.repeat(5001), order: 0 }] })).toEqual({ ok: false, reason: 'invalid-contents' });
  });
});
