import { mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

import { Inject, Injectable } from '@nestjs/common';

import { IMAGE_LIMITS, type ImageLimits } from '../media/image-codec.js';
import { MediaFailure, MediaFailures } from '../media-failure.js';
import { ProcessFailedError, ProgramNotFoundError, runProgram } from '../process/child-process.js';

export const PDF_TOOLS = Symbol('PDF_TOOLS');

export interface PdfTools {
  /** Directory of poppler-utils' pdftoppm and pdfinfo; undefined searches PATH. */
  readonly binDir?: string;
}

const DPI = 200;
const POINTS_PER_INCH = 72;
const JPEG_QUALITY = 95;
const PAGE_SIZE = /^Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts/;

/**
 * Renders PDF pages to JPEG files at 200 DPI with poppler's pdftoppm. Page images are named after
 * the PDF plus the zero-based page index in nine digits, so code-point order is page order.
 */
@Injectable()
export class PdfReader {
  constructor(
    @Inject(PDF_TOOLS) private readonly tools: PdfTools,
    @Inject(IMAGE_LIMITS) private readonly limits: ImageLimits,
  ) {}

  /** Renders pages 1..`lastPage + 1` (all when undefined) into `targetDir`; returns the file names. */
  async render(pdf: string, targetDir: string, lastPage?: number, name = basename(pdf)): Promise<string[]> {
    const pages = await this.pageSizes(pdf, name, lastPage);
    for (const [index, page] of pages.entries()) {
      const pixels =
        Math.ceil((page.width * DPI) / POINTS_PER_INCH) * Math.ceil((page.height * DPI) / POINTS_PER_INCH);
      if (pixels > this.limits.maxPixels) {
        throw MediaFailures.damagedPdf(name, `page ${index + 1} is too large to render at ${DPI} DPI`);
      }
    }

    const scratch = await mkdtemp(join(targetDir, '.pdf-'));
    try {
      const args = [
        '-r',
        String(DPI),
        '-jpeg',
        '-jpegopt',
        `quality=${JPEG_QUALITY}`,
        '-l',
        String(pages.length),
      ];
      await this.run('pdftoppm', [...args, pdf, join(scratch, 'page')], name);
      const rendered = (await readdir(scratch)).filter((file) => file.startsWith('page-')).sort(byPageNumber);
      if (rendered.length === 0) throw MediaFailures.damagedPdf(name, 'no page could be rendered');

      const stem = basename(name, extname(name));
      const names = rendered.map((_, index) => `${stem}${String(index).padStart(9, '0')}.jpeg`);
      for (const [index, file] of rendered.entries())
        await rename(join(scratch, file), join(targetDir, names[index]));
      return names;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /** Page sizes in points, read with pdfinfo before anything is rendered. */
  private async pageSizes(
    pdf: string,
    name: string,
    lastPage?: number,
  ): Promise<{ width: number; height: number }[]> {
    const sizes: { width: number; height: number }[] = [];
    const last = lastPage === undefined ? 1_000_000 : lastPage + 1;
    await this.run('pdfinfo', ['-f', '1', '-l', String(last), pdf], name, (line) => {
      const match = PAGE_SIZE.exec(line);
      if (match) sizes.push({ width: Number(match[1]), height: Number(match[2]) });
    });
    if (sizes.length === 0) throw MediaFailures.damagedPdf(name, 'the document has no pages');
    return sizes;
  }

  private async run(
    program: string,
    args: string[],
    name: string,
    onLine?: (line: string) => void,
  ): Promise<void> {
    const binary = this.tools.binDir ? join(this.tools.binDir, program) : program;
    try {
      let pending = '';
      await runProgram(binary, args, {
        onStdout: onLine
          ? (stdout) =>
              stdout.setEncoding('utf8').on('data', (text: string) => {
                const lines = (pending + text).split('\n');
                pending = lines.pop() ?? '';
                lines.forEach(onLine);
              })
          : undefined,
      });
      if (pending && onLine) onLine(pending);
    } catch (error) {
      if (error instanceof MediaFailure) throw error;
      if (error instanceof ProgramNotFoundError) throw MediaFailures.programMissing(program, 'poppler-utils');
      const reason = error instanceof ProcessFailedError ? lastLine(error.stderrTail) : String(error);
      throw MediaFailures.damagedPdf(name, reason || 'not a valid PDF document');
    }
  }
}

function byPageNumber(a: string, b: string): number {
  return pageNumber(a) - pageNumber(b);
}

function pageNumber(file: string): number {
  return Number(/-(\d+)\.jpg$/.exec(file)?.[1] ?? 0);
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .at(-1)
      ?.replace(/^(Syntax )?Error:\s*/, '') ?? ''
  );
}
