import { readFileSync } from 'node:fs';

import type { LabelSpec, TaskForAnnotations } from '../annotation-builders.js';

/** The golden files of a real CVAT 1.2 server, beside the repository. */
export const FIXTURES = new URL('../../../../../shared/fixtures/cvat-1.2/', import.meta.url);

export const readFixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;

interface FixtureLabel {
  id: number;
  name: string;
  attributes: Array<{
    id: number;
    name: string;
    mutable: boolean;
    input_type: string;
    default_value: string;
    values: string[];
  }>;
}

export interface FixtureTask {
  size: number;
  overlap: number;
  labels: FixtureLabel[];
}

interface FixtureJob {
  start_frame: number;
  stop_frame: number;
}

/** The recorded task: its labels, frames, segments and overlap, for building the same task here. */
export function fixtureTask(kind: 'images' | 'video') {
  const task = readFixture<FixtureTask>(`tasks/${kind}-task.json`);
  const jobs = readFixture<FixtureJob[]>(`jobs-${kind}.json`).sort((a, b) => a.start_frame - b.start_frame);
  const labels: LabelSpec[] = task.labels.map((label) => ({
    name: label.name,
    attributes: label.attributes.map(({ name, mutable, input_type, default_value, values }) => ({
      name,
      mutable,
      input_type,
      default_value,
      values,
    })),
  }));
  return {
    task,
    labels,
    segments: jobs.map((job): [number, number] => [job.start_frame, job.stop_frame]),
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Rewrites label and attribute ids between two tasks with the same label names: the recorded
 * task's ids to ours (`toOurs`), or any task's ids to names (for comparing documents).
 */
export class IdTranslation {
  private readonly labels = new Map<number, number | string>();
  private readonly specs = new Map<number, number | string>();

  private constructor() {}

  static toOurs(recorded: FixtureTask, ours: TaskForAnnotations): IdTranslation {
    const translation = new IdTranslation();
    for (const label of recorded.labels) {
      const mine = ours.labels.get(label.name)!;
      translation.labels.set(label.id, mine.id);
      for (const spec of label.attributes) translation.specs.set(spec.id, mine.attributes.get(spec.name)!);
    }
    return translation;
  }

  static toNames(labels: ReadonlyArray<{ id: number; name: string; attributes: Map<string, number> }>) {
    const translation = new IdTranslation();
    for (const label of labels) {
      translation.labels.set(label.id, label.name);
      for (const [name, id] of label.attributes) translation.specs.set(id, `${label.name}.${name}`);
    }
    return translation;
  }

  static fixtureNames(recorded: FixtureTask): IdTranslation {
    return IdTranslation.toNames(
      recorded.labels.map((label) => ({
        id: label.id,
        name: label.name,
        attributes: new Map(label.attributes.map((spec) => [spec.name, spec.id])),
      })),
    );
  }

  apply<T>(document: T): T {
    const walk = (value: Json): Json => {
      if (Array.isArray(value)) return value.map(walk);
      if (value === null || typeof value !== 'object') return value;
      const result: { [key: string]: Json } = {};
      for (const [key, item] of Object.entries(value)) {
        if (key === 'label_id' && typeof item === 'number') result[key] = this.labels.get(item) ?? item;
        else if (key === 'spec_id' && typeof item === 'number') result[key] = this.specs.get(item) ?? item;
        else result[key] = walk(item);
      }
      return result;
    };
    return walk(document as Json) as T;
  }
}

/**
 * How list order is compared: `exact`; `frame`, where tags and shapes are compared in frame order
 * with objects on one frame in any order (the reference sorts them by frame only, so its order
 * among equals is whatever its database returned); or `none`, every list compared as a multiset.
 */
export type ListOrder = 'exact' | 'frame' | 'none';

const byJson = (a: Json, b: Json): number => JSON.stringify(a).localeCompare(JSON.stringify(b));
const frameOf = (value: Json): number => (value as { frame: number }).frame;

/**
 * A document made comparable: ids and version dropped, attributes sorted by attribute, numbers
 * rounded to 9 decimals (interpolated coordinates), and lists reordered as `order` says.
 */
export function comparable(document: unknown, order: ListOrder = 'exact'): unknown {
  const walk = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === 'number') return Math.round(value * 1e9) / 1e9;
    if (value === null || typeof value !== 'object') return value;
    const result: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      if (key === 'id' || key === 'version') continue;
      let item = walk(value[key]);
      if (key === 'attributes' && Array.isArray(item)) item = [...item].sort(byJson);
      result[key] = item;
    }
    return result;
  };
  const result = walk(document as Json) as { [key: string]: Json[] };
  for (const list of ['tags', 'shapes', 'tracks']) {
    const items = [...(result[list] ?? [])];
    if (order === 'none') result[list] = items.sort(byJson);
    else if (order === 'frame' && list !== 'tracks') {
      result[list] = items.sort((a, b) => frameOf(a) - frameOf(b) || byJson(a, b));
    }
  }
  return result;
}

/** Whether the tags and shapes of a document come in frame order, as the reference returns them. */
export function inFrameOrder(document: unknown): boolean {
  const lists = document as { tags: Json[]; shapes: Json[] };
  return [lists.tags, lists.shapes].every((list) =>
    list.every((item, k) => k === 0 || frameOf(list[k - 1]) <= frameOf(item)),
  );
}
