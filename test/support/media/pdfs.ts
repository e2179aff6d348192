import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A minimal valid PDF with one filled rectangle per page, in the given page sizes (points).
 * Written by hand so that tests need no PDF library.
 */
export async function writePdf(
  path: string,
  pages: readonly { width: number; height: number }[],
): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const objects: string[] = [];
  const pageIds = pages.map((_, index) => 3 + index * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  pages.forEach((page, index) => {
    const id = pageIds[index];
    const shade = (index * 0.2) % 1;
    const drawing = `${shade.toFixed(2)} 0.3 0.6 rg 10 10 ${page.width / 2} ${page.height / 2} re f`;
    objects[id] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${page.width} ${page.height}] /Contents ${id + 1} 0 R >>`;
    objects[id + 1] = `<< /Length ${drawing.length} >>\nstream\n${drawing}\nendstream`;
  });

  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id += 1) {
    offsets[id] = Buffer.byteLength(body);
    body += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id += 1)
    body += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  await writeFile(path, body);
  return path;
}
