/**
 * The stand-in's "course" scenario: answers every step of the course pipeline with
 * plausible, valid content derived from the request (the code map, the plan, the files
 * shown), in the requested language, so the whole product can run end to end with no
 * real model. It reads the prompt tags the pipeline writes (cli/src/pipeline/prompts.ts).
 *
 * Structured steps do not rely on a forced tool choice (the 5.5 models refuse it): the step
 * is read from the `<task kind="abstractions|relationships|order"/>` tag of the latest user
 * message that has one, and answered with a call of the matching tool (record_abstractions,
 * record_relationships, record_order), on the 5.5 models sometimes after a short text block
 * (deterministic per request id). When the conversation goes on (the last user turn holds
 * tool_result blocks, e.g. is_error, or a plain text correction) the same step is answered
 * again. A request with `output_config.format` and no matching tool gets the JSON as text.
 */
import type { MessagesBody, StandinReply, StandinRequest } from "./anthropic-standin.ts";
import type { ContentBlock } from "./standin-request.ts";

type Lang = "en" | "fr" | "es" | "de";

const EN = {
  intro: "This chapter explains",
  prev: "In the previous chapter we saw",
  next: "Next, we will look at",
  role: "is responsible for one part of the work:",
  diagram: "The diagram shows how it relates to the rest of the project.",
  excerpt: "Here is the heart of it, taken from",
  lines: "lines",
  wrap: "To sum up,",
  summary: "turns the repository's code into a guided tour of its main parts.",
  objectives: "Objectives",
  steps: "Steps",
  checks: "Checks",
  open: "Open",
  read: "and read how it is built.",
  change: "Make a small change and run the tests.",
  verify: "You can explain the role of",
  uses: "uses",
};
type Words = Record<keyof typeof EN, string>;

const WORDS: Record<Lang, Words> = {
  en: EN,
  fr: {
    intro: "Ce chapitre explique",
    prev: "Dans le chapitre précédent, nous avons vu",
    next: "Ensuite, nous verrons",
    role: "est responsable d'une partie du travail :",
    diagram: "Le diagramme montre ses liens avec le reste du projet.",
    excerpt: "Voyons le cœur du code, tiré de",
    lines: "lignes",
    wrap: "En résumé,",
    summary: "transforme le code du dépôt en visite guidée de ses parties principales.",
    objectives: "Objectifs",
    steps: "Étapes",
    checks: "Vérifications",
    open: "Ouvrez",
    read: "et lisez comment il est construit.",
    change: "Faites une petite modification et lancez les tests.",
    verify: "Vous savez expliquer le rôle de",
    uses: "utilise",
  },
  es: {
    intro: "Este capítulo explica",
    prev: "En el capítulo anterior vimos",
    next: "A continuación veremos",
    role: "se encarga de una parte del trabajo:",
    diagram: "El diagrama muestra su relación con el resto del proyecto.",
    excerpt: "Este es el núcleo, tomado de",
    lines: "líneas",
    wrap: "En resumen,",
    summary:
      "convierte el código del repositorio en un recorrido guiado por sus partes principales.",
    objectives: "Objetivos",
    steps: "Pasos",
    checks: "Comprobaciones",
    open: "Abre",
    read: "y lee cómo está construido.",
    change: "Haz un pequeño cambio y ejecuta las pruebas.",
    verify: "Sabes explicar el papel de",
    uses: "usa",
  },
  de: {
    intro: "Dieses Kapitel erklärt",
    prev: "Im vorigen Kapitel haben wir gesehen:",
    next: "Als Nächstes betrachten wir",
    role: "ist für einen Teil der Arbeit zuständig:",
    diagram: "Das Diagramm zeigt die Beziehungen zum Rest des Projekts.",
    excerpt: "Das ist der Kern, aus",
    lines: "Zeilen",
    wrap: "Zusammengefasst:",
    summary: "macht aus dem Code des Repositorys eine Führung durch seine Hauptteile.",
    objectives: "Ziele",
    steps: "Schritte",
    checks: "Prüfungen",
    open: "Öffne",
    read: "und lies, wie es aufgebaut ist.",
    change: "Nimm eine kleine Änderung vor und führe die Tests aus.",
    verify: "Du kannst die Rolle erklären von",
    uses: "verwendet",
  },
};

interface MapEntry {
  path: string;
  language: string;
  lines: number;
}

function systemText(body: MessagesBody): string {
  return typeof body.system === "string"
    ? body.system
    : (body.system ?? []).map((b) => b.text).join("\n");
}

/** The text blocks of a message (tool results and thinking blocks are not prompt text). */
function textOf(content: string | ContentBlock[]): string {
  return typeof content === "string"
    ? content
    : content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("\n");
}

