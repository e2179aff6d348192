import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthDto {
  @ApiProperty({ example: 'ok' })
  status!: string;
}

export class CheckDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  @ApiPropertyOptional()
  detail?: string;
}

export class ReadinessChecksDto {
  @ApiProperty({ type: CheckDto })
  database!: CheckDto;

  @ApiProperty({ type: CheckDto })
  redis!: CheckDto;

  @ApiProperty({ type: CheckDto })
  disk!: CheckDto;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] })
  status!: string;

  @ApiProperty({ type: ReadinessChecksDto })
  checks!: ReadinessChecksDto;
}
