/** Stable problem codes (DESIGN §10). The `type` of a problem is `/problems/<code>`. */
export enum ErrorCode {
  ValidationFailed = 'validation-failed',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  NotFound = 'not-found',
  TriggerNameTaken = 'trigger-name-taken',
  DepartmentNameTaken = 'department-name-taken',
  DepartmentInUse = 'department-in-use',
  ScheduleNameTaken = 'schedule-name-taken',
  ScheduleInUse = 'schedule-in-use',
  VersionMismatch = 'version-mismatch',
  PayloadTooLarge = 'payload-too-large',
  UnsupportedMediaType = 'unsupported-media-type',
  RateLimited = 'rate-limited',
  ServiceUnavailable = 'service-unavailable',
  NoAgentAvailable = 'no-agent-available',
  VisitorNotRegistered = 'visitor-not-registered',
  VisitorNotFound = 'visitor-not-found',
  TriggerNotFound = 'trigger-not-found',
  FiringNotFound = 'firing-not-found',
  NotAnExternalServiceTrigger = 'not-an-external-service-trigger',
  InternalError = 'internal-error',
}

export interface ErrorCodeInfo {
  readonly status: number;
  readonly title: string;
}

/** One exhaustive mapping: adding a code without a case here is a compile error. */
export function describeErrorCode(code: ErrorCode): ErrorCodeInfo {
  switch (code) {
    case ErrorCode.ValidationFailed:
      return { status: 400, title: 'The request is not valid' };
    case ErrorCode.Unauthorized:
      return { status: 401, title: 'Authentication is required' };
    case ErrorCode.Forbidden:
      return { status: 403, title: 'This key may not do that' };
    case ErrorCode.NotFound:
      return { status: 404, title: 'Not found' };
    case ErrorCode.TriggerNameTaken:
      return { status: 409, title: 'A trigger with this name already exists' };
    case ErrorCode.DepartmentNameTaken:
      return { status: 409, title: 'A department with this name already exists' };
    case ErrorCode.DepartmentInUse:
      return { status: 409, title: 'The department is still in use' };
    case ErrorCode.ScheduleNameTaken:
      return { status: 409, title: 'A schedule with this name already exists' };
    case ErrorCode.ScheduleInUse:
      return { status: 409, title: 'The schedule is still in use' };
    case ErrorCode.VersionMismatch:
      return { status: 412, title: 'The resource has changed since that version' };
    case ErrorCode.PayloadTooLarge:
      return { status: 413, title: 'The request body is too large' };
    case ErrorCode.UnsupportedMediaType:
      return { status: 415, title: 'Unsupported content type' };
    case ErrorCode.RateLimited:
      return { status: 429, title: 'Too many requests' };
    case ErrorCode.ServiceUnavailable:
      return { status: 503, title: 'The service is temporarily unavailable' };
    case ErrorCode.NoAgentAvailable:
      return { status: 404, title: 'No agent is available' };
    case ErrorCode.VisitorNotRegistered:
      return { status: 409, title: 'The visitor is not registered' };
    case ErrorCode.VisitorNotFound:
      return { status: 404, title: 'Visitor not found' };
    case ErrorCode.TriggerNotFound:
      return { status: 404, title: 'Trigger not found' };
    case ErrorCode.FiringNotFound:
      return { status: 404, title: 'Firing not found' };
    case ErrorCode.NotAnExternalServiceTrigger:
      return { status: 400, title: 'The trigger has no external-service action' };
    case ErrorCode.InternalError:
      return { status: 500, title: 'Internal error' };
  }
}
