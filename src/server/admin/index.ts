// The admin area, mounted at /admin behind the admin token (see app.ts). Report pages are added
// here by the reports work; this file keeps the overview of studies and their progress.
import { Router } from 'express';
import type { Catalog } from '../catalog.ts';
import { presentAdminOverview } from './presenter.ts';

export function adminRouter(catalog: Catalog): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.get('/', (req, res) => {
    const view = presentAdminOverview(catalog.list());
    if (req.accepts(['html', 'json']) === 'json') res.json(view);
    else res.render('admin/index', { view });
  });
  return router;
}