function firstUserText(body: MessagesBody): string {
  const first = body.messages.find((m) => m.role === "user");
  return first ? textOf(first.content) : "";
}

type Step = "abstractions" | "relationships" | "order";
const STEP_TOOLS: Record<Step, string> = {
  abstractions: "record_abstractions",
  relationships: "record_relationships",
  order: "record_order",
};

/** The structured step asked for: the latest user message with a `<task kind=.../>` tag. */
function structuredStep(body: MessagesBody): { step: Step; text: string } | undefined {
  for (let i = body.messages.length - 1; i >= 0; i--) {
    const m = body.messages[i];
    if (m?.role !== "user") continue;
    const text = textOf(m.content);
    const kind = /<task kind="(\w+)"/.exec(text)?.[1];
    if (kind === "abstractions" || kind === "relationships" || kind === "order")
      return { step: kind, text };
    if (kind) return undefined;
  }
  return undefined;
}

/** Adaptive-thinking models sometimes write a short text before a tool call. */
function preamble(request: StandinRequest): string | undefined {
  const adaptive = /^claude-(sonnet|opus)-5-5/.test(request.body.model);
  return adaptive && request.id % 2 === 0 ? "Here is what the code shows." : undefined;
}

function language(text: string): Lang {
  const code = /<language>(\w+)<\/language>/.exec(text)?.[1];
  return code === "fr" || code === "es" || code === "de" ? code : "en";
}

function mapEntries(system: string): MapEntry[] {
  const out: MapEntry[] = [];
  for (const m of system.matchAll(/^(\S+) \(([^,()]+), (\d+) lines\)/gm)) {
    out.push({ path: m[1] ?? "", language: m[2] ?? "text", lines: Number(m[3]) });
  }
  return out;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "core"
  );
}

function tagJson<T>(text: string, tag: string): T | undefined {
  const m = new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(text);
  if (!m?.[1]) return undefined;
  try {
    return JSON.parse(m[1]) as T;
  } catch {
    return undefined;
  }
}

function title(id: string): string {
  return id
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
}

/** Files grouped by folder (two levels deep), code files only, biggest groups first. */
function abstractions(entries: MapEntry[], max: number) {
  const groups = new Map<string, MapEntry[]>();
  for (const e of entries) {
    if (e.language === "markdown" || e.language === "text" || e.language === "json") continue;
    const parts = e.path.split("/");
    const key =
      parts.length > 2 ? parts.slice(0, 2).join("/") : parts.length > 1 ? (parts[0] ?? "") : "root";
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const seen = new Set<string>();
  return [...groups.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .slice(0, max)
    .map(([key, files]) => {
      let id = slug(key.split("/").at(-1) ?? key);
      while (seen.has(id)) id = `${id}-x`;
      seen.add(id);
      return {
        id,
        name: title(id),
        description: `${title(id)} groups ${files.length} file(s) under ${key}. It is one of the main parts of the project.`,
        files: files.slice(0, 6).map((f) => f.path),
      };
    });
}

interface FileShown {
  path: string;
  end: number;
}

function filesShown(text: string): FileShown[] {
  return [...text.matchAll(/<file path="([^"]+)" lines="1-(\d+)"/g)].map((m) => ({
    path: m[1] ?? "",
    end: Number(m[2]),
  }));
}

function fenceLang(path: string): string {
  const ext = path.split(".").at(-1) ?? "";
  return { ts: "ts", tsx: "tsx", js: "js", py: "python", go: "go", rs: "rust" }[ext] ?? "text";
}

