import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';

import { LabelEntity } from './label.entity.js';

/** An attribute a label's objects carry; matched by name within its label, never deleted. */
@Entity({ name: 'attribute_specs' })
@Unique('attribute_specs_label_name_unique', ['labelId', 'name'])
export class AttributeSpecEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  labelId!: number;

  @ManyToOne(() => LabelEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'label_id' })
  label?: LabelEntity;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  /** Mutable attributes may change from frame to frame within a track. */
  @Column({ type: 'boolean' })
  mutable!: boolean;

  @Column({ type: 'varchar', length: 16 })
  inputType!: string;

  @Column({ type: 'varchar', length: 128, default: '' })
  defaultValue!: string;

  /** The values joined with line breaks, as CVAT stores them; an empty list reads back as `[""]`. */
  @Column({ type: 'varchar', length: 4096, default: '' })
  values!: string;
}
