#!/usr/bin/env node
// The `fondation` bin: Node 22 runs the TypeScript sources directly (type stripping), with
// the stripped text of each source and the compiled code of every module kept between runs
// (strip-cache.js).
process.env.FONDATION_BIN = "1";
const { enableCodeCache, enableStripCache } = await import("./strip-cache.js");
enableCodeCache();
enableStripCache();
await import("../src/main.ts");
