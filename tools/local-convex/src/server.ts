import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { loadApp } from "./app.ts";
import { Backend } from "./backend.ts";
import { SyncConnection } from "./connection.ts";
import { CronRunner } from "./crons.ts";
import { handleHttpAction } from "./http-actions.ts";
import { handleHttpApi } from "./http-api.ts";
import { serverLog } from "./log.ts";
import { RestoredJobs } from "./restored-jobs.ts";
import { type OpenStore, openStore } from "./store/open.ts";
import { PINNED_CONVEX_VERSION, versionMismatchMessage } from "./version.ts";

export interface LocalConvexOptions {
  /** The app's Convex folder (holding schema.ts and _generated/). */
  functionsDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The HTTP actions' own origin (http-actions.ts); 0 (default) picks a free port. */
  sitePort?: number;
  /**
   * Keep documents and pending scheduled functions in this SQLite store across restarts
   * (e.g. `data.sqlite`; an old `data.json` beside it is imported once). One server per store.
   */
  dataFile?: string;
  /** Start with an empty store (the old one is renamed aside, not deleted). */
  reset?: boolean;
  /** Send a Ping to every client this often (ms); clients reconnect after 60 s of silence. */
  pingIntervalMs?: number;
  /** Run the jobs of crons.ts (default true). */
  crons?: boolean;
  /** Print requests' log lines and server events (default false). */
  verbose?: boolean;
}

export interface LocalConvex {
  /** http://127.0.0.1:<port>: give it to ConvexClient, ConvexHttpClient or ConvexReactClient. */
  url: string;
  port: number;
  /** http://127.0.0.1:<sitePort>: where http.ts's routes answer (CONVEX_SITE_URL). */
  siteUrl: string;
  backend: Backend;
  /** Open sync connections (tests drop them to exercise reconnects). */
  connections(): SyncConnection[];
  /** Saves to the store now what is not saved yet (done before any client hears of a write). */
  save(): void;
  stop(): Promise<void>;
}

const SYNC_PATH = /^\/api\/([^/]+)\/sync$/;

/** A request the server itself failed on (not the app's function): logged, answered 500. */
function internalError(res: ServerResponse, what: string): (error: unknown) => void {
  return (error) => {
    serverLog(`${what} failed`, error);
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
    res.end(`local-convex internal error: ${String(error)}`);
  };
}

export async function startLocalConvex(options: LocalConvexOptions): Promise<LocalConvex> {
  const app = await loadApp(options.functionsDir);
  const backend = await Backend.create(app);
  const { dataFile } = options;
  let store: OpenStore | null = null;
  try {
    if (dataFile) store = openStore(dataFile, backend, { reset: options.reset === true });
  } catch (error) {
    backend.engine.close();
    throw error;
  }
  const restoredJobs = new RestoredJobs(backend);
  restoredJobs.start();
  const crons =
    options.crons !== false && app.crons ? new CronRunner(backend.engine, app.crons) : null;
  crons?.start();

  const save = () => store?.persist();
  // Saved synchronously before any client hears of a write (Backend.persist): a store
  // written on a timer would lose acknowledged writes when the process is killed.
  if (store) backend.onCommitted = save;

  const connections = new Set<SyncConnection>();
  const http: Server = createServer((req, res) => {
    handleHttpApi(backend, req, res)
      .then((handled) => {
        if (!handled) res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found");
      })
      .catch(internalError(res, "HTTP request"));
  });
  const site: Server = createServer((req, res) => {
    handleHttpAction(backend, req, res).catch(internalError(res, "HTTP action request"));
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on("upgrade", (req, socket, head) => {
    const path = new URL(req.url ?? "/", "http://local").pathname;
    const match = SYNC_PATH.exec(path);
    if (!match) {
      socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const clientVersion = match[1] as string;
      if (clientVersion !== PINNED_CONVEX_VERSION) {
        // FatalError makes the client log the reason and stop instead of retrying blindly.
        ws.send(
          JSON.stringify({ type: "FatalError", error: versionMismatchMessage(clientVersion) }),
        );
        ws.close(1008, "unsupported client version");
        return;
      }
      const connection = new SyncConnection(ws, backend);
      connections.add(connection);
      ws.on("close", () => connections.delete(connection));
      if (options.verbose) serverLog(`client connected (${connections.size} open)`);
    });
  });
  const pinger = setInterval(() => {
    for (const connection of connections) connection.ping();
  }, options.pingIntervalMs ?? 15_000);
  pinger.unref();

  const listen = (server: Server, port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
  try {
    await listen(http, options.port ?? 0);
    await listen(site, options.sitePort ?? 0);
  } catch (error) {
    if (http.listening) http.close();
    clearInterval(pinger);
    crons?.stop();
    restoredJobs.stop();
    store?.abandon();
    backend.engine.close();
    throw error;
  }
  const { port } = http.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  // System environment variables of every deployment
  // (https://docs.convex.dev/production/environment-variables#system-environment-variables).
  process.env.CONVEX_CLOUD_URL = url;
  process.env.CONVEX_SITE_URL = siteUrl;
  backend.engine.storage.baseUrl = url;
  store?.announce(url);

  return {
    url,
    port,
    siteUrl,
    backend,
    connections: () => [...connections],
    save,
    async stop() {
      clearInterval(pinger);
      crons?.stop();
      restoredJobs.stop();
      for (const connection of connections) connection.drop();
      wss.close();
      await Promise.all(
        [http, site].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      );
      http.closeAllConnections();
      site.closeAllConnections();
      // Wait for work in flight, then save one last time and release the store's lock.
      await backend.syncLock.run(async () => {});
      try {
        store?.close();
      } finally {
        backend.engine.close();
      }
    },
  };
}
