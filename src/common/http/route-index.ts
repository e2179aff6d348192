import findMyWay from 'find-my-way';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * A second router holding every registered path, used only to tell "no such route" (404) from
 * "route exists, wrong method" (405) when the main router finds nothing.
 */
export class RouteIndex {
  private readonly router = findMyWay({ ignoreTrailingSlash: false });

  add(method: string | string[], url: string): void {
    for (const one of Array.isArray(method) ? method : [method]) {
      const upper = one.toUpperCase();
      if (!this.router.hasRoute(upper as 'GET', url)) this.router.on(upper as 'GET', url, () => undefined);
    }
  }

  allowedMethods(path: string): string[] {
    const pathOnly = path.split('?')[0] ?? path;
    return METHODS.filter((method) => this.router.find(method, pathOnly) !== null);
  }
}
