/**
 * Which paths the scanner drops without reading them: vendored code, generated output,
 * lock files and known binary formats. Read by the walker (scan/walk.ts).
 */
import type { SkippedFile } from "../types.ts";

/** Directory names that hold third-party code or tool caches. */
const VENDORED_DIRS = new Set([
  "node_modules",
  "bower_components",
  "jspm_packages",
  "vendor",
  "third_party",
  "third-party",
  "thirdparty",
  "external",
  "site-packages",
  ".venv",
  "venv",
  ".tox",
  "Pods",
  "Carthage",
  ".yarn",
  ".pnpm-store",
  ".tools",
]);

/** Directory names that hold build output, caches or generated code. */
const GENERATED_DIRS = new Set([
  "dist",
  "build",
  "out",
  "target",
  "coverage",
  "_generated",
  "generated",
  "__generated__",
  "__pycache__",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
  ".next",
  ".nuxt",
  ".svelte-kit",
  ".turbo",
  ".cache",
  ".parcel-cache",
  ".gradle",
  ".terraform",
  "storybook-static",
]);

/** Never entered at all: version-control internals and our own output. */
const ALWAYS_SKIPPED_DIRS = new Set([".git", ".hg", ".svn", ".fondation"]);

const LOCK_FILES = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "pnpm-lock.yaml",
  "yarn.lock",
  "bun.lockb",
  "bun.lock",
  "Cargo.lock",
  "poetry.lock",
  "Pipfile.lock",
  "uv.lock",
  "pdm.lock",
  "composer.lock",
  "Gemfile.lock",
  "go.sum",
  "flake.lock",
  "mix.lock",
  "Podfile.lock",
  "packages.lock.json",
  "pubspec.lock",
  "Package.resolved",
]);

const GENERATED_FILE_PATTERNS = [
  /\.min\.(js|mjs|cjs|css)$/,
  /\.bundle\.(js|mjs)$/,
  /\.(js|css)\.map$/,
  /\.pb\.go$/,
  /_pb2(_grpc)?\.pyi?$/,
  /\.pb\.(h|cc)$/,
  /\.generated\.[a-z]+$/,
  /\.g\.dart$/,
  /\.designer\.cs$/,
  /(^|\/)_generated\.[a-z]+$/,
  /\.tsbuildinfo$/,
];

const BINARY_EXTENSIONS = new Set(
  (
    "png jpg jpeg gif bmp ico icns webp avif tif tiff psd svgz heic " +
    "mp3 mp4 m4a wav ogg flac webm mov avi mkv " +
    "woff woff2 ttf otf eot " +
    "zip gz tgz bz2 xz 7z rar tar zst jar war ear whl egg apk ipa dmg iso " +
    "exe dll so dylib a o obj lib bin class pyc pyo pyd wasm node " +
    "pdf doc docx xls xlsx ppt pptx odt " +
    "sqlite sqlite3 db mdb parquet arrow feather npy npz pkl pickle h5 onnx pt ckpt safetensors"
  ).split(" "),
);

export type DirVerdict =
  | "enter"
  | "skip-always"
  | Extract<SkippedFile["reason"], "vendored" | "generated">;

export function classifyDir(name: string): DirVerdict {
  if (ALWAYS_SKIPPED_DIRS.has(name)) return "skip-always";
  if (VENDORED_DIRS.has(name)) return "vendored";
  if (GENERATED_DIRS.has(name)) return "generated";
  return "enter";
}

/** Reason to skip a file by its name alone, or null to keep looking at it. */
export function classifyFile(relPath: string, name: string): SkippedFile["reason"] | null {
  if (LOCK_FILES.has(name) || name.endsWith(".lock")) return "lockfile";
  const dot = name.lastIndexOf(".");
  if (dot > 0 && BINARY_EXTENSIONS.has(name.slice(dot + 1).toLowerCase())) return "binary";
  for (const pattern of GENERATED_FILE_PATTERNS) if (pattern.test(relPath)) return "generated";
  return null;
}
