import { ApiProperty } from '@nestjs/swagger';

export class UserAgreementDto {
  @ApiProperty({ example: 'agreement_1' })
  name!: string;

  @ApiProperty({ description: 'camelCase, as the CVAT web UI reads it.' })
  displayText!: string;

  @ApiProperty({ description: 'Where the full text can be read; may be empty.' })
  url!: string;

  @ApiProperty({ description: 'Registration fails unless this agreement is accepted.' })
  required!: boolean;

  @ApiProperty({ description: 'The answer the registration form starts with.' })
  value!: boolean;
}
