import { registerHooks } from "node:module";

// Convex apps import "./_generated/server" without an extension (the Convex CLI bundles them).
// Plain Node ESM needs the extension, so try the usual ones for relative imports that miss.
let installed = false;

export function installExtensionlessImports(): void {
  if (installed) return;
  installed = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== "ERR_MODULE_NOT_FOUND" || !/^\.{1,2}\//.test(specifier)) throw error;
        for (const suffix of [".ts", ".js", "/index.ts", "/index.js"]) {
          try {
            return nextResolve(specifier + suffix, context);
          } catch {
            // try the next suffix
          }
        }
        throw error;
      }
    },
  });
}
