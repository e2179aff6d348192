/** The parts of an incoming request needed to build the absolute URLs CVAT clients expect. */
export interface RequestOrigin {
  readonly protocol: string;
  readonly host: string;
}

export function originOf(request: { protocol: string; headers: Record<string, unknown> }): RequestOrigin {
  const host = typeof request.headers.host === 'string' ? request.headers.host : 'localhost';
  return { protocol: request.protocol, host };
}

export function absoluteUrl(origin: RequestOrigin, path: string): string {
  return `${origin.protocol}://${origin.host}${path}`;
}
