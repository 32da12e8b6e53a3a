// Security headers. The CSP allows no inline script and no inline style: every script and style
// is a static file from this server, so a completion that slips through cannot run anything.
import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** `formActionOrigins`: where a form may end up after redirects (the studies' completion URLs). */
export function securityHeaders(formActionOrigins: string[]): RequestHandler {
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
