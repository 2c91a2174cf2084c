import { ApiProperty } from '@nestjs/swagger';
import type { Visitor } from '../../visitors/model/visitor';

export class VisitorDto {
  @ApiProperty({ example: 'a1b2c3d4e5f6' }) token: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) department: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) metadata: Record<string, string>;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) registeredAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Given at registration (BCP 47)' }) language: string | null;
}

/** A visitor's own data, as only that visitor's token may read it. */
export function toVisitorDto(visitor: Visitor): VisitorDto {
  return {
    token: visitor.token,
    name: visitor.name,
    email: visitor.email,
    department: visitor.departmentId,
    metadata: Object.fromEntries(visitor.metadata.map((e) => [e.key, e.value])),
    registeredAt: visitor.registeredAt?.toISOString() ?? null,
    language: visitor.language,
  };
}
