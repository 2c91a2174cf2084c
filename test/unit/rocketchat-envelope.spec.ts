import { ErrorCode } from '../../src/common/errors/error-code';
import { ErrorEnvelopeRegistry, problemJsonEnvelope } from '../../src/common/errors/error-envelope';
import { rocketChatEnvelope, ROCKETCHAT_PREFIX, RocketChatEnvelopeRegistration, toRcFailure } from '../../src/rocketchat/rocketchat-envelope';

describe('Rocket.Chat error envelope', () => {
  it('renders every error code as JSON with success: false and an error text, never problem+json', () => {
    for (const code of Object.values(ErrorCode)) {
      const rendered = rocketChatEnvelope.render({ code, detail: 'something went wrong' }, { requestId: 'r1' });
      expect(rendered.contentType).toBe('application/json; charset=utf-8');
      expect(rendered.body).toMatchObject({ success: false, error: expect.any(String) });
      expect(rendered.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('invalid params: 400, every field on one line, "[invalid-params]" and errorType', () => {
    const failure = toRcFailure({
      code: ErrorCode.ValidationFailed,
      detail: '2 fields are invalid',
      errors: [
        { path: 'name', message: 'name must be a string' },
        { path: 'conditions', message: 'conditions must have at least 1 item' },
      ],
    });
    expect(failure).toEqual({
      status: 400,
      body: {
        success: false,
        error: 'name: name must be a string; conditions: conditions must have at least 1 item [invalid-params]',
        errorType: 'invalid-params',
      },
    });
    expect(toRcFailure({ code: ErrorCode.ValidationFailed, detail: 'The request body is not valid JSON' }).body.error).toBe(
      'The request body is not valid JSON [invalid-params]',
    );
  });

  it("401 and 403 with Rocket.Chat's exact bodies", () => {
    expect(toRcFailure({ code: ErrorCode.Unauthorized, detail: 'x' })).toEqual({
      status: 401,
      body: { success: false, error: 'You must be logged in to do this.', status: 'error', message: 'You must be logged in to do this.' },
    });
    expect(toRcFailure({ code: ErrorCode.Forbidden, detail: 'x' })).toEqual({
      status: 403,
      body: { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' },
    });
  });

  it("business errors are 400: coded ones with errorType, Rocket.Chat's plain texts for the call and agent.next", () => {
    expect(toRcFailure({ code: ErrorCode.TriggerNameTaken, detail: 'Another trigger already has this name' })).toEqual({
      status: 400,
      body: { success: false, error: 'Another trigger already has this name [trigger-name-taken]', errorType: 'trigger-name-taken' },
    });
    expect(toRcFailure({ code: ErrorCode.VisitorNotFound, detail: 'No visitor has this token' }).status).toBe(400);
    expect(toRcFailure({ code: ErrorCode.TriggerNotFound, detail: 'x' })).toEqual({ status: 400, body: { success: false, error: 'Invalid trigger' } });
    expect(toRcFailure({ code: ErrorCode.NotAnExternalServiceTrigger, detail: 'x' })).toEqual({
      status: 400,
      body: { success: false, error: 'Trigger is not configured to use an external service' },
    });
    expect(toRcFailure({ code: ErrorCode.NoAgentAvailable, detail: 'x' })).toEqual({ status: 400, body: { success: false, error: 'agent-not-found' } });
  });

  it("keeps the HTTP layer's statuses; a 500 shows its errorId and nothing internal", () => {
    expect(toRcFailure({ code: ErrorCode.RateLimited, detail: 'slow down' })).toEqual({
      status: 429,
      body: { success: false, error: 'slow down [error-too-many-requests]', errorType: 'error-too-many-requests' },
    });
    expect(toRcFailure({ code: ErrorCode.ServiceUnavailable, detail: 'db' }).status).toBe(503);
    expect(toRcFailure({ code: ErrorCode.PayloadTooLarge, detail: 'big' }).status).toBe(413);
    expect(toRcFailure({ code: ErrorCode.UnsupportedMediaType, detail: 'json' }).status).toBe(415);
    expect(toRcFailure({ code: ErrorCode.InternalError, detail: 'secret internals', unexpected: new Error('boom') }, 'e-1')).toEqual({
      status: 500,
      body: { success: false, error: 'An unexpected error occurred', errorId: 'e-1' },
    });
  });

  it('is registered for the /api/v1/livechat prefix only', () => {
    const registry = new ErrorEnvelopeRegistry();
    new RocketChatEnvelopeRegistration(registry).onModuleInit();
    expect(registry.forPath(`${ROCKETCHAT_PREFIX}/triggers`)).toBe(rocketChatEnvelope);
    expect(registry.forPath('/api/v1/livechat/agent.next/abc?department=x')).toBe(rocketChatEnvelope);
    expect(registry.forPath('/v1/triggers')).toBe(problemJsonEnvelope);
  });
});
