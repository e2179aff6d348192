import { Column, Entity, Index, JoinTable, ManyToMany, PrimaryGeneratedColumn } from 'typeorm';

import { GroupEntity } from './group.entity.js';

@Entity({ name: 'users' })
@Index('users_username_lower_unique', { synchronize: false })
export class UserEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Unique regardless of letter case; enforced by an index on lower(username) in the migration. */
  @Column({ type: 'varchar', length: 150 })
  username!: string;

  @Column({ type: 'varchar', length: 254, default: '' })
  email!: string;

  @Column({ type: 'text' })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 150, default: '' })
  firstName!: string;

  @Column({ type: 'varchar', length: 150, default: '' })
  lastName!: string;

  @Column({ type: 'boolean', default: false })
  isStaff!: boolean;

  @Column({ type: 'boolean', default: false })
  isSuperuser!: boolean;

  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  dateJoined!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastLogin!: Date | null;

  @ManyToMany(() => GroupEntity)
  @JoinTable({
    name: 'user_groups',
    joinColumn: { name: 'user_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'group_id', referencedColumnName: 'id' },
  })
  groups!: GroupEntity[];
}
