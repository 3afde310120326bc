import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { loadApp } from "./app.ts";
import { Backend } from "./backend.ts";
import { SyncConnection } from "./connection.ts";
import { CronRunner } from "./crons.ts";
import { handleHttpApi } from "./http-api.ts";
import { serverLog } from "./log.ts";
import { loadData, resetData, saveData } from "./persistence.ts";
import { RestoredJobs } from "./restored-jobs.ts";
import { PINNED_CONVEX_VERSION, versionMismatchMessage } from "./version.ts";

export interface LocalConvexOptions {
  /** The app's Convex folder (holding schema.ts and _generated/). */
  functionsDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Keep documents and pending scheduled functions in this JSON file across restarts. */
  dataFile?: string;
  /** Delete the data file before starting. */
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
  backend: Backend;
  /** Open sync connections (tests drop them to exercise reconnects). */
  connections(): SyncConnection[];
  /** Saves the data file now (also done shortly after every write). */
  save(): void;
  stop(): Promise<void>;
}

const SYNC_PATH = /^\/api\/([^/]+)\/sync$/;

export async function startLocalConvex(options: LocalConvexOptions): Promise<LocalConvex> {
  const app = await loadApp(options.functionsDir);
  const backend = await Backend.create(app);
  const { dataFile } = options;
  if (dataFile && options.reset) resetData(dataFile);
  if (dataFile) {
    const restored = loadData(dataFile, backend.engine.db, backend.mutationResults);
    backend.engine.indexCache.clear();
    if (restored > 0) serverLog(`restored ${restored} documents from ${dataFile}`);
  }
  const restoredJobs = new RestoredJobs(backend);
  restoredJobs.start();
  const crons =
    options.crons !== false && app.crons ? new CronRunner(backend.engine, app.crons) : null;
  crons?.start();

  const save = () => {
    if (dataFile) saveData(dataFile, backend.engine.db, backend.mutationResults);
  };
  // Saved synchronously before any client hears of a write (Backend.persist): a data file
  // written on a timer lost acknowledged writes when the process was killed.
  if (dataFile) backend.onCommitted = save;

  const connections = new Set<SyncConnection>();
  const http: Server = createServer((req, res) => {
    handleHttpApi(backend, req, res)
      .then((handled) => {
        if (!handled) res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found");
      })
      .catch((error) => {
        serverLog("HTTP request failed", error);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
        res.end(`local-convex internal error: ${String(error)}`);
      });
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

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = http.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    backend,
    connections: () => [...connections],
    save,
    async stop() {
      clearInterval(pinger);
      crons?.stop();
      restoredJobs.stop();
      for (const connection of connections) connection.drop();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      // Wait for work in flight, then write the data file one last time.
      await backend.syncLock.run(async () => {});
      if (dataFile) save();
      backend.engine.close();
    },
  };
}
