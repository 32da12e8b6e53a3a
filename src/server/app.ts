// The express app: security middleware first, then the rater pages, the admin area behind its
// token, and one error handler. It only wires things together; each area lives in routes/ or admin/.
import express, { type Express, type RequestHandler } from 'express';
import { fileURLToPath } from 'node:url';
import type { Catalog } from './catalog.ts';
import { securityHeaders } from './security/headers.ts';
import { requireAdmin } from './security/admin-auth.ts';
import { parseCookies } from './security/cookies.ts';
import { errorHandler, notFound } from './errors.ts';
import { parseBodies } from './body.ts';
import { healthRouter } from './routes/health/handler.ts';
import { homeRouter } from './routes/home/handler.ts';
import { raterRouter } from './routes/rater/handler.ts';
import { adminRouter } from './admin/index.ts';
import { reportRouter } from './admin/reportRoutes.ts';

export const VIEWS_DIR = fileURLToPath(new URL('../../views', import.meta.url));
export const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));

/** Express's `trust proxy` setting: true, a hop count, or addresses/names such as "loopback". */
export type TrustProxy = boolean | number | string;

/** Request bodies are small forms; anything bigger is refused before it is parsed. */
const BODY_LIMIT = '16kb';

export interface AppOptions {
  catalog: Catalog;
  /** Signs cookies and CSRF tokens. */
  secret: string;
  adminToken: string;
  trustProxy?: TrustProxy;
  log?: (message: string) => void;
}

function completionOrigins(catalog: Catalog): string[] {
  const origins = new Set<string>();
  for (const { study } of catalog.list()) {
    if (study.completion.redirectUrl) origins.add(new URL(study.completion.redirectUrl).origin);
  }
  return [...origins];
}

const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

export function createApp(opts: AppOptions): Express {
  const log = opts.log ?? ((message: string) => console.error(message));
  const app = express();
  app.disable('x-powered-by');
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  // Express caches compiled templates only under NODE_ENV=production; `prefstudy serve` rarely sets
  // it, and recompiling the pair page on every request was pure waste. Editing views needs development.
  app.set('view cache', process.env.NODE_ENV !== 'development');
  app.set('etag', false);
  // Behind a TLS proxy, req.secure comes from X-Forwarded-Proto only when the proxy is trusted:
  // without it the rater and admin cookies would lose their Secure flag.
  if (opts.trustProxy !== undefined) app.set('trust proxy', opts.trustProxy);

  // A form that ends in a redirect to Prolific needs that origin in form-action.
  app.use(securityHeaders(completionOrigins(opts.catalog)));
  app.use('/static', express.static(PUBLIC_DIR, { index: false, maxAge: '1h', fallthrough: true }));
  app.use(parseCookies(opts.secret));
  app.use(parseBodies(BODY_LIMIT));

  // Rater pages first: they take nearly all the traffic, so they should not walk past other routers.
  app.use(raterRouter(opts.catalog, opts.secret));
  app.use(healthRouter(opts.catalog));
  app.use(homeRouter(opts.catalog));
  // Admin pages and downloads show votes and rater ids: never kept by a browser or proxy cache.
  app.use('/admin', noStore, requireAdmin(opts.adminToken));
  app.use('/admin', reportRouter(opts.catalog));
  app.use('/admin', adminRouter(opts.catalog));

  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
