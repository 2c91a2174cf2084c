import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from '../errors/error-code';

export class FieldErrorDto {
  @ApiProperty({ example: 'conditions[0].value' }) path: string;
  @ApiProperty({ example: 'value must be a string' }) message: string;
}

/** RFC 9457 problem details, as every native error is answered. */
export class ProblemDto {
  @ApiProperty({ example: '/problems/validation-failed' }) type: string;
  @ApiProperty({ example: 'The request is not valid' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty({ example: 'conditions[0].value: value must be a string' }) detail: string;
  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode' }) code: ErrorCode;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
  @ApiPropertyOptional({ description: 'Set on 500 responses; the same id is in the server log with the stack.' })
  errorId?: string;
}
