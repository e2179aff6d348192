import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { SHAPE_TYPES, SOURCES } from '../document/annotation-document.js';

/* The annotation document for the API description. Requests are checked by document-parser.ts,
   which is hand-written for speed; these classes only describe the same fields. */

export class AttributeValueDto {
  @ApiProperty({ description: 'An attribute of the object’s label.' })
  spec_id!: number;

  @ApiProperty({ description: 'Free text; numbers and booleans sent are stored as text.' })
  value!: string;
}

class LabeledObjectDto {
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Assigned by the server. A given id is kept only for an object of this kind in this job.',
  })
  id?: number | null;

  @ApiProperty({ minimum: 0, description: 'Task-relative frame.' })
  frame!: number;

  @ApiProperty({ minimum: 0 })
  label_id!: number;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, description: '0 or null: no group.' })
  group!: number | null;

  @ApiPropertyOptional({ enum: SOURCES, default: 'manual' })
  source?: string;

  @ApiProperty({ type: [AttributeValueDto] })
  attributes!: AttributeValueDto[];
}

export class TagDto extends LabeledObjectDto {}

export class ShapeDto extends LabeledObjectDto {
  @ApiProperty({ enum: SHAPE_TYPES })
  type!: string;

  @ApiProperty()
  occluded!: boolean;

  @ApiPropertyOptional({ default: 0 })
  z_order?: number;

  @ApiProperty({
    type: [Number],
    description:
      'x, y pairs in image pixels: rectangle 4 numbers, polygon ≥ 6, polyline ≥ 4, points ≥ 2, cuboid 16.',
  })
  points!: number[];
}

export class TrackedShapeDto {
  @ApiPropertyOptional({ type: Number, nullable: true })
  id?: number | null;

  @ApiProperty({ minimum: 0 })
  frame!: number;

  @ApiProperty({ enum: SHAPE_TYPES })
  type!: string;

  @ApiProperty()
  occluded!: boolean;

  @ApiProperty({ description: 'Not visible from this keyframe until the next one.' })
  outside!: boolean;

  @ApiPropertyOptional({ default: 0 })
  z_order?: number;

  @ApiProperty({ type: [Number] })
  points!: number[];

  @ApiProperty({ type: [AttributeValueDto], description: 'Mutable attributes only.' })
  attributes!: AttributeValueDto[];
}

export class TrackDto extends LabeledObjectDto {
  @ApiProperty({ type: [TrackedShapeDto], description: 'Keyframes, at least one.' })
  shapes!: TrackedShapeDto[];
}

export class AnnotationDocumentDto {
  @ApiProperty({
    description:
      'In responses, the version of the annotations. In requests it is required and ignored, unless the server runs with ANNOTATION_VERSION_CHECK=strict.',
  })
  version!: number;

  @ApiProperty({ type: [TagDto] })
  tags!: TagDto[];

  @ApiProperty({ type: [ShapeDto] })
  shapes!: ShapeDto[];

  @ApiProperty({ type: [TrackDto] })
  tracks!: TrackDto[];
}

export class VersionConflictDto {
  @ApiProperty()
  detail!: string;

  @ApiProperty({ description: 'The current version; read the annotations again before retrying.' })
  version!: number;
}
