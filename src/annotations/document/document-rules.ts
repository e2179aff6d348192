import { PlainMessageError } from '../../common/errors/domain-errors.js';
import type {
  AnnotationContext,
  AnnotationLists,
  AttributeValue,
  LabeledObject,
  LabelInfo,
  Track,
} from './annotation-document.js';

/**
 * The checks of a parsed document against its task (spec/annotations.md, sections 1, 3 and 4).
 * Like the reference, which stops at the first failing object of a save, only the first violation
 * is reported, as a bare message. They run in this order:
 *   1. ids, by `checkUniqueIds`;
 *   2. tags, then shapes, then tracks, each list in request order: the label, the frame, then the
 *      attributes of the object;
 *   3. within a track, after its own checks, each keyframe in order: its frame (in range and not
 *      repeated), its type (the first keyframe's), then its attributes.
 */
export function checkAnnotationRules(lists: AnnotationLists, context: AnnotationContext): void {
  checkUniqueIds(lists);

  for (const tag of lists.tags) checkObject(tag, context, undefined);
  for (const shape of lists.shapes) checkObject(shape, context, undefined);
  const keyframes = new Set<number>();
  for (const track of lists.tracks) checkTrack(track, context, keyframes);
}

/**
 * Refuses an id given twice within one kind of object (tags, shapes, tracks, track shapes), which
 * would otherwise surface as a database error half-way through the save.
 */
export function checkUniqueIds(lists: AnnotationLists): void {
  ensureUnique('tag', lists.tags, new Set());
  ensureUnique('shape', lists.shapes, new Set());
  ensureUnique('track', lists.tracks, new Set());
  const keyframeIds = new Set<number>();
  for (const track of lists.tracks) ensureUnique('track shape', track.shapes, keyframeIds);
}

function ensureUnique(kind: string, objects: readonly { id: number | null }[], seen: Set<number>): void {
  for (const { id } of objects) {
    if (id === null) continue;
    if (seen.has(id)) throw invalid(`${kind} id \`${id}\` appears more than once`);
    seen.add(id);
  }
}

/** `mutable` narrows the attributes allowed: undefined for tags and shapes, which take any. */
function checkObject(
  object: LabeledObject,
  context: AnnotationContext,
  mutable: boolean | undefined,
): LabelInfo {
  const label = context.labels.get(object.label_id);
  if (label === undefined) throw invalid(`label_id \`${object.label_id}\` is invalid`);
  checkFrame(object.frame, context.size);
  checkAttributes(object.attributes, label, mutable);
  return label;
}

function checkTrack(track: Track, context: AnnotationContext, keyframes: Set<number>): void {
  const label = checkObject(track, context, false);

  keyframes.clear();
  const type = track.shapes[0]?.type;
  for (const shape of track.shapes) {
    checkFrame(shape.frame, context.size);
    if (keyframes.has(shape.frame)) {
      throw invalid(`a track has more than one keyframe on frame \`${shape.frame}\``);
    }
    keyframes.add(shape.frame);
    // Interpolation, splitting and export all assume one geometry per track.
    if (shape.type !== type) throw invalid(`a track mixes keyframe types \`${type}\` and \`${shape.type}\``);
    checkAttributes(shape.attributes, label, true);
  }
}

function checkFrame(frame: number, size: number): void {
  if (frame >= 0 && frame < size) return;
  throw invalid(
    size === 0
      ? `frame \`${frame}\` is invalid: the task has no frames`
      : `frame \`${frame}\` is invalid: the task's frames are 0 to ${size - 1}`,
  );
}

function checkAttributes(
  attributes: readonly AttributeValue[],
  label: LabelInfo,
  mutable: boolean | undefined,
): void {
  for (let k = 0; k < attributes.length; k++) {
    const { spec_id } = attributes[k];
    const spec = label.attributes.get(spec_id);
    if (spec === undefined || (mutable !== undefined && spec.mutable !== mutable)) {
      throw invalid(`spec_id \`${spec_id}\` is invalid`);
    }
    // Objects carry a handful of attributes, so a backwards scan beats allocating a set per object.
    for (let j = 0; j < k; j++) {
      if (attributes[j].spec_id === spec_id)
        throw invalid(`spec_id \`${spec_id}\` is given twice for one object`);
    }
  }
}

function invalid(message: string): PlainMessageError {
  return new PlainMessageError('invalid', message);
}
