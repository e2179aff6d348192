import { posix } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';

/** A member would leave the extraction directory (zip-slip) or is otherwise unusable. */
export class UnsafeMemberError extends Error {
  constructor(readonly member: string) {
    super(`Unsafe archive member ${member}`);
  }
}

/** The archive expands beyond the configured budget (a zip bomb, or just too big). */
export class ExtractionBudgetError extends Error {}

/**
 * The member's path to extract to, relative to the extraction directory, or undefined for the root
 * itself. Absolute paths, drive letters and `..` components are refused rather than "repaired".
 */
export function memberPath(member: string): string | undefined {
  if (member.startsWith('/') || /^[A-Za-z]:/.test(member)) throw new UnsafeMemberError(member);
  const parts = member.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw new UnsafeMemberError(member);
  return parts.length === 0 ? undefined : parts.join('/');
}

/** Whether a link stored at `member` pointing at `target` stays inside the extraction directory. */
export function linkStaysInside(member: string, target: string): boolean {
  if (target.startsWith('/') || /^[A-Za-z]:/.test(target)) return false;
  const resolved = posix.normalize(posix.join(posix.dirname(member), target));
  return resolved !== '..' && !resolved.startsWith('../');
}

/** Counts the bytes actually written, whatever the archive's headers claim. */
export class ExtractionBudget {
  private used = 0;

  constructor(readonly limitBytes: number) {}

  get bytesUsed(): number {
    return this.used;
  }

  meter(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding, callback: TransformCallback) => {
        this.used += chunk.length;
        if (this.used > this.limitBytes) callback(new ExtractionBudgetError());
        else callback(null, chunk);
      },
    });
  }
}
