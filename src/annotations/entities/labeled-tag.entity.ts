import { Entity, Index } from 'typeorm';

import { LabeledObjectColumns } from './labeled-object-columns.js';

/** A label of a whole frame. Read in frame order per job, hence the index. */
@Entity({ name: 'labeled_tags' })
@Index('labeled_tags_job_frame', ['jobId', 'frame', 'id'])
export class LabeledTagEntity extends LabeledObjectColumns {}
