import { serviceUrlProblem } from '../../../src/triggers/dto/action-params.validators';

describe('serviceUrl rule', () => {
  it.each([
    ['https://crm.example.com/livechat'],
    ['http://crm.example.com:8080/x?y=1#z'],
    ['HTTPS://CRM.EXAMPLE.COM/'],
    ['http://127.0.0.1:9000/hook'],
    ['http://[::1]/x'],
    [`https://x.example/${'a'.repeat(2048 - 'https://x.example/'.length)}`],
  ])('accepts %p (private addresses too: they are checked when called)', (url) => {
    expect(serviceUrlProblem(url)).toBeUndefined();
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
  ])('refuses %p', (url, problem) => {
    expect(serviceUrlProblem(url)).toMatch(problem);
  });
});
