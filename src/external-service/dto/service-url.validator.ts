import type { ValidationOptions } from 'class-validator';
import { serviceUrlProblem } from '../service-url';
import { ValidateByProblem } from './problem-validator';

/** Absolute http(s) URL ≤ 2048 characters without user info (DESIGN §2); private hosts are checked when called. */
export const IsServiceUrl = (options?: ValidationOptions): PropertyDecorator => ValidateByProblem('isServiceUrl', serviceUrlProblem, options);
