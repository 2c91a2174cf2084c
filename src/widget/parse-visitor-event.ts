import { DomainError } from '../common/errors/domain-error';
import { checkVisitorEvent, type VisitorEvent } from './model/visitor-event';

/** The body of `POST …/events`, checked without reflection (see checkVisitorEvent), else 400. */
export function parseVisitorEvent(body: unknown): VisitorEvent {
  const check = checkVisitorEvent(body);
  if (!check.ok) throw DomainError.validation(check.errors);
  return check.event;
}
