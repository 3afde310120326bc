#!/usr/bin/env node
// The `fondation` bin: Node 22 runs the TypeScript sources directly (type stripping), with
// the stripped text of each source kept between runs (strip-cache.js).
process.env.FONDATION_BIN = "1";
const { enableStripCache } = await import("./strip-cache.js");
enableStripCache();
await import("../src/main.ts");
