import { AccessTokenEntity } from '../auth/entities/access-token.entity.js';
import { GroupEntity } from '../auth/entities/group.entity.js';
import { ServerSecretEntity } from '../auth/entities/server-secret.entity.js';
import { SessionEntity } from '../auth/entities/session.entity.js';
import { UserEntity } from '../auth/entities/user.entity.js';

/** Every entity of the schema; the app, the migration CLI and the drift test share this list. */
export const ENTITIES = [UserEntity, GroupEntity, AccessTokenEntity, SessionEntity, ServerSecretEntity];
