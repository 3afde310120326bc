import { createRequire } from "node:module";

// The sync protocol is internal to Convex and changes between releases: this server speaks
// exactly the protocol of the `convex` package installed next to it.
const require = createRequire(import.meta.url);
export const PINNED_CONVEX_VERSION: string = (require("convex/package.json") as { version: string })
  .version;

export function versionMismatchMessage(clientVersion: string): string {
  return (
    `local-convex speaks the sync protocol of convex ${PINNED_CONVEX_VERSION}, but this client ` +
    `is convex ${clientVersion}. Install convex@${PINNED_CONVEX_VERSION} in the client, ` +
    `or upgrade local-convex and re-run its conformance tests.`
  );
}
