// Fails when convex/_generated/ is stale: regenerates it offline, compares it with what is
// on disk, and puts the original back so the check changes nothing.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = join(import.meta.dirname, "..", "convex", "_generated");

function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir)) files.set(name, readFileSync(join(dir, name), "utf8"));
  return files;
}

function restore(files: Map<string, string>): void {
  for (const name of readdirSync(dir)) if (!files.has(name)) rmSync(join(dir, name));
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
}

const before = snapshot();
execFileSync("pnpm", ["run", "--silent", "codegen"], { stdio: ["ignore", "ignore", "inherit"] });
const after = snapshot();
restore(before);

const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
  (name) => before.get(name) !== after.get(name),
);
if (changed.length > 0) {
  console.error(
    `convex/_generated is stale (${changed.join(", ")}): run \`pnpm codegen\` and commit the result.`,
  );
  process.exit(1);
}
console.log("convex/_generated is up to date");
