import path from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";
import { resolveAuthConfig } from "./src/lib/authConfig.ts";

// Refuse to build or start with local sign-in in production (see src/lib/authConfig.ts).
resolveAuthConfig(process.env);

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");

const config: NextConfig = {
  // The app imports ../convex/_generated and ../shared, outside this folder.
  turbopack: { root },
  outputFileTracingRoot: root,
  transpilePackages: ["@fondation/shared"],
  poweredByHeader: false,
  // `./run start` and the browser tests' stack build with FONDATION_BUILD_SKIP_TYPECHECK=1:
  // type errors are `./run test`'s job (pnpm run typecheck), not a 40 s wait at every start.
  typescript: {
    tsconfigPath: "tsconfig.json",
    ignoreBuildErrors: process.env.FONDATION_BUILD_SKIP_TYPECHECK === "1",
  },
};

export default config;
