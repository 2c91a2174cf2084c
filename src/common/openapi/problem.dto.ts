import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from '../errors/error-code';
import { type UsedBy, USED_BY_TYPES } from '../errors/in-use';

export class FieldErrorDto {
  @ApiProperty({ example: 'conditions[0].value' }) path: string;
  @ApiProperty({ example: 'value must be a string' }) message: string;
}

/** One thing that still refers to a resource (`department-in-use`, `schedule-in-use`). */
export class UsedByDto {
  @ApiProperty({ enum: USED_BY_TYPES }) type: UsedBy['type'];
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Billing hours' }) name: string;
}

/** RFC 9457 problem details, as every native error is answered. */
export class ProblemDto {
  @ApiProperty({ example: '/problems/validation-failed' }) type: string;
  @ApiProperty({ example: 'The request is not valid' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty({ example: 'conditions[0].value: value must be a string' }) detail: string;
  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode' }) code: ErrorCode;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
  @ApiPropertyOptional({
    type: [UsedByDto],
    description: 'Set on `department-in-use` and `schedule-in-use`: what still refers to it, sorted by type, then name.',
  })
  usedBy?: UsedByDto[];
  @ApiPropertyOptional({ description: 'Set on 500 responses; the same id is in the server log with the stack.' })
  errorId?: string;
}
