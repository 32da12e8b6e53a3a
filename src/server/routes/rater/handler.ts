// The rater's pages. Each handler is the same pipeline: validate the request -> authorize (signed
// rater cookie, CSRF token) -> call the rating use case -> present (HTML, or JSON when asked).
import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { Catalog, StudyEntry } from '../../catalog.ts';
import { RequestError } from '../../errors.ts';
import { csrfTokens } from '../../security/csrf.ts';
import { readRaterId, studyPath, writeRaterId } from '../../security/rater-cookie.ts';
import type { RaterIdentity } from '../../../rating/types.ts';
import { AnswerBody, EntryQuery, StartBody, StudyParams, parseRequest, toAnswer } from './schema.ts';
import { hashUserAgent } from './ua-hash.ts';
import { presentDone, presentLanding, presentPair, presentPairJson } from './presenter.ts';

function wantsJson(req: Request): boolean {
  // Scripted clients send exactly this; anything else goes through full content negotiation.
  if (req.headers.accept === 'application/json') return true;
  return req.accepts(['html', 'json']) === 'json';
}

function entryOf(catalog: Catalog, req: Request): StudyEntry {
  // A served study's id is valid by construction; only unknown ids need the schema's wording.
  const id: unknown = req.params.study;
  const known = typeof id === 'string' ? catalog.get(id) : undefined;
  if (known) return known;
  const { study } = parseRequest(StudyParams, req.params, 'address');
  const entry = catalog.get(study);
  if (entry) return entry;
  if (catalog.failures().some((f) => f.id === study)) throw new RequestError('unavailable', 'This study is not available right now.');
  throw new RequestError('not-found', 'There is no such study.');
}

/** Who is arriving: Prolific ids, a `?rater=` id, the cookie, or someone new. */
function identityOf(query: EntryQuery, cookieId: string | undefined): RaterIdentity {
  if (query.PROLIFIC_PID) {
    const { PROLIFIC_PID: pid, STUDY_ID: studyId, SESSION_ID: sessionId } = query;
    return { id: pid, ...(studyId && sessionId ? { prolific: { pid, studyId, sessionId } } : {}) };
  }
  if (query.rater) return { id: query.rater };
  return { id: cookieId ?? `r-${randomBytes(12).toString('base64url')}` };
}

function requireRater(req: Request): string {
  const raterId = readRaterId(req);
  if (!raterId) throw new RequestError('forbidden', 'Open the study link first: we do not know who you are yet.');
  return raterId;
}

function uaHash(req: Request): string | undefined {
  const ua = req.get('user-agent');
  return ua ? hashUserAgent(ua) : undefined;
}

export function raterRouter(catalog: Catalog, secret: string): Router {
  const router = Router();
  const csrf = csrfTokens(secret);
  const csrfFor = (entry: StudyEntry, raterId: string) => csrf.token(`${entry.study.id}\0${raterId}`);
  const authorize = (entry: StudyEntry, raterId: string, token: unknown) => {
    if (!csrf.isValid(`${entry.study.id}\0${raterId}`, token)) {
      throw new RequestError('forbidden', 'This form has expired or did not come from this site. Reload the page and try again.');
    }
  };

  router.use('/s', (_req, res, next) => {
    // Pair pages change with every answer; the back button must never resubmit a stale copy.
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/s/:study', async (req, res) => {
    const entry = entryOf(catalog, req);
    const query = parseRequest(EntryQuery, req.query, 'study link');
    const identity = identityOf(query, readRaterId(req));
    const rater = await entry.service.enter(identity);
    writeRaterId(req, res, entry.study.id, rater.id);
    res.render('landing', { view: presentLanding(entry.study, rater, csrfFor(entry, rater.id)) });
  });

  router.post('/s/:study/start', async (req, res) => {
    const entry = entryOf(catalog, req);
    const body = parseRequest(StartBody, req.body, 'form');
    const raterId = requireRater(req);
    authorize(entry, raterId, body._csrf);
    const started = await entry.service.start(raterId, body.consent === 'yes');
    if (started === 'consent-needed') {
      throw new RequestError('invalid-input', 'Please tick the consent box to take part.', [{ field: 'consent', message: 'required' }]);
    }
    if (wantsJson(req)) res.json({ status: 'started' });
    else res.redirect(303, `${studyPath(entry.study.id)}/task`);
  });

  router.get('/s/:study/task', async (req, res) => {
    const entry = entryOf(catalog, req);
    const raterId = readRaterId(req);
    const base = studyPath(entry.study.id);
    if (!raterId) {
      if (wantsJson(req)) throw new RequestError('forbidden', 'Open the study link first.');
      return res.redirect(303, base);
    }
    const current = await entry.service.current(raterId);
    if (wantsJson(req)) {
      if (current.kind === 'task') return res.json(presentPairJson(current.task, csrfFor(entry, raterId)));
      if (current.kind === 'consent-needed') return res.json({ status: 'consent-needed' });
      return res.json({ status: 'done', ...(current.completionCode ? { completionCode: current.completionCode } : {}) });
    }
    if (current.kind === 'consent-needed') return res.redirect(303, base);
    if (current.kind === 'done') return res.redirect(303, `${base}/done`);
    res.render('pair', { view: presentPair(entry.study, current.task, csrfFor(entry, raterId)) });
  });

  router.post('/s/:study/task', async (req, res) => {
    const entry = entryOf(catalog, req);
    const body = parseRequest(AnswerBody, req.body, 'answer');
    const answer = toAnswer(body, entry.study.scale);
    const raterId = requireRater(req);
    authorize(entry, raterId, body._csrf);
    const hash = uaHash(req);
    const result = await entry.service.submit(raterId, answer, hash ? { uaHash: hash } : {});
    // A duplicate (double click, refresh, replay) recorded nothing new: just move on.
    if (wantsJson(req)) res.json({ status: result.kind });
    else res.redirect(303, `${studyPath(entry.study.id)}/task`);
  });

  router.get('/s/:study/done', async (req, res) => {
    const entry = entryOf(catalog, req);
    const raterId = readRaterId(req);
    const base = studyPath(entry.study.id);
    if (!raterId) return res.redirect(303, base);
    const current = await entry.service.current(raterId);
    if (current.kind !== 'done') return res.redirect(303, `${base}/task`);
    if (current.redirectUrl) return res.redirect(303, current.redirectUrl);
    res.render('done', { view: presentDone(entry.study, current.completionCode) });
  });

  return router;
}
