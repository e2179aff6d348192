import { FieldValidationError } from '../../common/errors/domain-errors.js';
import { CVAT_MESSAGES } from '../../common/validation/cvat-messages.js';
import { pythonTypeName } from '../../common/validation/python-notation.js';
import {
  SHAPE_TYPES,
  SOURCES,
  type AnnotationDocument,
  type AttributeValue,
  type Shape,
  type Tag,
  type Track,
  type TrackedShape,
} from './annotation-document.js';
import {
  FieldIssues,
  INT32,
  isRecord,
  NON_NEGATIVE,
  readBoolean,
  readChoice,
  readInteger,
  readNullableInteger,
  readObjectList,
  readText,
  type JsonRecord,
} from './document-fields.js';
import { readPoints } from './shape-points.js';

/**
 * Validates an annotation document with the rules and error bodies of CVAT's serializers and
 * returns new objects holding only the known fields, defaults filled in (point lists are the
 * request's own, never changed). The body is consumed: the items of its `tags`, `shapes` and
 * `tracks` are removed as they are read, so that a body of a hundred thousand objects is not held
 * in memory next to its parsed copy for the whole save.
 *
 * Hand-written rather than declared with class-validator: a save of a hundred thousand shapes and
 * a thousand long tracks must be checked in well under 200 ms, and decorator-driven validation
 * spends that many milliseconds on a few thousand objects. The document's depth is fixed, so the
 * reading is plain loops without recursion, and unknown keys (cvat-core's `clientID`) are never
 * looked at.
 */
export function parseAnnotationDocument(body: unknown): AnnotationDocument {
  // An empty request body reads as an empty form, as in DRF: every field is then reported missing.
  const record = body === undefined ? {} : body;
  if (!isRecord(record)) {
    throw FieldValidationError.nonField(CVAT_MESSAGES.notADict(pythonTypeName(record)));
  }

  const issues = new FieldIssues();
  const document: AnnotationDocument = {
    version: readInteger(record, 'version', issues, INT32),
    tags: readObjectList(record, 'tags', issues, parseTag, true, true),
    shapes: readObjectList(record, 'shapes', issues, parseShape, true, true),
    tracks: readObjectList(record, 'tracks', issues, parseTrack, true, true),
  };

  const errors = issues.take();
  if (errors !== undefined) throw new FieldValidationError(errors);
  return document;
}

/**
 * Ids are not checked against 1 here: an id that no stored object has, 0 included, is refused or
 * renumbered by the save itself, which knows the objects being replaced.
 */
function readId(record: JsonRecord, issues: FieldIssues): number | null {
  return readNullableInteger(record, 'id', issues, NON_NEGATIVE, false);
}

export function parseTag(record: JsonRecord, issues: FieldIssues): Tag {
  return {
    id: readId(record, issues),
    frame: readInteger(record, 'frame', issues, NON_NEGATIVE),
    label_id: readInteger(record, 'label_id', issues, NON_NEGATIVE),
    group: readNullableInteger(record, 'group', issues, NON_NEGATIVE, true),
    source: readChoice(record, 'source', issues, SOURCES, 'manual'),
    attributes: readAttributes(record, issues),
  };
}

export function parseShape(record: JsonRecord, issues: FieldIssues): Shape {
  const type = readChoice(record, 'type', issues, SHAPE_TYPES);
  return {
    id: readId(record, issues),
    frame: readInteger(record, 'frame', issues, NON_NEGATIVE),
    label_id: readInteger(record, 'label_id', issues, NON_NEGATIVE),
    group: readNullableInteger(record, 'group', issues, NON_NEGATIVE, true),
    source: readChoice(record, 'source', issues, SOURCES, 'manual'),
    type,
    occluded: readBoolean(record, 'occluded', issues),
    z_order: readInteger(record, 'z_order', issues, INT32, 0),
    points: readPoints(record, issues, issues.has('type') ? undefined : type),
    attributes: readAttributes(record, issues),
  };
}

export function parseTrack(record: JsonRecord, issues: FieldIssues): Track {
  return {
    id: readId(record, issues),
    frame: readInteger(record, 'frame', issues, NON_NEGATIVE),
    label_id: readInteger(record, 'label_id', issues, NON_NEGATIVE),
    group: readNullableInteger(record, 'group', issues, NON_NEGATIVE, true),
    source: readChoice(record, 'source', issues, SOURCES, 'manual'),
    attributes: readAttributes(record, issues),
    shapes: readObjectList(record, 'shapes', issues, parseTrackedShape, false),
  };
}

function parseTrackedShape(record: JsonRecord, issues: FieldIssues): TrackedShape {
  const type = readChoice(record, 'type', issues, SHAPE_TYPES);
  return {
    id: readId(record, issues),
    frame: readInteger(record, 'frame', issues, NON_NEGATIVE),
    type,
    occluded: readBoolean(record, 'occluded', issues),
    outside: readBoolean(record, 'outside', issues),
    z_order: readInteger(record, 'z_order', issues, INT32, 0),
    points: readPoints(record, issues, issues.has('type') ? undefined : type),
    attributes: readAttributes(record, issues),
  };
}

function readAttributes(record: JsonRecord, issues: FieldIssues): AttributeValue[] {
  return readObjectList(record, 'attributes', issues, parseAttribute, true);
}

function parseAttribute(record: JsonRecord, issues: FieldIssues): AttributeValue {
  return {
    spec_id: readInteger(record, 'spec_id', issues, NON_NEGATIVE),
    value: readText(record, 'value', issues),
  };
}
