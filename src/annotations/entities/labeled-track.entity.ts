import { Entity, Index } from 'typeorm';

import { LabeledObjectColumns } from './labeled-object-columns.js';

/** One object across frames; its keyframes are tracked shapes. `attributes` are the immutable ones. */
@Entity({ name: 'labeled_tracks' })
@Index('labeled_tracks_job', ['jobId', 'id'])
export class LabeledTrackEntity extends LabeledObjectColumns {}
