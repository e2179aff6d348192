import { GroupEntity } from '../auth/entities/group.entity.js';
import { UserEntity } from '../auth/entities/user.entity.js';

/** Every entity of the schema; the app, the migration CLI and the drift test share this list. */
export const ENTITIES = [UserEntity, GroupEntity];
