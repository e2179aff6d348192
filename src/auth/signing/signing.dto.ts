import { ApiPropertyOptional } from '@nestjs/swagger';

import { CvatString } from '../../common/validation/cvat-fields.js';

export class SigningDto {
  @ApiPropertyOptional({
    description: 'Absolute, or relative to this server (`/api/v1/tasks/1/data?type=preview`).',
    example: '/api/v1/tasks/1/data?type=preview',
  })
  @CvatString({ required: false, allowBlank: true })
  url?: string;
}
