import { ApiProperty } from '@nestjs/swagger';

/** `REG` for a regular file, `DIR` for a directory: the names CVAT takes from `stat`. */
export type ShareEntryType = 'REG' | 'DIR';

export class ShareEntryDto {
  @ApiProperty({ example: 'images' })
  name!: string;

  @ApiProperty({ enum: ['REG', 'DIR'] })
  type!: ShareEntryType;
}
