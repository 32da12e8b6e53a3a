// Starting a server: load the studies, settle the secrets, listen. Used by `prefstudy serve` and by
// the integration tests (which listen on 127.0.0.1 port 0).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdir } from 'node:fs/promises';
import { createApp } from './app.ts';
import { openCatalog, type Catalog, type OpenRatingService } from './catalog.ts';
import { loadOrCreateSecret, resolveAdminToken } from './secrets.ts';

export interface StartOptions {
  studiesDir: string;
  resultsDir: string;
  port: number;
  host: string;
  openService: OpenRatingService;
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
  const secret = await loadOrCreateSecret(opts.resultsDir, env.PREFSTUDY_SECRET);
  const admin = resolveAdminToken(env.PREFSTUDY_ADMIN_TOKEN);
  const catalog = await openCatalog({ studiesDir: opts.studiesDir, resultsDir: opts.resultsDir, openService: opts.openService, log });
  const app = createApp({ catalog, secret, adminToken: admin.token, log, resultsDir: opts.resultsDir });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port, opts.host, (err?: Error) => (err ? reject(err) : resolve(s)));
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
