import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

import type { AuthenticatedUser } from '../authenticated-user.js';
import { IdentityCache } from '../cache/identity-cache.js';
import { isRole } from '../roles.js';

/** The rest of the user's own representation (`GET /users/self`). */
export interface UserProfile {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly lastLogin: Date | null;
  readonly dateJoined: Date;
  /** Group names in the order of the groups' ids. */
  readonly groups: readonly string[];
}

export interface UserRecord {
  readonly user: AuthenticatedUser;
  readonly isActive: boolean;
  readonly passwordHash: string;
  readonly profile: UserProfile;
}

interface UserRow {
  id: number;
  username: string;
  is_staff: boolean;
  is_superuser: boolean;
  is_active: boolean;
  password_hash: string;
  email: string;
  first_name: string;
  last_name: string;
  last_login: Date | null;
  date_joined: Date;
  roles: string[];
}

const SELECT_USER = `
  SELECT u.id, u.username, u.is_staff, u.is_superuser, u.is_active, u.password_hash,
         u.email, u.first_name, u.last_name, u.last_login, u.date_joined,
         COALESCE(array_agg(g.name ORDER BY g.id) FILTER (WHERE g.name IS NOT NULL), '{}') AS roles
    FROM users u
    LEFT JOIN user_groups ug ON ug.user_id = u.id
    LEFT JOIN groups g ON g.id = ug.group_id`;

/**
 * Loads the requester. Authentication is on every request's path, so these are raw SQL prepared
 * statements (planned once per connection), and key and session lookups go through the identity
 * cache.
 */
@Injectable()
export class UserLookup {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: IdentityCache,
  ) {}

  byId(id: number): Promise<UserRecord | undefined> {
    return this.cache.remember(`user:${id}`, () =>
      this.one('user-by-id', `${SELECT_USER} WHERE u.id = $1 GROUP BY u.id`, [id]),
    );
  }

  byUsername(username: string): Promise<UserRecord | undefined> {
    return this.one('user-by-name', `${SELECT_USER} WHERE lower(u.username) = lower($1) GROUP BY u.id`, [
      username,
    ]);
  }

  /** The user a key names, only while that key's token row still exists (not revoked). */
  byToken(userId: number, tokenId: string): Promise<UserRecord | undefined> {
    return this.cache.remember(`token:${tokenId}`, () =>
      this.one(
        'user-by-token',
        `${SELECT_USER} JOIN access_tokens t ON t.user_id = u.id AND t.id = $2 WHERE u.id = $1 GROUP BY u.id`,
        [userId, tokenId],
      ),
    );
  }

  bySession(keyHash: string): Promise<UserRecord | undefined> {
    return this.cache.remember(`session:${keyHash}`, () =>
      this.one(
        'user-by-session',
        `${SELECT_USER} JOIN sessions s ON s.user_id = u.id AND s.key_hash = $1 AND s.expires_at > now() GROUP BY u.id`,
        [keyHash],
      ),
    );
  }

  private async one(name: string, text: string, values: unknown[]): Promise<UserRecord | undefined> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const { rows } = await pool.query<UserRow>({ name, text, values });
    const row = rows[0];
    if (!row) return undefined;
    return {
      isActive: row.is_active,
      passwordHash: row.password_hash,
      profile: {
        email: row.email,
        firstName: row.first_name,
        lastName: row.last_name,
        lastLogin: row.last_login,
        dateJoined: row.date_joined,
        groups: row.roles,
      },
      user: {
        id: row.id,
        username: row.username,
        isStaff: row.is_staff,
        isSuperuser: row.is_superuser,
        roles: new Set(row.roles.filter(isRole)),
      },
    };
  }
}
