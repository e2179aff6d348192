import type { AnnotationLists } from '../document/annotation-document.js';
import type { IdsByKind } from '../storage/annotation-kinds.js';
import type { UniteListener } from './job-merge.js';

type NamedKind = 'tag' | 'shape' | 'track';
export type NamedIds = Pick<IdsByKind, NamedKind>;

const KIND_OF_LIST: Record<keyof AnnotationLists, NamedKind> = {
  tags: 'tag',
  shapes: 'shape',
  tracks: 'track',
};

/**
 * Which stored objects a task read shows as one. An object on overlap frames is stored once per
 * job that covers the frame, and a task-level update or delete names only the id the task read
 * showed; its copies in the other jobs must go with it, or they would come back on the next read.
 * Groups are kept per kind, by union-find, since a long track is united across several jobs.
 */
export class MergePartners {
  private readonly parent: Record<NamedKind, Map<number, number>> = {
    tag: new Map(),
    shape: new Map(),
    track: new Map(),
  };

  /** The listener to give `mergeJobs`. */
  readonly listener: UniteListener = (list, oldId, candidateId) => {
    if (oldId === null || candidateId === null) return;
    const kind = KIND_OF_LIST[list];
    const a = this.root(kind, oldId);
    const b = this.root(kind, candidateId);
    if (a !== b) this.parent[kind].set(b, a);
  };

  /** The ids of the objects shown as one with any of `ids`, without `ids` themselves. */
  partnersOf(ids: NamedIds): NamedIds {
    const partners: NamedIds = { tag: [], shape: [], track: [] };
    for (const kind of ['tag', 'shape', 'track'] as const) {
      const named = new Set(ids[kind]);
      const roots = new Set(ids[kind].map((id) => this.root(kind, id)));
      for (const id of this.parent[kind].keys()) {
        if (!named.has(id) && roots.has(this.root(kind, id))) partners[kind].push(id);
      }
      // A root has no parent, so the loop above never met it.
      for (const root of roots) if (!named.has(root)) partners[kind].push(root);
    }
    return partners;
  }

  private root(kind: NamedKind, id: number): number {
    const parents = this.parent[kind];
    let root = id;
    for (let up = parents.get(root); up !== undefined; up = parents.get(root)) root = up;
    // Path compression keeps later lookups short on long chains of united tracks.
    for (let at = id; at !== root;) {
      const next = parents.get(at)!;
      parents.set(at, root);
      at = next;
    }
    return root;
  }
}
