import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import fc from 'fast-check';
import { SendTestRequestDto } from '../../../src/external-service/dto/send-test.dto';
import { MAX_SERVICE_URL_LENGTH, serviceUrlProblem } from '../../../src/external-service/service-url';
import { UseExternalServiceParamsDto } from '../../../src/triggers/dto/action.dto';
import { TRIGGER_LIMITS } from '../../../src/triggers/model/trigger-limits';
import { metadataProblem } from '../../../src/visitors/model/visitor-metadata';
import { IsVisitorMetadata } from '../../../src/widget/dto/visitor-metadata.validator';

/** The messages class-validator gives `property` of `body` read as `dto` (none: accepted). */
async function messagesAt(dto: new () => object, body: object, property: string): Promise<string[]> {
  const errors = await validate(plainToInstance(dto, body));
  return errors.filter((error) => error.property === property).flatMap((error) => Object.values(error.constraints ?? {}));
}

const savingATrigger = (serviceUrl: unknown) => messagesAt(UseExternalServiceParamsDto, { sender: 'queue', serviceUrl }, 'serviceUrl');
const sendTestUrl = (serviceUrl: unknown) => messagesAt(SendTestRequestDto, { serviceUrl, serviceTimeout: 1000 }, 'serviceUrl');

const host = 'https://crm.example.com';
const ofLength = (length: number) => `${host}/${'a'.repeat(length - host.length - 1)}`;

describe('saving a trigger and Send Test judge serviceUrl by one rule', () => {
  it('documents the limit the rule applies', () => {
    expect(MAX_SERVICE_URL_LENGTH).toBe(TRIGGER_LIMITS.serviceUrlMaxLength);
  });

  it.each<[string, unknown, boolean]>([
    ['a plain https URL', `${host}/livechat`, false],
    ['port, query and fragment', 'http://crm.example.com:8080/x?y=1#z', false],
    ['upper case', 'HTTPS://CRM.EXAMPLE.COM/', false],
    ['a private IPv4 literal (checked when called)', 'http://127.0.0.1:9000/hook', false],
    ['an IPv6 literal', 'http://[::1]/x', false],
    ['a short IPv4 spelling', 'http://127.1/', false],
    ['a percent-encoded space', `${host}/a%20b`, false],
    ['an @ in the path or the query', `${host}/path@x?q=@y`, false],
    ['a non-ASCII host name', 'https://bücher.example/', false],
    ['2048 characters', ofLength(MAX_SERVICE_URL_LENGTH), false],
    ['2049 characters', ofLength(MAX_SERVICE_URL_LENGTH + 1), true],
    ['a leading space', ` ${host}/`, true],
    ['a trailing space', `${host}/ `, true],
    ['an inner space', `${host}/a b`, true],
    ['a leading tab', `\t${host}/`, true],
    ['a line break', `${host}/\n`, true],
    ['a NUL', `https://crm.exa\u0000mple.com/`, true],
    ['DEL', `${host}/\u007f`, true],
    ['a C1 control character (NEL)', `${host}/\u0085`, true],
    ['a no-break space', `${host}/\u00a0`, true],
    ['ftp', 'ftp://crm.example.com/x', true],
    ['javascript:', 'javascript:alert(1)', true],
    ['file:', 'file:///etc/passwd', true],
    ['a relative path', '/relative', true],
    ['no scheme', 'crm.example.com/x', true],
    ['a scheme-relative URL', '//crm.example.com/x', true],
    ['an empty string', '', true],
    ['no host', 'http://', true],
    ['http: without slashes', 'http:crm.example.com/x', true],
    ['http: with one slash', 'http:/crm.example.com/x', true],
    ['backslashes for slashes', 'https:\\\\crm.example.com/', true],
    ['user and password', 'https://user:pass@crm.example.com/', true],
    ['a user', 'https://user@crm.example.com/', true],
    ['an empty user info', 'https://@crm.example.com/', true],
    ['an empty user and password', 'https://:@crm.example.com/', true],
    ['a number', 42, true],
    ['null', null, true],
    ['an array', [`${host}/`], true],
  ])('%s: both refuse it, or both accept it', async (_label, serviceUrl, refused) => {
    const [trigger, sendTest] = await Promise.all([savingATrigger(serviceUrl), sendTestUrl(serviceUrl)]);
    expect(sendTest).toEqual(trigger);
    expect(trigger).toEqual(refused ? [`serviceUrl ${serviceUrlProblem(serviceUrl)}`] : []);
  });

  it('gives the same answer for any URL-like string', async () => {
    const urlLike = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true, authoritySettings: { withIPv4: true, withIPv6: true, withPort: true, withUserInfo: true } }),
      fc
        .tuple(fc.constantFrom('', ' ', '\t', 'http:', 'http:/', 'https://@', 'ftp://'), fc.webUrl(), fc.constantFrom('', ' ', '\n', '@'))
        .map((parts) => parts.join('')),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(urlLike, async (serviceUrl) => {
        expect(await sendTestUrl(serviceUrl)).toEqual(await savingATrigger(serviceUrl));
      }),
      { numRuns: 300 },
    );
  });
});

