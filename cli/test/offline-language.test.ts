/**
 * Every label of an offline course follows --language: a French course of a repository
 * written in French (its README and doc comments, so no English can come from it) carries
 * none of the English frames — the English labels of i18n.ts, the declaration kinds shown
 * beside names, the languages table's "other" row.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { courseManifestSchema } from "@fondation/shared";
import { describe, expect, it } from "vitest";
import { type Labels, labels } from "../src/offline/i18n.ts";
import { runCli } from "./helpers/cli.ts";
import { fixtureTrees } from "./helpers/tree.ts";

const tree = fixtureTrees();

const REPO = {
  "README.md":
    "# Boutique\n\nUne petite boutique en couches.\n\n## Installation\n\n```sh\nnpm install\n```\n",
  "package.json": JSON.stringify({ name: "boutique", main: "src/index.ts" }),
  LICENSE: "Texte de licence.\n",
  "src/index.ts": 'export { Panier } from "./panier/panier.ts";\n',
  "src/panier/panier.ts": [
    'import { prix, TAUX } from "../prix/prix.ts";',
    "/** Le panier du client. */",
    "export class Panier {",
    "  /** Ajoute un article. */",
    "  ajouter(n: number): number {",
    "    return prix(n) * TAUX;",
    "  }",
    "}",
    "/** Une ligne du panier. */",
    "export interface Ligne {",
    "  n: number;",
    "}",
    "/** Les états du panier. */",
    "export enum Etat {",
    "  Vide,",
    "}",
    "",
  ].join("\n"),
  "src/prix/prix.ts": [
    "/** Le taux appliqué. */",
    "export const TAUX = 2;",
    "/** Un montant. */",
    "export type Montant = number;",
    "/** Calcule un prix. */",
    "export function prix(n: number): Montant {",
    "  return n + 1;",
    "}",
    "",
  ].join("\n"),
};

const HOLE = "\u0000";

/** The fixed parts of a label (a sentence frame is split around its placeholders). */
function frames(value: Labels[keyof Labels]): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "function") {
    const text = (value as (...a: string[]) => string)(HOLE, HOLE, HOLE);
    return text.split(HOLE);
  }
  return Object.values(value);
}

/** English frames that French spells differently, long enough to be a label, not a word. */
function englishFrames(): string[] {
  const en = labels("en");
  const fr = labels("fr");
  const found = new Set<string>();
  for (const key of Object.keys(en) as (keyof Labels)[]) {
    if (key === "kinds") continue;
    const french = new Set(frames(fr[key]).map((f) => f.trim()));
    for (const frame of frames(en[key])) {
      const t = frame.trim().replace(/^[(`“:.]+|[)`”:.]+$/g, "");
      if (t.length >= 6 && /[a-z]{3} [a-z]/i.test(t) && !french.has(t)) found.add(t);
      else if (/^[A-Z][a-z]+( [a-z]+)?$/.test(t) && !french.has(t)) found.add(t);
    }
  }
  return [...found];
}

/** Code is code: fenced blocks are dropped, but diagrams stay (their labels are prose). */
function withoutCode(md: string): string {
  let fence: string | null = null;
  return md
    .split("\n")
    .filter((line) => {
      const mark = /^\s*```(\S*)/.exec(line);
      if (fence === null && mark) fence = mark[1] as string;
      else if (fence !== null && mark) {
        const was = fence;
        fence = null;
        return was === "mermaid";
      }
      return fence === null || fence === "mermaid";
    })
    .join("\n");
}

describe("offline course language", () => {
  it("a French course carries no English label", async () => {
    const repo = tree(REPO);
    const out = join(repo, "cours");
    const run = await runCli(["analyze", repo, "--offline", "--language", "fr", "--out", out], {
      ANTHROPIC_API_KEY: undefined,
    });
    expect(run.code, run.stderr).toBe(0);
    const manifest = courseManifestSchema.parse(
      JSON.parse(readFileSync(join(out, "course.json"), "utf8")),
    );
    const text = withoutCode(
      [...manifest.chapters, ...manifest.tutorials]
        .map((l) => readFileSync(join(out, l.file), "utf8"))
        .join("\n"),
    );

    const en = labels("en");
    const fr = labels("fr");
    const english = englishFrames();
    expect(english.length).toBeGreaterThan(40);
    for (const frame of english) expect(text, frame).not.toContain(frame);
    for (const kind of Object.keys(en.kinds) as (keyof Labels["kinds"])[]) {
      if (en.kinds[kind] !== fr.kinds[kind]) expect(text).not.toContain(`(${en.kinds[kind]})`);
    }
    expect(text).not.toMatch(/^\| other \|/m);
    // What the fixture holds shows up in French.
    expect(text).toContain("(classe)");
    expect(text).toContain("(fonction)");
    expect(text).toContain("(méthode)");
    expect(text).toMatch(/^\| autre \|/m);
  }, 120_000);
});
