// `/`: the studies this server runs, by title. Raters reach a study through its link; the list is
// for the people who set the study up, and shows nothing a rater should not see.
import { Router } from 'express';
import type { Catalog } from '../../catalog.ts';
import { presentHome } from './presenter.ts';

export function homeRouter(catalog: Catalog): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const view = presentHome(catalog.list().map((e) => e.study));
    if (req.accepts(['html', 'json']) === 'json') res.json({ studies: view.studies.map(({ id, title, path }) => ({ id, title, path })) });
    else res.render('home', { view });
  });
  return router;
}
