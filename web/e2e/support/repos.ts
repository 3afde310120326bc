/**
 * Fixture repositories for the browser tests, served by the smart-HTTP git server. The
 * offline CLI makes one chapter per module folder plus an overview, each with a Mermaid
 * diagram: eleven folders of four TypeScript files give a 12-chapter course.
 */
const MODULES = [
  "config",
  "logging",
  "storage",
  "cache",
  "auth",
  "users",
  "orders",
  "billing",
  "search",
  "mailer",
  "reports",
];

/** Files of a repository whose offline course has `modules + 1` chapters (at most 12). */
export function layeredRepo(modules = MODULES.length): Record<string, string> {
  if (modules < 1 || modules > MODULES.length) {
    throw new Error(`layeredRepo: modules must be 1..${MODULES.length}, got ${modules}`);
  }
  const files: Record<string, string> = {
    "README.md": "# Layered shop\n\nA small layered service used by the browser tests.\n",
  };
  const names = MODULES.slice(0, modules);
  names.forEach((name, i) => {
    const below = i > 0 ? names[i - 1] : undefined;
    for (const part of ["a", "b", "c", "d"]) {
      const imports = below ? `import { ${below}A } from "../${below}/a.ts";\n\n` : "";
      const body = below ? `${below}A(x) * 2` : "x * 2";
      files[`${name}/${part}.ts`] =
        `${imports}/** The ${name} layer, part ${part}. */\nexport function ${name}${part.toUpperCase()}(x: number): number {\n  return ${body} + 1;\n}\n`;
    }
  });
  return files;
}
