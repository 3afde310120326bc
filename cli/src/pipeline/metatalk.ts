/**
 * Meta-talk: sentences where the model talks about its own answer ("I'll now write…",
 * "Here is the chapter:", "Let me know if…") instead of teaching. Leading and trailing
 * paragraphs of that kind are removed; what remains inside is reported so the caller can
 * ask again.
 */

const META_OPENERS = [
  /^(sure|certainly|of course|absolutely|great|okay|ok)\b[!,.:]/i,
  /^(i['’]ll|i will|i am going to|i['’]m going to|let me|let['’]s (now )?(write|create|draft|produce))\b/i,
  /^(here is|here['’]s|below is|the following is)\b.*\b(chapter|tutorial|review|revised|version|draft|course|content|markdown|lesson)\b/i,
  /^(as requested|as an ai)\b/i,
  // French, Spanish, German.
  /^(voici|je vais|bien sûr|certainement)\b/i,
  /^(aquí (tienes|está)|a continuación|claro|voy a)\b/i,
  /^(hier ist|gerne|ich werde|natürlich)\b/i,
];

const META_CLOSERS = [
  /^(let me know|i hope|feel free|if you (have|need|want|would like))\b/i,
  /^(n['’]hésitez pas|j['’]espère)\b/i,
  /^(no dudes|espero que)\b/i,
  /^(lass(en sie)? mich wissen|ich hoffe)\b/i,
];

function isMeta(paragraph: string, patterns: RegExp[]): boolean {
  const text = paragraph.trim();
  if (text.startsWith("#") || text.startsWith("```")) return false;
  return patterns.some((p) => p.test(text));
}

export interface MetaResult {
  markdown: string;
  /** Meta-talk paragraphs removed from the start and the end. */
  removed: string[];
  /** Meta-talk paragraphs still inside the text (the caller may ask again). */
  remaining: string[];
}

export function stripMetaTalk(markdown: string): MetaResult {
  const paragraphs = markdown.trim().split(/\n{2,}/);
  const removed: string[] = [];
  while (paragraphs.length > 0 && isMeta(paragraphs[0] ?? "", META_OPENERS)) {
    removed.push(paragraphs.shift() ?? "");
  }
  while (paragraphs.length > 0) {
    const last = paragraphs.at(-1) ?? "";
    if (!isMeta(last, META_CLOSERS) && !isMeta(last, META_OPENERS) && !/^-{3,}$/.test(last.trim()))
      break;
    removed.push(paragraphs.pop() ?? "");
  }
  const remaining = paragraphs.filter((p) => isMeta(p, META_OPENERS) || isMeta(p, META_CLOSERS));
  return { markdown: `${paragraphs.join("\n\n").trim()}\n`, removed, remaining };
}
