import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '../../common/pagination/page.dto';

export class DepartmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Sales' }) name: string;
  @ApiProperty() enabled: boolean;
  @ApiProperty() showOnRegistration: boolean;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'The schedule it follows: while closed, it has no available agent' })
  scheduleId: string | null;
  @ApiProperty({ type: [String], description: 'Member agents, by username', example: ['morgan.lee'] }) usernames: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class DepartmentPageDto extends PageDto {
  @ApiProperty({ type: [DepartmentDto] }) items: DepartmentDto[];
}
