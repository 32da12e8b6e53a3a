// Request bodies: small forms and JSON answers, refused over the limit before they are parsed.
// One layer sends each request to the parser its content type names, so the far more common
// requests without a body (pages, pair fetches) pass no parser at all; any other content type
// still goes through both parsers, which decide exactly as they would on their own.
import express, { type RequestHandler } from 'express';

export function parseBodies(limit: string): RequestHandler {
  const urlencoded = express.urlencoded({ extended: false, limit, parameterLimit: 20 });
  const json = express.json({ limit });
  return (req, res, next) => {
    const type = req.headers['content-type'];
    // Without a content type neither parser would read anything.
    if (type === undefined) return next();
    if (type.startsWith('application/json')) return json(req, res, next);
    if (type.startsWith('application/x-www-form-urlencoded')) return urlencoded(req, res, next);
    urlencoded(req, res, (err?: unknown) => (err === undefined ? json(req, res, next) : next(err)));
  };
}
