import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import {
  ATTRIBUTE_NAME_MAX_LENGTH,
  DEFAULT_VALUE_MAX_LENGTH,
  INPUT_TYPES,
  LABEL_NAME_MAX_LENGTH,
  VALUES_MAX_LENGTH,
} from './label-input.js';

export class AttributeDto {
  @ApiProperty()
  id!: number;

  @ApiProperty({ maxLength: ATTRIBUTE_NAME_MAX_LENGTH })
  name!: string;

  @ApiProperty({ description: 'Whether the value may change from frame to frame within a track.' })
  mutable!: boolean;

  @ApiProperty({ enum: INPUT_TYPES })
  input_type!: string;

  @ApiProperty({ maxLength: DEFAULT_VALUE_MAX_LENGTH })
  default_value!: string;

  @ApiProperty({ type: [String], description: 'An attribute without values has `[""]`.' })
  values!: string[];
}

export class LabelDto {
  @ApiProperty()
  id!: number;

  @ApiProperty({ maxLength: LABEL_NAME_MAX_LENGTH })
  name!: string;

  @ApiProperty({ example: '#fa3253' })
  color!: string;

  @ApiProperty({ type: [AttributeDto] })
  attributes!: AttributeDto[];
}

export class AttributeInputDto {
  @ApiProperty({
    maxLength: ATTRIBUTE_NAME_MAX_LENGTH,
    description: 'Identifies the attribute within its label; an `id` in the body is ignored.',
  })
  name!: string;

  @ApiProperty({ description: 'Optional when the attribute exists already.' })
  mutable!: boolean;

  @ApiProperty({ enum: INPUT_TYPES, description: 'Optional when the attribute exists already.' })
  input_type!: string;

  @ApiPropertyOptional({
    maxLength: DEFAULT_VALUE_MAX_LENGTH,
    description: 'One of the values for select and radio (the first one when absent); empty otherwise.',
  })
  default_value?: string;

  @ApiPropertyOptional({
    type: [String],
    description: `Trimmed; at most ${VALUES_MAX_LENGTH} characters joined with line breaks.`,
  })
  values?: string[];
}

export class LabelInputDto {
  @ApiProperty({
    maxLength: LABEL_NAME_MAX_LENGTH,
    description: 'Identifies the label within its task; an `id` in the body is ignored.',
  })
  name!: string;

  @ApiPropertyOptional({ example: '#fa3253', description: 'Generated from the name when empty or absent.' })
  color?: string;

  @ApiPropertyOptional({ type: [AttributeInputDto], description: 'Added to, or merged into, the label’s.' })
  attributes?: AttributeInputDto[];
}
