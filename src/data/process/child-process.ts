import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

/** A program the server needs is not installed. */
export class ProgramNotFoundError extends Error {
  constructor(readonly program: string) {
    super(`${program} was not found`);
  }
}

export class ProcessFailedError extends Error {
  constructor(
    readonly program: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
  ) {
    super(
      `${program} exited with ${exitCode ?? 'a signal'}: ${stderrTail.trim().split('\n').slice(-3).join(' / ')}`,
    );
  }
}

export interface RunOptions {
  /** Called with each line of standard error, for progress and probing. */
  readonly onStderrLine?: (line: string) => void;
  /** Receives standard output as a stream; otherwise it is discarded. */
  readonly onStdout?: (stdout: Readable) => void;
  readonly stdin?: (stdin: Writable) => void;
  readonly signal?: AbortSignal;
  /** Resolve instead of rejecting on these exit codes (ffmpeg -i exits 1 by design). */
  readonly acceptExitCodes?: readonly number[];
}

export interface RunResult {
  readonly exitCode: number;
  readonly stderrTail: string;
}

const STDERR_TAIL_BYTES = 16 * 1024;

/** Runs a program to completion, keeping only the tail of its standard error. */
export function runProgram(
  program: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(program, args, {
        stdio: [options.stdin ? 'pipe' : 'ignore', options.onStdout ? 'pipe' : 'ignore', 'pipe'],
        signal: options.signal,
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }

    let tail = '';
    let partial = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      tail = (tail + text).slice(-STDERR_TAIL_BYTES);
      if (!options.onStderrLine) return;
      const lines = (partial + text).split(/\r?\n|\r/);
      partial = lines.pop() ?? '';
      for (const line of lines) options.onStderrLine(line);
    });
    if (options.onStdout && child.stdout) options.onStdout(child.stdout);
    if (options.stdin && child.stdin) options.stdin(child.stdin);

    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new ProgramNotFoundError(program) : error);
    });
    child.once('close', (code) => {
      if (partial && options.onStderrLine) options.onStderrLine(partial);
      const accepted = code === 0 || (code !== null && (options.acceptExitCodes ?? []).includes(code));
      if (accepted) resolve({ exitCode: code, stderrTail: tail });
      else reject(new ProcessFailedError(program, code, tail));
    });
  });
}
