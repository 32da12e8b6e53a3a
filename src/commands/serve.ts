// `prefstudy serve`: serve the rater pages of every study under --studies, recording votes under
// --results. Prints the URL (with the real port when started with --port 0) and the admin token
// when it had to generate one.
import { Command, InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';
import { formatIssue } from '../errors.ts';
import { blindnessWarnings } from '../study/blindness.ts';
import type { Study } from '../study/schema.ts';
import { openRatingService } from '../rating/service.ts';
import type { TrustProxy } from '../server/app.ts';
import { startServer } from '../server/start.ts';

const SHOWN_AT_START = 3;

/** What could tell raters which model wrote which side: the first few, and where to see the rest. */
function printBlindnessWarnings(study: Study): void {
  const warnings = blindnessWarnings(study);
  if (warnings.length === 0) return;
  console.error(`warning: study ${study.id} may tell raters which model wrote a response (${warnings.length} finding${warnings.length === 1 ? '' : 's'}):`);
  for (const issue of warnings.slice(0, SHOWN_AT_START)) console.error(`  ${formatIssue(issue)}`);
  if (warnings.length > SHOWN_AT_START) console.error(`  ... and more: prefstudy validate ${study.dir}`);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port number from 0 to 65535');
  return port;
}

/** `--trust-proxy`: true/false, a hop count, or addresses and names express knows ("loopback"). */
function parseTrustProxy(value: string): TrustProxy {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

interface ServeOptions {
  studies: string;
  results: string;
  port: number;
  host: string;
  skipBroken?: boolean;
  trustProxy?: TrustProxy;
  databaseUrl?: string;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('serve the rater pages of every study in a folder (admin pages at /admin)')
    .option('--studies <dir>', 'folder of study folders', 'studies')
    .option('--results <dir>', 'where judgments and rater state are written', 'results')
    .option('--port <port>', 'port to listen on; 0 picks a free one (env PORT)', parsePort, parsePort(process.env.PORT ?? '3000'))
    .option('--host <host>', 'interface to listen on (0.0.0.0 for every interface)', process.env.HOST ?? '127.0.0.1')
    .option('--database-url <url>', 'keep judgments and rater state in PostgreSQL (postgres://…; env PREFSTUDY_DATABASE_URL): several instances can serve one study', process.env.PREFSTUDY_DATABASE_URL)
    .option('--skip-broken', 'serve the studies that load even when others do not (default: refuse to start, exit 1)')
    .option(
      '--trust-proxy <proxies>',
      'behind a TLS reverse proxy: trust its X-Forwarded-* headers so cookies are Secure (1 = one hop, loopback, or its address)',
      parseTrustProxy,
    )
    .addHelpText(
      'after',
      '\nEnvironment:\n  PREFSTUDY_ADMIN_TOKEN  admin token (generated and printed when unset; set it when several instances serve one study)\n  PREFSTUDY_SECRET       cookie/CSRF secret (else kept in <results>/.secret, or in the database with --database-url)\n  PREFSTUDY_DATABASE_URL the default of --database-url',
    )
    .action(async (opts: ServeOptions) => {
      const server = await startServer({
        studiesDir: resolve(opts.studies),
        resultsDir: resolve(opts.results),
        port: opts.port,
        host: opts.host,
        openService: openRatingService,
        ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
        ...(opts.skipBroken ? { skipBroken: true } : {}),
        ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy } : {}),
      });
      // Before anything else: a stop asked for from now on closes the stores cleanly.
      let closing = false;
      const shutdown = (signal: string) => {
        if (closing) return;
        closing = true;
        console.log(`${signal}: closing`);
        server.close().then(
          () => process.exit(0),
          (err: unknown) => {
            console.error(err);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      const studies = server.catalog.list();
      console.log(`prefstudy listening on ${server.url} (port ${server.port})`);
      for (const { study } of studies) console.log(`  ${study.title}: ${server.url}s/${study.id}`);
      if (studies.length === 0) console.log(`  no studies found in ${resolve(opts.studies)}`);
      if (server.adminTokenGenerated) {
        console.log(`admin: ${server.url}admin?token=${server.adminToken}`);
        console.log('  (token generated for this run; set PREFSTUDY_ADMIN_TOKEN to keep one)');
      } else {
        console.log(`admin: ${server.url}admin (token from PREFSTUDY_ADMIN_TOKEN)`);
      }
      // After listening: a large study takes a moment to scan, and the server need not wait for it.
      for (const { study } of studies) printBlindnessWarnings(study);
    });
}
