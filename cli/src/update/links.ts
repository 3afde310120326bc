/**
 * Links between lessons are file paths (`../chapters/03-scanner.md`) whose numbers follow
 * the reading order: when a refresh adds or removes a lesson, a kept lesson's links are
 * pointed at the new files, and a link to a removed lesson becomes its plain text.
 */
const LINK =
  /\[([^\]\n]*)\]\(((?:\.\.\/)?(?:chapters|tutorials)\/)\d{2,}-([a-z0-9]+(?:-[a-z0-9]+)*)\.md(#[^)\s]*)?\)/g;

/** `files`: slug → its file in the new course (`chapters/04-x.md`). */
export function relink(markdown: string, files: Map<string, string>): string {
  return markdown.replace(
    LINK,
    (whole, text: string, prefix: string, slug: string, hash?: string) => {
      const file = files.get(slug);
      if (!file) return text;
      const up = prefix.startsWith("../") ? "../" : "";
      const target = `${up}${file}${hash ?? ""}`;
      return whole === `[${text}](${target})` ? whole : `[${text}](${target})`;
    },
  );
}
