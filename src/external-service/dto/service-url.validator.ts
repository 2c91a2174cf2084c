import type { ValidationOptions } from 'class-validator';
import { serviceUrlProblem } from '../service-url';
import { ValidateByProblem } from './problem-validator';

/**
 * The one service-URL rule (`serviceUrlProblem`), for saving a trigger and for Send Test: an absolute
 * http(s) URL ≤ 2048 characters, no spaces, control characters or user info (DESIGN §2); private
 * hosts are checked when called.
 */
export const IsServiceUrl = (options?: ValidationOptions): PropertyDecorator => ValidateByProblem('isServiceUrl', serviceUrlProblem, options);
