/** Language detection from a file's name (and its first line, for extensionless scripts). */

const BY_EXTENSION: Record<string, string> = {
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  cts: "typescript",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  py: "python",
  pyi: "python",
  go: "go",
  rs: "rust",
  java: "java",
  kt: "kotlin",
  kts: "kotlin",
  scala: "scala",
  swift: "swift",
  c: "c",
  h: "c",
  cc: "cpp",
  cpp: "cpp",
  cxx: "cpp",
  hpp: "cpp",
  hh: "cpp",
  cs: "csharp",
  fs: "fsharp",
  rb: "ruby",
  php: "php",
  ex: "elixir",
  exs: "elixir",
  erl: "erlang",
  hs: "haskell",
  ml: "ocaml",
  clj: "clojure",
  lua: "lua",
  r: "r",
  jl: "julia",
  dart: "dart",
  vue: "vue",
  svelte: "svelte",
  sh: "shell",
  bash: "shell",
  zsh: "shell",
  ps1: "powershell",
  sql: "sql",
  md: "markdown",
  mdx: "markdown",
  rst: "restructuredtext",
  txt: "text",
  json: "json",
  jsonc: "json",
  yaml: "yaml",
  yml: "yaml",
  toml: "toml",
  xml: "xml",
  html: "html",
  htm: "html",
  css: "css",
  scss: "scss",
  less: "less",
  graphql: "graphql",
  gql: "graphql",
  proto: "protobuf",
  tf: "terraform",
  nix: "nix",
};

const BY_NAME: Record<string, string> = {
  Dockerfile: "dockerfile",
  Makefile: "make",
  GNUmakefile: "make",
  Rakefile: "ruby",
  Gemfile: "ruby",
  Justfile: "make",
  Procfile: "text",
};

/** Languages whose files are program source (as opposed to docs, data and configuration). */
const CODE_LANGUAGES = new Set([
  "typescript",
  "javascript",
  "python",
  "go",
  "rust",
  "java",
  "kotlin",
  "scala",
  "swift",
  "c",
  "cpp",
  "csharp",
  "fsharp",
  "ruby",
  "php",
  "elixir",
  "erlang",
  "haskell",
  "ocaml",
  "clojure",
  "lua",
  "r",
  "julia",
  "dart",
  "vue",
  "svelte",
  "shell",
  "powershell",
  "sql",
]);

export function detectLanguage(path: string, firstLine?: string): string | null {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const byName = BY_NAME[name];
  if (byName) return byName;
  const dot = name.lastIndexOf(".");
  if (dot > 0) {
    const byExt = BY_EXTENSION[name.slice(dot + 1).toLowerCase()];
    if (byExt) return byExt;
    if (/^dockerfile\./i.test(name)) return "dockerfile";
  }
  if (firstLine?.startsWith("#!")) {
    if (/\bpython/.test(firstLine)) return "python";
    if (/\b(node|deno|bun)\b/.test(firstLine)) return "javascript";
    if (/\b(ba|z)?sh\b/.test(firstLine)) return "shell";
    if (/\bruby\b/.test(firstLine)) return "ruby";
  }
  return null;
}

export function isCodeLanguage(language: string | null): boolean {
  return language !== null && CODE_LANGUAGES.has(language);
}

/** Test files, by the conventions of the common ecosystems. */
export function isTestPath(path: string): boolean {
  return (
    /(^|\/)(__tests__|tests?|spec|e2e)\//.test(path) ||
    /\.(test|spec)\.[a-z]+$/.test(path) ||
    /(^|\/)test_[^/]+\.py$/.test(path) ||
    /_test\.(py|go)$/.test(path)
  );
}
