import type { HttpExchange } from './http-exchange';

export type RouteHandler = (exchange: HttpExchange) => Promise<void>;

interface Route {
  method: string;
  segments: string[];
  handler: RouteHandler;
}

export type RouteMatch =
  { kind: 'found'; handler: RouteHandler; params: Record<string, string> } | { kind: 'wrong-method' } | { kind: 'not-found' };

/**
 * A small path router: `/dc/:dc/crm/:version/:module/:id`. Routes are tried in the order they
 * were added, so specific paths (`/:module/search`) must be added before general ones (`/:module/:id`).
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method, segments: splitPath(pattern), handler });
    return this;
  }

  match(method: string, path: string): RouteMatch {
    const segments = splitPath(path);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (params === null) {
        continue;
      }
      if (route.method !== method) {
        pathMatched = true;
        continue;
      }
      return { kind: 'found', handler: route.handler, params };
    }
    return pathMatched ? { kind: 'wrong-method' } : { kind: 'not-found' };
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) {
    return null;
  }
  const params: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index += 1) {
    const expected = pattern[index] as string;
    const value = actual[index] as string;
    if (expected.startsWith(':')) {
      try {
        params[expected.slice(1)] = decodeURIComponent(value);
      } catch {
        return null;
      }
    } else if (expected !== value) {
      return null;
    }
  }
  return params;
}
