import { absoluteUrl, type RequestOrigin } from '../../common/http/absolute-url.js';
import { formatOptionalTimestamp, formatTimestamp } from '../../common/http/timestamp.js';
import type { UserEntity } from '../entities/user.entity.js';
import type { BasicUserDto, FullUserDto, UserDto } from './user.dto.js';
import type { UserRecord } from './user-lookup.js';

/** Staff see everything of everybody; others see everything of themselves only (spec/auth.md, section 9). */
export type UserRepresentation = 'full' | 'basic';

export function toBasicUser(user: UserEntity, origin: RequestOrigin): BasicUserDto {
  return {
    url: absoluteUrl(origin, `/api/v1/users/${user.id}`),
    id: user.id,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
  };
}

/** Needs the user's groups loaded. */
export function toFullUser(user: UserEntity, origin: RequestOrigin): FullUserDto {
  return {
    ...toBasicUser(user, origin),
    email: user.email,
    groups: [...user.groups].sort((a, b) => a.id - b.id).map((group) => group.name),
    is_staff: user.isStaff,
    is_superuser: user.isSuperuser,
    is_active: user.isActive,
    last_login: formatOptionalTimestamp(user.lastLogin),
    date_joined: formatTimestamp(user.dateJoined),
  };
}

/** The requester's own representation, from what authentication already loaded. */
export function toOwnUser(record: UserRecord, origin: RequestOrigin): FullUserDto {
  const { user, profile } = record;
  return {
    url: absoluteUrl(origin, `/api/v1/users/${user.id}`),
    id: user.id,
    username: user.username,
    first_name: profile.firstName,
    last_name: profile.lastName,
    email: profile.email,
    groups: [...profile.groups],
    is_staff: user.isStaff,
    is_superuser: user.isSuperuser,
    is_active: record.isActive,
    last_login: formatOptionalTimestamp(profile.lastLogin),
    date_joined: formatTimestamp(profile.dateJoined),
  };
}

export function toUserDto(
  user: UserEntity,
  origin: RequestOrigin,
  representation: UserRepresentation,
): UserDto {
  return representation === 'full' ? toFullUser(user, origin) : toBasicUser(user, origin);
}
