import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';

import type { TestApp } from './test-app.js';

export interface Part {
  readonly name: string;
  readonly value: string | Buffer;
  readonly filename?: string;
}

export interface TaskStatus {
  state: string;
  message: string;
}

/** A multipart body as cvat-core sends it: one part per field, `client_files[N]` per file. */
export function multipart(parts: readonly Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----test${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const file = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    const type = part.filename === undefined ? '' : '\r\nContent-Type: application/octet-stream';
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${file}${type}\r\n\r\n`,
      ),
      Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export const files = (entries: readonly (readonly [string, Buffer])[]): Part[] =>
  entries.map(([filename, value], index) => ({ name: `client_files[${index}]`, filename, value }));

export const fields = (values: Record<string, string | number>): Part[] =>
  Object.entries(values).map(([name, value]) => ({ name, value: String(value) }));

/** Indexed parts `name[0]`, `name[1]`, ... as the CLI sends lists in a form. */
export const indexed = (name: string, values: readonly string[]): Part[] =>
  values.map((value, index) => ({ name: `${name}[${index}]`, value }));

/** Every file and directory below `path`, relative to it and sorted; `[]` when it does not exist. */
export async function listTree(path: string): Promise<string[]> {
  const entries = await readdir(path, { recursive: true }).catch(() => [] as string[]);
  return entries.map(String).sort();
}

/** Creating a task, attaching media and waiting for its processing, as a client does. */
export class TaskDataClient {
  constructor(
    private readonly harness: TestApp,
    private readonly auth: { authorization: string },
  ) {}

  async createTask(segmentSize = 0): Promise<number> {
    const response = await this.harness.app.inject({
      method: 'POST',
      url: '/api/v1/tasks',
      headers: this.auth,
      payload: { name: 'media', segment_size: segmentSize, labels: [{ name: 'car', attributes: [] }] },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ id: number }>().id;
  }

  postForm(taskId: number, parts: readonly Part[]) {
    const { payload, headers } = multipart(parts);
    return this.harness.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${taskId}/data`,
      headers: { ...this.auth, ...headers },
      payload,
    });
  }

  postJson(taskId: number, body: Record<string, unknown>) {
    return this.harness.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${taskId}/data`,
      headers: this.auth,
      payload: body,
    });
  }

  status(taskId: number): Promise<TaskStatus> {
    return this.get<TaskStatus>(`/api/v1/tasks/${taskId}/status`);
  }

  /** Polls the status until the job ends; `seen` holds every status read on the way. */
  async settle(taskId: number): Promise<{ final: TaskStatus; seen: TaskStatus[] }> {
    const seen: TaskStatus[] = [];
    for (let attempt = 0; attempt < 600; attempt += 1) {
      const current = await this.status(taskId);
      seen.push(current);
      if (current.state === 'Finished' || current.state === 'Failed') return { final: current, seen };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`Task ${taskId} did not settle: ${JSON.stringify(seen.at(-1))}`);
  }

  /** Polls the status until `accept` takes one; for watching a job while it runs. */
  async waitForStatus(taskId: number, accept: (status: TaskStatus) => boolean): Promise<TaskStatus> {
    for (let attempt = 0; attempt < 600; attempt += 1) {
      const current = await this.status(taskId);
      if (accept(current)) return current;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`Task ${taskId} never reached the awaited status`);
  }

  async get<T = unknown>(url: string): Promise<T> {
    const response = await this.harness.app.inject({ method: 'GET', url, headers: this.auth });
    assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
    return response.json<T>();
  }
}