function chapter(body: MessagesBody, lang: Lang): string {
  const w = WORDS[lang];
  const system = systemText(body);
  const user = firstUserText(body);
  const task =
    /<task kind="chapter" slug="([^"]+)" abstraction="([^"]+)" index="(\d+)" total="(\d+)">/.exec(
      user,
    );
  const id = task?.[2] ?? "core";
  const plan = tagJson<{
    chapters: Array<{ slug: string; title: string }>;
    relationships: Array<{ from: string; to: string; label: string }>;
  }>(system, "course_plan");
  const index = Number(task?.[3] ?? 1);
  const me = plan?.chapters[index - 1];
  const prev = plan?.chapters[index - 2];
  const next = plan?.chapters[index];
  const rels = (plan?.relationships ?? []).filter((r) => r.from === id || r.to === id);
  const node = (s: string) => s.replace(/-/g, "_");
  const diagram = [
    "```mermaid",
    "flowchart LR",
    `  ${node(id)}["${title(id)}"]`,
    ...rels.map(
      (r) =>
        `  ${node(r.from)}["${title(r.from)}"] -->|"${r.label}"| ${node(r.to)}["${title(r.to)}"]`,
    ),
    "```",
  ].join("\n");
  const shown = filesShown(user).slice(0, 3);
  const parts = [`# ${me?.title ?? title(id)}`];
  if (prev) parts.push(`${w.prev} « ${prev.title} ». ${w.intro} ${title(id)}.`);
  else parts.push(`${w.intro} ${title(id)}.`);
  for (const f of shown) {
    parts.push(`\`${f.path}\` ${w.role} ${w.read} `.repeat(3).trim());
  }
  parts.push(w.diagram, diagram);
  for (const f of shown.slice(0, 2)) {
    const end = Math.min(f.end, 12);
    parts.push(`${w.excerpt} \`${f.path}\` (${w.lines} 1-${end}):`);
    parts.push(`\`\`\`${fenceLang(f.path)} ${f.path}:1-${end}\n…\n\`\`\``);
  }
  parts.push(`${w.wrap} ${title(id)} ${w.summary} ${`${w.diagram} `.repeat(4)}`);
  if (next) parts.push(`${w.next} « ${next.title} ».`);
  return parts.join("\n\n");
}

function tutorial(body: MessagesBody, lang: Lang): string {
  const w = WORDS[lang];
  const user = firstUserText(body);
  const name = /Write the hands-on tutorial "([^"]+)"/.exec(user)?.[1] ?? "Tutorial";
  const shown = filesShown(user).slice(0, 3);
  const steps = shown.map((f, i) => `${i + 1}. ${w.open} \`${f.path}\` ${w.read} ${w.change}`);
  return [
    `# ${name}`,
    `## ${w.objectives}`,
    ...shown.map((f) => `- ${w.verify} \`${f.path}\`.`),
    `## ${w.steps}`,
    steps.join("\n") || `1. ${w.change}`,
    `## ${w.checks}`,
    ...shown.map((f) => `- ${w.verify} \`${f.path}\`.`),
  ].join("\n\n");
}

/** The input of a structured step's tool, from the request. */
function stepInput(step: Step, body: MessagesBody, text: string, lang: Lang): unknown {
  const system = systemText(body);
  if (step === "abstractions") {
    const max = Number(/to (\d+) core abstractions/.exec(text)?.[1] ?? 6);
    return { abstractions: abstractions(mapEntries(system), max) };
  }
  const given = tagJson<Array<{ id: string; name: string }>>(text, "abstractions") ?? [];
  if (step === "relationships") {
    const relationships = given
      .slice(1)
      .map((a, i) => ({ from: given[i]?.id ?? a.id, to: a.id, label: WORDS[lang].uses }));
    const summary = `${/repository="([^"]+)"/.exec(system)?.[1] ?? "The project"} ${WORDS[lang].summary}`;
    return { summary, relationships };
  }
  const chapters = given.map((a) => ({
    abstraction: a.id,
    title: a.name,
    summary: `${a.name}: ${WORDS[lang].role}`,
  }));
  const half = Math.ceil(given.length / 2);
  const tutorials = [given.slice(0, half), given.slice(half)]
    .filter((g) => g.length > 0)
    .map((g, i) => ({
      title: `${WORDS[lang].steps} ${i + 1}: ${g.map((a) => a.name).join(", ")}`,
      goal: `${WORDS[lang].change}`,
      chapters: g.map((a) => a.id),
    }));
  return { title: `${title("course")}`, chapters, tutorials };
}

/** The scenario: a function of the request, as the stand-in's script. */
export function courseScenario(request: StandinRequest): StandinReply {
  const { body } = request;
  const system = systemText(body);
  const user = firstUserText(body);
  const lang = language(system);
  const structured = structuredStep(body);
  if (structured) {
    const tool = STEP_TOOLS[structured.step];
    const input = stepInput(structured.step, body, structured.text, lang);
    if ((body.tools ?? []).some((t) => t.name === tool)) {
      const text = preamble(request);
      return { type: "tool_use", name: tool, input, ...(text ? { text } : {}) };
    }
    if (body.output_config?.format) return { type: "text", text: JSON.stringify(input) };
    return {
      type: "text",
      text: `I cannot record the ${structured.step}: the request has no ${tool} tool.`,
    };
  }
  if (user.includes('<task kind="chapter"')) return { type: "text", text: chapter(body, lang) };
  if (user.includes('<task kind="review"')) {
    const draft = /<draft>\n([\s\S]*?)\n<\/draft>/.exec(user)?.[1] ?? "# Review";
    return { type: "text", text: draft };
  }
  if (user.includes('<task kind="tutorial"')) return { type: "text", text: tutorial(body, lang) };
  return { type: "text", text: "ok" };
}
