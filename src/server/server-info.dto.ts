import { ApiProperty } from '@nestjs/swagger';

export class AboutDto {
  @ApiProperty()
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ example: '1.2.0+0.1.0' })
  version!: string;
}

export class PluginsDto {
  @ApiProperty()
  GIT_INTEGRATION!: boolean;

  @ApiProperty()
  ANALYTICS!: boolean;

  @ApiProperty()
  MODELS!: boolean;
}
