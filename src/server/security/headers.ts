// Security headers. The CSP allows no inline script and no inline style: every script and style
// is a static file from this server, so a completion that slips through cannot run anything.
// helmet decides the headers; they are the same for every response, so they are worked out once
// and then set in one step (helmet's dozen nested middlewares per request were a measurable cost).
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

function helmetFor(formActionOrigins: string[]) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'", ...formActionOrigins],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    // Plain-HTTP localhost studies must keep working; HSTS belongs to the TLS proxy in front.
    strictTransportSecurity: false,
  });
}

/** The headers helmet sets and removes, recorded by running it once against a stand-in response. */
function recordHeaders(formActionOrigins: string[]): { set: Array<[string, string]>; removed: string[] } {
  const set = new Map<string, string>();
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.set(name, String(value));
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
      set.delete(name);
    },
  };
  let failure: unknown;
  helmetFor(formActionOrigins)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    failure = err;
  });
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(String(failure));
  if (set.size === 0) throw new Error('helmet set no security headers');
  return { set: [...set], removed };
}

/** `formActionOrigins`: where a form may end up after redirects (the studies' completion URLs). */
export function securityHeaders(formActionOrigins: string[]): RequestHandler {
  const { set, removed } = recordHeaders(formActionOrigins);
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}
