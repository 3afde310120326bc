/**
 * The linear rewrites of issue 11 give what the patterns they replace gave: each is
 * checked against its old pattern on many short random strings (where the old pattern is
 * cheap), over the alphabet of characters that pattern cares about.
 */
import { describe, expect, it } from "vitest";
import { withoutTrailing } from "../src/codemap/doc.ts";
import { funcLine } from "../src/codemap/go.ts";
import { isFunctionValue, outlineJs } from "../src/codemap/javascript.ts";
import { atxHeading, stripInline } from "../src/codemap/markdown.ts";
import { endsInColon } from "../src/codemap/python.ts";

/** Deterministic random strings over an alphabet of pieces (xorshift32). */
function* samples(pieces: string[], count: number, maxPieces: number, seed = 1): Generator<string> {
  let x = seed;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  for (let i = 0; i < count; i++) {
    let s = "";
    const n = next() % (maxPieces + 1);
    for (let k = 0; k < n; k++) s += pieces[next() % pieces.length];
    yield s;
  }
}

const N = 20_000;

describe("linear rewrites match the patterns they replace", () => {
  it("markdown: stripInline", () => {
    const old = (t: string) =>
      t
        .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
        .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
        .replace(/[*_`]/g, "")
        .trim();
    for (const s of samples(["[", "]", "(", ")", "!", "a", " ", "*", "`", "\n"], N, 14))
      expect(stripInline(s), JSON.stringify(s)).toBe(old(s));
  });

  it("markdown: ATX headings", () => {
    const re = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
    for (const s of samples(["#", "#", " ", "\t", "a", "\r", "\u00a0", "\u2028", "b#"], N, 12)) {
      const m = re.exec(s);
      expect(atxHeading(s), JSON.stringify(s)).toEqual(
        m ? { depth: (m[1] as string).length, title: m[2] } : null,
      );
    }
  });

  it("python: a header line ending in ':'", () => {
    const re = /:\s*(#.*)?$/;
    for (const s of samples([":", "#", " ", "a", "\r", "\u2028", "\t"], N, 12)) {
      const t = s.trimEnd();
      expect(endsInColon(t), JSON.stringify(t)).toBe(re.test(t));
    }
  });

  it("go: func lines (receiver and name)", () => {
    const re = /^func\s+(?:\(\s*\w*\s*\*?\s*([A-Za-z_]\w*)(?:\[[^\]]*\])?\s*\)\s*)?([A-Za-z_]\w*)/;
    const pieces = ["func ", "func", "(", ")", " ", "*", "a", "Fo", "_", "1", "[", "]", "T", "\t"];
    for (const s of samples(pieces, N, 10)) {
      const m = re.exec(s);
      expect(funcLine(s), JSON.stringify(s)).toEqual(
        m ? { ...(m[1] ? { receiver: m[1] } : {}), name: m[2] } : null,
      );
    }
  });

  it("signatures: a trailing '{' or '=' dropped", () => {
    for (const s of samples([" ", "{", "=", "a", "\t", "\n"], N, 10)) {
      expect(withoutTrailing(s, "{")).toBe(s.trim().replace(/\s*\{\s*$/, ""));
      expect(withoutTrailing(s, "=")).toBe(s.trim().replace(/\s*=\s*$/, ""));
    }
  });

  it("javascript: a value that is a function", () => {
    const re = /=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>|[A-Za-z_$][\w$]*\s*=>|<)/;
    const pieces = ["=", "(", ")", ":", ">", "=>", " ", "a", "async ", "function", "<"];
    for (const s of samples(pieces, N, 12))
      expect(isFunctionValue(s), JSON.stringify(s)).toBe(re.test(s));
  });

  it("javascript: import and export specifiers", () => {
    // The loop importSpecifiers ran before the guards, on a file without comments.
    const patterns: [string, RegExp][] = [
      ["import", /import\s+(?:type\s+)?(?:[\w$*{}\s,]+?\s+from\s+)?["']([^"'\n]+)["']/y],
      [
        "export",
        /export\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s+["']([^"'\n]+)["']/y,
      ],
      ["require", /require\(\s*["']([^"'\n]+)["']\s*\)/y],
      ["import", /import\(\s*["']([^"'\n]+)["']\s*\)/y],
    ];
    const old = (source: string) => {
      const found = new Set<string>();
      for (const [keyword, pattern] of patterns) {
        for (let at = source.indexOf(keyword); at !== -1; at = source.indexOf(keyword, at + 1)) {
          if (at > 0 && /\w/.test(source.charAt(at - 1))) continue;
          pattern.lastIndex = at;
          const m = pattern.exec(source);
          if (!m) continue;
          found.add(m[1] as string);
          at = pattern.lastIndex - 1;
        }
      }
      return [...found];
    };
    const pieces = [
      "import ",
      "export ",
      "from ",
      "type ",
      "{",
      "}",
      "* ",
      "as ",
      "a",
      ",",
      " ",
      "\n",
      "'x'",
      '"y"',
      "'",
      "require(",
      "import(",
      ")",
      "from'z'",
    ];
    for (const s of samples(pieces, N, 12))
      expect(outlineJs(s).specifiers, JSON.stringify(s)).toEqual(old(s));
  });
});
