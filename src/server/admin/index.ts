// The admin area, mounted at /admin behind the admin token (see app.ts): the overview of studies,
// their progress and links to their reports. The report pages themselves are in reportRoutes.ts.
import { Router } from 'express';
import type { Catalog } from '../catalog.ts';
import { presentAdminOverview, progressOf } from './presenter.ts';

export function adminRouter(catalog: Catalog): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const view = presentAdminOverview(await progressOf(catalog.list()));
    if (req.accepts(['html', 'json']) === 'json') res.json(view);
    else res.render('admin/index', { view });
  });
  return router;
}
