import type { AnnotationDocument } from './annotation-document.js';
import { FieldIssues, INT32, isRecord, readInteger, type JsonRecord } from './document-fields.js';
import { parseShape, parseTag, parseTrack } from './document-parser.js';

/** Objects of a list parsed by one `JSON.parse`: small enough to die young, few enough calls. */
const BATCH = 500;

const LISTS = { tags: parseTag, shapes: parseShape, tracks: parseTrack } as const;
type ListName = keyof typeof LISTS;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
/** Keys whose presence anywhere sends the body to the guarded parser, which refuses them. */
const POISON = [Buffer.from('__proto__'), Buffer.from('constructor')];

/** Thrown inside the reader when the body is anything but a plain, valid document. */
class NotPlain extends Error {}

/**
 * Reads an annotation document from the bytes of its JSON body without building the body's whole
 * tree: the objects of `tags`, `shapes` and `tracks` are parsed a few hundred at a time and made
 * into the document's objects at once, so the parsed JSON is short-lived garbage instead of a
 * second copy of the document held for the whole parse.
 *
 * Only a plain, valid document is read this way: an object holding `version` and the three lists
 * once each, every object of which passes the parser's checks. For anything else (a syntax
 * error, a missing or repeated key, a wrong type, any invalid field) it answers undefined, and the
 * caller parses the body whole, which reports the errors exactly as for a small body.
 */
export function readDocumentInPieces(bytes: Buffer): AnnotationDocument | undefined {
  if (POISON.some((word) => bytes.includes(word))) return undefined;
  try {
    return new PieceReader(bytes).document();
  } catch (error) {
    if (error instanceof NotPlain || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

class PieceReader {
  private position = 0;

  constructor(private readonly bytes: Buffer) {}

  document(): AnnotationDocument {
    const found: Partial<AnnotationDocument> = {};
    this.expect(OPEN_OBJECT);
    if (this.peek() === CLOSE_OBJECT) throw new NotPlain();
    for (;;) {
      const key = this.key();
      if (Object.hasOwn(found, key)) throw new NotPlain();
      if (key === 'tags' || key === 'shapes' || key === 'tracks') {
        (found as Record<string, unknown>)[key] = this.list(key);
      } else {
        const value = this.value();
        if (key === 'version') found.version = readVersion(value);
      }
      const next = this.next();
      if (next === CLOSE_OBJECT) break;
      if (next !== COMMA) throw new NotPlain();
    }
    if (this.skipBlanks() !== this.bytes.length) throw new NotPlain();
    const { version, tags, shapes, tracks } = found;
    if (version === undefined || !tags || !shapes || !tracks) throw new NotPlain();
    return { version, tags, shapes, tracks };
  }

  /** A key and its colon. */
  private key(): string {
    this.skipBlanks();
    const start = this.position;
    if (this.bytes[start] !== QUOTE) throw new NotPlain();
    this.position = this.stringEnd(start);
    const key = JSON.parse(this.text(start, this.position)) as string;
    this.expect(COLON);
    return key;
  }

  /** Any JSON value, parsed whole (version and keys the document does not know). */
  private value(): unknown {
    this.skipBlanks();
    const start = this.position;
    this.position = this.valueEnd(start);
    return JSON.parse(this.text(start, this.position));
  }

  /** The objects of one list, each made into the document's object as soon as its batch is read. */
  private list<T>(name: ListName): T[] {
    const parseItem = LISTS[name] as unknown as (record: JsonRecord, issues: FieldIssues) => T;
    const items: T[] = [];
    const issues = new FieldIssues();
    this.expect(OPEN_ARRAY);
    if (this.peek() === CLOSE_ARRAY) {
      this.position += 1;
      return items;
    }
    let batchStart = -1;
    let count = 0;
    for (;;) {
      this.skipBlanks();
      if (batchStart < 0) batchStart = this.position;
      this.position = this.valueEnd(this.position);
      count += 1;
      const next = this.next();
      if (next !== COMMA && next !== CLOSE_ARRAY) throw new NotPlain();
      if (count === BATCH || next === CLOSE_ARRAY) {
        // The batch ends before its last separator: its text is a list's contents.
        const batch = JSON.parse(`[${this.text(batchStart, this.position - 1)}]`) as unknown[];
        for (const record of batch) {
          if (!isRecord(record)) throw new NotPlain();
          items.push(parseItem(record, issues));
          if (issues.take() !== undefined) throw new NotPlain();
        }
        batchStart = -1;
        count = 0;
      }
      if (next === CLOSE_ARRAY) return items;
    }
  }

  /** The end of the value that starts at `start`; its syntax is left to `JSON.parse`. */
  private valueEnd(start: number): number {
    const { bytes } = this;
    const first = bytes[start];
    if (first === QUOTE) return this.stringEnd(start);
    if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
      let end = start;
      while (end < bytes.length && !isDelimiter(bytes[end])) end += 1;
      if (end === start) throw new NotPlain();
      return end;
    }
    let depth = 0;
    let index = start;
    while (index < bytes.length) {
      const byte = bytes[index];
      if (byte === QUOTE) {
        index = this.stringEnd(index);
        continue;
      }
      if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth += 1;
      else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        depth -= 1;
        if (depth === 0) return index + 1;
      }
      index += 1;
    }
    throw new NotPlain();
  }

  /** The index after the closing quote of the string that opens at `start`. */
  private stringEnd(start: number): number {
    const { bytes } = this;
    let index = start + 1;
    for (;;) {
      const quote = bytes.indexOf(QUOTE, index);
      if (quote < 0) throw new NotPlain();
      let backslashes = 0;
      while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes += 1;
      // An odd run of backslashes escapes the quote.
      if (backslashes % 2 === 0) return quote + 1;
      index = quote + 1;
    }
  }

  private text(start: number, end: number): string {
    return this.bytes.toString('utf8', start, end);
  }

  private expect(byte: number): void {
    if (this.next() !== byte) throw new NotPlain();
  }

  /** The next byte after blanks, consumed. */
  private next(): number | undefined {
    this.skipBlanks();
    const byte = this.bytes[this.position];
    this.position += 1;
    return byte;
  }

  /** The next byte after blanks, not consumed. */
  private peek(): number | undefined {
    this.skipBlanks();
    return this.bytes[this.position];
  }

  private skipBlanks(): number {
    const { bytes } = this;
    while (this.position < bytes.length && isBlank(bytes[this.position])) this.position += 1;
    return this.position;
  }
}

function isBlank(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function isDelimiter(byte: number): boolean {
  return isBlank(byte) || byte === COMMA || byte === CLOSE_OBJECT || byte === CLOSE_ARRAY;
}

function readVersion(value: unknown): number {
  const issues = new FieldIssues();
  const version = readInteger({ version: value }, 'version', issues, INT32);
  if (issues.take() !== undefined) throw new NotPlain();
  return version;
}
