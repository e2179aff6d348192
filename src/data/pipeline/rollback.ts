import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * Undo for one media preparation. It notes what the upload area and the output directory held
 * before; sources that are replaced by their contents (archives, PDFs) are moved aside rather than
 * deleted. `undo` removes whatever appeared and puts the sources back, so a retry starts clean.
 */
export class Rollback {
  private readonly consumed: { from: string; to: string }[] = [];
  readonly asideName = `.consumed-${randomBytes(4).toString('hex')}`;

  private constructor(
    private readonly uploadDir: string,
    private readonly before: ReadonlyMap<string, ReadonlySet<string>>,
  ) {}

  static async begin(uploadDir: string, outputDir: string): Promise<Rollback> {
    const before = new Map<string, ReadonlySet<string>>();
    for (const dir of new Set([uploadDir, outputDir])) {
      await mkdir(dir, { recursive: true });
      before.set(dir, new Set(await readdir(dir)));
    }
    return new Rollback(uploadDir, before);
  }

  /** Moves a source out of the upload area until the preparation succeeds; returns its new path. */
  async consume(relative: string): Promise<string> {
    const aside = join(this.uploadDir, this.asideName);
    await mkdir(aside, { recursive: true });
    const from = join(this.uploadDir, relative);
    const to = join(aside, `${this.consumed.length}-${basename(relative)}`);
    await rename(from, to);
    this.consumed.push({ from, to });
    return to;
  }

  async commit(): Promise<void> {
    await rm(join(this.uploadDir, this.asideName), { recursive: true, force: true });
  }

  async undo(): Promise<void> {
    for (const [dir, names] of this.before) {
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        if (!names.has(name) && name !== this.asideName)
          await rm(join(dir, name), { recursive: true, force: true });
      }
    }
    for (const { from, to } of this.consumed.reverse()) await rename(to, from).catch(() => undefined);
    await this.commit();
  }
}
