#!/usr/bin/env node
// The `fondation` bin: Node 22 runs the TypeScript sources directly (type stripping), with
// the stripped text of each source kept between runs (src/boot/strip-cache.ts).
process.env.FONDATION_BIN = "1";
const { enableStripCache } = await import("../src/boot/strip-cache.ts");
enableStripCache();
await import("../src/main.ts");
