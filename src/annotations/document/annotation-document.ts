/**
 * The annotation document exchanged by every annotation endpoint (spec/annotations.md, section 1).
 * Field names are the wire names, so that documents go from parser to storage and back without
 * a mapping step: at a hundred thousand objects per save, every copy counts.
 */

export const SHAPE_TYPES = ['rectangle', 'polygon', 'polyline', 'points', 'cuboid'] as const;
export type ShapeType = (typeof SHAPE_TYPES)[number];

export const SOURCES = ['manual', 'auto'] as const;
export type Source = (typeof SOURCES)[number];

export interface AttributeValue {
  spec_id: number;
  value: string;
}

/** What tags, shapes and tracks have in common: a labelled object that starts on a frame. */
export interface LabeledObject {
  /** Null for an object the server has not numbered yet. */
  id: number | null;
  /** Task-relative frame number. */
  frame: number;
  label_id: number;
  /** Objects with the same non-zero group belong together; 0 or null means no group. */
  group: number | null;
  source: Source;
  attributes: AttributeValue[];
}

export type Tag = LabeledObject;

/** The geometry of a shape, on its own or as a track keyframe. */
export interface ShapeGeometry {
  type: ShapeType;
  occluded: boolean;
  z_order: number;
  points: number[];
}

export interface Shape extends LabeledObject, ShapeGeometry {}

/** A keyframe of a track. */
export interface TrackedShape extends ShapeGeometry {
  id: number | null;
  frame: number;
  /** The object is not visible from this frame until the next keyframe. */
  outside: boolean;
  /** Mutable attributes only. */
  attributes: AttributeValue[];
}

export interface Track extends LabeledObject {
  /** Keyframes; the track's own `attributes` hold immutable attributes only. */
  shapes: TrackedShape[];
}

export interface AnnotationDocument {
  version: number;
  tags: Tag[];
  shapes: Shape[];
  tracks: Track[];
}

/** The three object lists of a document, without its version. */
export type AnnotationLists = Omit<AnnotationDocument, 'version'>;

/** A frame range of a task, inclusive at both ends. */
export interface FrameRange {
  readonly start: number;
  readonly stop: number;
}

/** An attribute of a label, as validation and default completion need it. */
export interface AttributeSpecInfo {
  readonly id: number;
  readonly mutable: boolean;
  readonly defaultValue: string;
}

/** A label of a task with its attributes, keyed by id. */
export interface LabelInfo {
  readonly id: number;
  readonly attributes: ReadonlyMap<number, AttributeSpecInfo>;
}

/** What a document is checked against: the task's labels and frame count. */
export interface AnnotationContext {
  readonly labels: ReadonlyMap<number, LabelInfo>;
  /** Frames of the task: valid frames are 0 .. size - 1. */
  readonly size: number;
}

export const emptyLists = (): AnnotationLists => ({ tags: [], shapes: [], tracks: [] });
