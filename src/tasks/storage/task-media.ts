import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The media fields of a task representation (spec/tasks.md), present once media is attached. */
export interface TaskMediaFields {
  readonly data_chunk_size: number | null;
  readonly data_compressed_chunk_type: 'imageset' | 'video';
  readonly data_original_chunk_type: 'imageset' | 'video';
  readonly size: number;
  readonly image_quality: number;
  readonly data: number;
}

/**
 * What the tasks module needs to know about media records, which another module owns: their
 * fields in the task representation, and their release when the last task using one is deleted.
 * The module owning media provides an implementation under this class as the token.
 */
export abstract class TaskMedia {
  abstract fieldsOf(
    manager: EntityManager,
    dataIds: readonly number[],
  ): Promise<ReadonlyMap<number, TaskMediaFields>>;

  /**
   * Runs in the transaction that deleted tasks, after the delete: removes the media records of
   * `dataIds` that no task refers to any more, and returns their directories, which the caller
   * removes once the transaction has committed.
   */
  abstract releaseUnused(manager: EntityManager, dataIds: readonly number[]): Promise<string[]>;
}

/** Until media can be attached, no task has any. */
@Injectable()
export class NoTaskMedia extends TaskMedia {
  async fieldsOf(): Promise<ReadonlyMap<number, TaskMediaFields>> {
    return new Map();
  }

  async releaseUnused(): Promise<string[]> {
    return [];
  }
}
