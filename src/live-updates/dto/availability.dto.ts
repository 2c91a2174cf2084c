import { ApiProperty } from '@nestjs/swagger';

export class DepartmentAvailabilityDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'The department has an available member' }) online: boolean;
}

/** `GET /v1/widget/availability` and the stream's `availability` event. */
export class AvailabilityDto {
  @ApiProperty({ description: 'Any agent is available (accepts chats, online, or away with includeAwayAgents)' }) online: boolean;
  @ApiProperty({ description: 'The routing setting: the widget hides its bubble while nobody is available' }) hideWhenOffline: boolean;
  @ApiProperty({ type: [DepartmentAvailabilityDto], description: 'The enabled departments, by name (case-insensitively)' })
  departments: DepartmentAvailabilityDto[];
}
