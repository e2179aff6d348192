import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Secrets the server generates for itself when the operator configures none. */
@Entity({ name: 'server_secrets' })
export class ServerSecretEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'text' })
  value!: string;
}
