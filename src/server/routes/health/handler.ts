import { Router } from 'express';
import type { Catalog } from '../../catalog.ts';

/**
 * `GET /healthz`: the process answers, and which studies it serves. A study that did not load
 * (served with --skip-broken) makes the status "degraded"; why is in the server log, not here.
 */
export function healthRouter(catalog: Catalog): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    const serving = catalog.list().map(({ study }) => ({ id: study.id, status: 'serving' as const }));
    const failed = catalog.failures().map(({ id }) => ({ id, status: 'failed' as const }));
    res.set('Cache-Control', 'no-store').json({ status: failed.length ? 'degraded' : 'ok', studies: [...serving, ...failed] });
  });
  return router;
}
