import type {
  AnnotationLists,
  AttributeSpecInfo,
  AttributeValue,
  LabelInfo,
  Shape,
  Tag,
  Track,
  TrackedShape,
} from '../document/annotation-document.js';
import { sortByFrame } from '../tracks/track-interpolation.js';

/**
 * Reads return every attribute of an object's label (spec/annotations.md, section 2); stored
 * objects hold only what was sent. These functions fill the gaps without changing their input.
 */

/** The object's attributes followed by the defaults of the label's attributes it lacks. */
export function completeObjectAttributes(object: Tag | Shape, label: LabelInfo): AttributeValue[] {
  return withMissing(
    object.attributes,
    label,
    () => true,
    (spec) => spec.defaultValue,
  );
}

/**
 * Immutable attributes completed on the track itself; mutable ones on its shapes in frame order,
 * where a value missing on a shape is the one the shape before it had (a default on the first).
 */
export function completeTrack(track: Track, label: LabelInfo): Track {
  const attributes = withMissing(
    track.attributes,
    label,
    (spec) => !spec.mutable,
    (spec) => spec.defaultValue,
  );

  let previous: ReadonlyMap<number, string> | undefined;
  const shapes = sortByFrame(track.shapes).map((shape): TrackedShape => {
    const completed = withMissing(
      shape.attributes,
      label,
      (spec) => spec.mutable,
      (spec) => previous?.get(spec.id) ?? spec.defaultValue,
    );
    previous = new Map(completed.map((attribute) => [attribute.spec_id, attribute.value]));
    return { ...shape, attributes: completed };
  });

  return { ...track, attributes, shapes };
}

/** Every object completed by its label; objects of unknown labels only get their shapes ordered. */
export function completeLists(
  lists: AnnotationLists,
  labels: ReadonlyMap<number, LabelInfo>,
): AnnotationLists {
  const completeObject = <T extends Tag | Shape>(object: T): T => {
    const label = labels.get(object.label_id);
    return label ? { ...object, attributes: completeObjectAttributes(object, label) } : object;
  };

  return {
    tags: lists.tags.map(completeObject),
    shapes: lists.shapes.map(completeObject),
    tracks: lists.tracks.map((track) => {
      const label = labels.get(track.label_id);
      return label ? completeTrack(track, label) : { ...track, shapes: sortByFrame(track.shapes) };
    }),
  };
}

function withMissing(
  given: readonly AttributeValue[],
  label: LabelInfo,
  applies: (spec: AttributeSpecInfo) => boolean,
  valueOf: (spec: AttributeSpecInfo) => string,
): AttributeValue[] {
  const present = new Set(given.map((attribute) => attribute.spec_id));
  const added: AttributeValue[] = [];
  for (const spec of label.attributes.values()) {
    if (applies(spec) && !present.has(spec.id)) added.push({ spec_id: spec.id, value: valueOf(spec) });
  }
  return [...given, ...added];
}
