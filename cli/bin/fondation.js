#!/usr/bin/env node
// The `fondation` bin: Node 22 runs the TypeScript sources directly (type stripping).
process.env.FONDATION_BIN = "1";
await import("../src/main.ts");
