import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { UseExternalServiceParamsDto } from '../../../src/triggers/dto/action.dto';

/** The messages a use-external-service action's params get at `serviceUrl` when a trigger is saved. */
async function serviceUrlMessages(serviceUrl: unknown): Promise<string[]> {
  const errors = await validate(plainToInstance(UseExternalServiceParamsDto, { sender: 'queue', serviceUrl }));
  return errors.filter((error) => error.property === 'serviceUrl').flatMap((error) => Object.values(error.constraints ?? {}));
}

describe('serviceUrl rule (saving a trigger)', () => {
  it.each([
    ['https://crm.example.com/livechat'],
    ['http://crm.example.com:8080/x?y=1#z'],
    ['HTTPS://CRM.EXAMPLE.COM/'],
    ['http://127.0.0.1:9000/hook'],
    ['http://[::1]/x'],
    [`https://x.example/${'a'.repeat(2048 - 'https://x.example/'.length)}`],
  ])('accepts %p (private addresses too: they are checked when called)', async (url) => {
    expect(await serviceUrlMessages(url)).toEqual([]);
  });

  it.each([
    ['ftp://crm.example.com/x', /http or https/],
    ['javascript:alert(1)', /http or https/],
    ['/relative/path', /absolute/],
    ['crm.example.com/x', /absolute/],
    ['https://user:pass@crm.example.com/', /user name or password/],
    ['https://user@crm.example.com/', /user name or password/],
    ['https://@crm.example.com/', /user name or password/],
    [' https://crm.example.com/', /spaces/],
    ['https://crm.example.com/a b', /spaces/],
    ['https://crm.example.com/\tx', /spaces/],
    [`https://x.example/${'a'.repeat(2049 - 'https://x.example/'.length)}`, /at most 2048/],
    [5, /string/],
    [null, /string/],
  ])('refuses %p', async (url, problem) => {
    const messages = await serviceUrlMessages(url);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^serviceUrl /);
    expect(messages[0]).toMatch(problem);
  });
});
