/** The four kinds of stored annotation objects, each with its own table and id sequence. */
export const ANNOTATION_KINDS = ['tag', 'shape', 'track', 'trackedShape'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

export const KIND_TABLES: Record<AnnotationKind, string> = {
  tag: 'labeled_tags',
  shape: 'labeled_shapes',
  track: 'labeled_tracks',
  trackedShape: 'tracked_shapes',
};

/** How the kinds read in error messages. */
export const KIND_NAMES: Record<AnnotationKind, string> = {
  tag: 'tag',
  shape: 'shape',
  track: 'track',
  trackedShape: 'track shape',
};

/** Ids per kind, for the ids a request names or a job holds. */
export type IdsByKind = Record<AnnotationKind, number[]>;

export const noIds = (): IdsByKind => ({ tag: [], shape: [], track: [], trackedShape: [] });
