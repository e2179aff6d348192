import type { TrackedShape } from '../../../src/annotations/document/annotation-document.js';

/** A visible rectangle keyframe without attributes, with whatever `fields` say instead. */
export const aKeyframe = (
  fields: Pick<TrackedShape, 'frame' | 'points'> & Partial<TrackedShape>,
): TrackedShape => ({
  id: null,
  type: 'rectangle',
  occluded: false,
  z_order: 0,
  outside: false,
  attributes: [],
  ...fields,
});
