import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';

import { UserEntity } from './user.entity.js';

/**
 * The one API token of a user. The key handed to clients is a JWT naming this row; deleting the
 * row (logout, password change) revokes the key for every client at once.
 */
@Entity({ name: 'access_tokens' })
export class AccessTokenEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Unique through the one-to-one relation below. */
  @Column({ type: 'integer' })
  userId!: number;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
