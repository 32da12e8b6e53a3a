// Starting a server: load the studies, settle the secrets, listen. Used by `prefstudy serve` and by
// the integration tests (which listen on 127.0.0.1 port 0).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdir } from 'node:fs/promises';
import { PrefstudyError } from '../errors.ts';
import { createApp, type TrustProxy } from './app.ts';
import { openCatalog, type Catalog, type OpenRatingService } from './catalog.ts';
import type { StoreConfig } from '../store/open-stores.ts';
import { loadOrCreateSecret, resolveAdminToken } from './secrets.ts';

export interface StartOptions {
  studiesDir: string;
  resultsDir: string;
  /** postgres://… : the studies' state lives in that database (shared by every instance on it). */
  databaseUrl?: string;
  port: number;
  host: string;
  openService: OpenRatingService;
  /** Serve the studies that load when others do not (default: refuse to start). */
  skipBroken?: boolean;
  /** Express's `trust proxy`: set behind a TLS proxy so cookies are Secure and client IPs right. */
  trustProxy?: TrustProxy;
  /** PREFSTUDY_SECRET and PREFSTUDY_ADMIN_TOKEN come from here (process.env by default). */
  env?: Record<string, string | undefined>;
  log?: (message: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  adminToken: string;
  adminTokenGenerated: boolean;
  catalog: Catalog;
  close(): Promise<void>;
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((message: string) => console.error(message));
  await mkdir(opts.resultsDir, { recursive: true });
  const catalog = await openCatalog({ studiesDir: opts.studiesDir, store: storeOf(opts), openService: opts.openService, log });
  const failures = catalog.failures();
  if (failures.length > 0 && !opts.skipBroken) {
    await catalog.close();
    const which = failures.length === 1 ? 'a study does' : `${failures.length} studies do`;
    throw new PrefstudyError(
      'invalid-input',
      `${which} not load, so nothing is served. Fix what is named below, or start with --skip-broken to serve the other studies:\n${failures.map((f) => f.report).join('\n')}`,
    );
  }
  for (const failure of failures) log(`NOT SERVED (--skip-broken): study ${failure.id}\n${failure.report}`);
  try {
    return await listen(opts, catalog, env, log);
  } catch (error) {
    await catalog.close();
    throw error;
  }
}

async function listen(opts: StartOptions, catalog: Catalog, env: Record<string, string | undefined>, log: (message: string) => void): Promise<RunningServer> {
  const secret = await loadOrCreateSecret(storeOf(opts), env.PREFSTUDY_SECRET);
  const admin = resolveAdminToken(env.PREFSTUDY_ADMIN_TOKEN);
  const app = createApp({ catalog, secret, adminToken: admin.token, log, ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy } : {}) });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port, opts.host, (err?: Error) => (err ? reject(listenError(err, opts)) : resolve(s)));
  });
  // Many raters keep connections open; let idle keep-alive sockets close on shutdown.
  server.keepAliveTimeout = 5_000;
  const { port } = server.address() as AddressInfo;
  const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    adminToken: admin.token,
    adminTokenGenerated: admin.generated,
    catalog,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await catalog.close();
    },
  };
}

function storeOf(opts: StartOptions): StoreConfig {
  return { resultsDir: opts.resultsDir, ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}) };
}

/** A port that is taken or not allowed is the user's to fix: say so in one line. */
function listenError(err: Error, opts: StartOptions): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new PrefstudyError('conflict', `port ${opts.port} on ${opts.host} is already in use; choose another with --port (0 picks a free one)`);
  if (code === 'EACCES') return new PrefstudyError('forbidden', `not allowed to listen on port ${opts.port} on ${opts.host}; ports below 1024 need privileges`);
  if (code === 'EADDRNOTAVAIL') return new PrefstudyError('invalid-input', `${opts.host} is not an address of this machine; check --host`);
  return err;
}
