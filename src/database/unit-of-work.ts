import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** Runs one use case in one transaction; the manager is passed down explicitly. */
@Injectable()
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Runs a read whose statements need not see one snapshot (each is consistent on its own)
   * outside a transaction: on hot paths such as frame serving, BEGIN and COMMIT would double
   * the round trips to the database.
   */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return work(this.dataSource.manager);
  }
}
