/** The worker's version, shown by --version and /status. Bump with worker/package.json. */
export const WORKER_VERSION = "0.1.0";
