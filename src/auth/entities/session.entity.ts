import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { AccessTokenEntity } from './access-token.entity.js';
import { UserEntity } from './user.entity.js';

/** A browser session. Only a hash of the cookie value is stored, so a database leak opens nothing. */
@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryColumn({ type: 'char', length: 64 })
  keyHash!: string;

  @Index()
  @Column({ type: 'integer' })
  userId!: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Index()
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  /** Set for the session opened on behalf of an API key; revoking the key ends it too. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  tokenId!: string | null;

  @ManyToOne(() => AccessTokenEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'token_id' })
  token?: AccessTokenEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
