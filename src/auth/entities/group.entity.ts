import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A CVAT role. The four rows (admin, user, annotator, observer) are created by a migration. */
@Entity({ name: 'groups' })
export class GroupEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 150, unique: true })
  name!: string;
}