class RegistrationLike {
  @IsVisitorMetadata()
  metadata?: unknown;
}

const sendTestMetadata = (metadata: unknown) => messagesAt(SendTestRequestDto, { serviceUrl: `${host}/`, serviceTimeout: 1000, metadata }, 'metadata');
const registrationMetadata = (metadata: unknown) => messagesAt(RegistrationLike, { metadata }, 'metadata');

const emoji = '\u{1F600}'; // one code point, two UTF-16 units
const keys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 'v']));

describe('Send Test judges metadata by the visitor rule of events and registration', () => {
  it.each<[string, unknown, boolean]>([
    ['no keys', {}, false],
    ['a few keys', { name: 'Morgan', plan: 'pro' }, false],
    ['20 keys', keys(20), false],
    ['an empty value', { k: '' }, false],
    ['a 64-character key and a 1024-character value', { ['k'.repeat(64)]: 'v'.repeat(1024) }, false],
    ['a key of 32 emoji (64 UTF-16 units)', { [emoji.repeat(32)]: 'v' }, false],
    ['a value of 512 emoji (1024 UTF-16 units)', { k: emoji.repeat(512) }, false],
    ['21 keys', keys(21), true],
    ['an empty key', { '': 'v' }, true],
    ['a 65-character key', { ['k'.repeat(65)]: 'v' }, true],
    ['a 1025-character value', { k: 'v'.repeat(1025) }, true],
    // counted in UTF-16 units, the stricter reading (Send Test counted code points and took these)
    ['a key of 33 emoji (33 code points, 66 units)', { [emoji.repeat(33)]: 'v' }, true],
    ['a key of 63 letters and an emoji (64 code points, 65 units)', { [`${'k'.repeat(63)}${emoji}`]: 'v' }, true],
    ['a value of 513 emoji (513 code points, 1026 units)', { k: emoji.repeat(513) }, true],
    ['a number value', { k: 1 }, true],
    ['a null value', { k: null }, true],
    ['an object value', { k: { nested: 'v' } }, true],
    ['an array', [{ key: 'a', value: 'b' }], true],
    ['a string', 'plan=pro', true],
    ['a number', 5, true],
  ])('%s: both refuse it, or both accept it', async (_label, metadata, refused) => {
    const [registration, sendTest] = await Promise.all([registrationMetadata(metadata), sendTestMetadata(metadata)]);
    expect(sendTest).toEqual(registration);
    expect(registration).toEqual(refused ? [metadataProblem(metadata)] : []);
  });

  it('gives the same answer for any object of strings', async () => {
    const metadata = fc.dictionary(fc.string({ maxLength: 70, unit: 'grapheme' }), fc.oneof(fc.string({ maxLength: 1100, unit: 'grapheme' }), fc.integer()), {
      maxKeys: 22,
    });
    await fc.assert(
      fc.asyncProperty(metadata, async (value) => {
        expect(await sendTestMetadata(value)).toEqual(await registrationMetadata(value));
      }),
      { numRuns: 200 },
    );
  });
});
