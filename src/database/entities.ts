import { AnnotationVersionEntity } from '../annotations/entities/annotation-version.entity.js';
import { LabeledShapeEntity } from '../annotations/entities/labeled-shape.entity.js';
import { LabeledTagEntity } from '../annotations/entities/labeled-tag.entity.js';
import { LabeledTrackEntity } from '../annotations/entities/labeled-track.entity.js';
import { TrackedShapeEntity } from '../annotations/entities/tracked-shape.entity.js';
import { AccessTokenEntity } from '../auth/entities/access-token.entity.js';
import { GroupEntity } from '../auth/entities/group.entity.js';
import { ServerSecretEntity } from '../auth/entities/server-secret.entity.js';
import { SessionEntity } from '../auth/entities/session.entity.js';
import { UserEntity } from '../auth/entities/user.entity.js';
import { TaskDataEntity } from '../data/entities/task-data.entity.js';
import { AttributeSpecEntity } from '../tasks/entities/attribute-spec.entity.js';
import { JobEntity } from '../tasks/entities/job.entity.js';
import { LabelEntity } from '../tasks/entities/label.entity.js';
import { ProjectEntity } from '../tasks/entities/project.entity.js';
import { SegmentEntity } from '../tasks/entities/segment.entity.js';
import { TaskEntity } from '../tasks/entities/task.entity.js';

/** Every entity of the schema; the app, the migration CLI and the drift test share this list. */
export const ENTITIES = [
  UserEntity,
  GroupEntity,
  AccessTokenEntity,
  SessionEntity,
  ServerSecretEntity,
  ProjectEntity,
  TaskEntity,
  LabelEntity,
  AttributeSpecEntity,
  SegmentEntity,
  JobEntity,
  TaskDataEntity,
  AnnotationVersionEntity,
  LabeledTagEntity,
  LabeledShapeEntity,
  LabeledTrackEntity,
  TrackedShapeEntity,
];
