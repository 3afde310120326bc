/**
 * The markup of doc comments and docstrings turned into Markdown a reader can read:
 * reStructuredText roles, literals, links and field lists (Python), JSDoc inline and block
 * tags, rustdoc intra-doc links, Go doc links. Works on one line as well as on a whole
 * comment (the code map keeps the first paragraph on one line). Read by prose/index.ts.
 * Every pattern is bounded and linear.
 */

/** `:class:`~flask.Flask`` → `` `Flask` ``; `:ref:`text <target>`` → `text`. */
const ROLE = /:(?:[A-Za-z][\w-]{0,30}:){1,2}`([^`\n]{1,300})`/g;
/** Roles that name a document or a section, not code: their text stays plain. */
const TEXT_ROLE =
  /^:(?:\w+:)?(ref|doc|term|abbr|sup|sub|numref|pep|rfc|download|guilabel|menuselection|title-reference|emphasis|strong):/;
/** `` `text <https://url>`_ `` and `` `text`_ ``: RST hyperlinks. */
const RST_LINK = /`([^`<\n]{1,300})<([^`<>\n]{1,1000})>`_{1,2}/g;
const RST_REF = /`([^`\n]{1,300})`_{1,2}(?![\w])/g;
/** ``literal`` (RST) → `literal`. */
const LITERAL = /``([^`\n]{1,300})``/g;

function roleText(all: string, target: string): string {
  const named = /^([^<]{0,300}?)\s*<([^<>]{1,300})>$/.exec(target);
  const shown = named?.[1]?.trim() || named?.[2] || target;
  // `~a.b.C` shows `C`; `!x` means "no link".
  const display = shown.startsWith("~")
    ? (shown.slice(1).split(".").pop() ?? shown)
    : shown.replace(/^!/, "");
  return TEXT_ROLE.test(all) ? display : `\`${display}\``;
}

/** RST inline markup (roles, hyperlinks, ``literals``) as Markdown. */
export function rstInline(text: string): string {
  return text
    .replace(ROLE, (all, target: string) => roleText(all, target))
    .replace(RST_LINK, (_all, label: string, target: string) =>
      /^https?:\/\//.test(target) ? `[${label.trim()}](${target})` : label.trim(),
    )
    .replace(RST_REF, "$1")
    .replace(LITERAL, "`$1`");
}

/** `{@link Foo}`, `{@link Foo|text}`, `{@linkcode Foo}`, `{@link https://x text}`, `{@code x}`. */
const JSDOC_INLINE =
  /\{@(link|linkcode|linkplain|code|literal|inheritDoc|inheritdoc)(?:\s+([^}\s|]{1,300}))?(?:[\s|]+([^{}]{1,300}))?\}/g;

export function jsdocInline(text: string): string {
  return text.replace(JSDOC_INLINE, (_all, tag: string, target = "", label = "") => {
    const shown = (label as string).trim();
    if (/^inherit/i.test(tag) || target === "") return shown;
    if (/^https?:\/\//.test(target)) return shown ? `[${shown}](${target})` : `<${target}>`;
    if (tag === "linkplain") return shown || target;
    return `\`${shown || target}\``;
  });
}

/**
 * Intra-doc links of rustdoc and Go doc: `` [`Foo`] `` and `[Foo::bar]` name code, not a
 * page: shown as a code span. `[text](https://…)` and `[text](#x)` are left to the link rules.
 */
const CODE_REF =
  /\[(`[^`\n]{1,300}`)\](?:\[[^\]\n]{0,300}\]|\((?!https?:|mailto:)[^()\s]{0,1000}\)|(?![([]))/g;
const NAME_REF =
  /(?<![\w\]])\[((?:[A-Za-z_][\w]{0,100}(?:::|\.))*[A-Za-z_][\w]{0,100}(?:\(\))?!?)\](?![([:])/g;

export function intraDocLinks(text: string): string {
  return text.replace(CODE_REF, "$1").replace(NAME_REF, "`$1`");
}

/** Where a flattened field list or block tag starts (`:param x:`, `@returns`): prose ends. */
const FIELD =
  /(^|\s):(param|parameter|arg|argument|key|keyword|kwarg|type|returns?|rtype|raises?|except|exception|var|ivar|cvar|vartype|yields?|ytype|meta)\b[^:\n]{0,200}:/;
const BLOCK_TAG =
  /(^|\s)@(param|arg|argument|returns?|throws?|exception|example|see|since|deprecated|api|private|public|protected|internal|typedef|template|type|default|defaultValue|remarks|property|prop|callback|memberof|module|namespace|override|inheritdoc|alpha|beta|experimental|category|group)\b/;
/** An RST directive: `.. versionchanged:: 1.0`, `.. code-block:: python`. */
const DIRECTIVE = /(^|\s)\.\.\s+([\w-]{1,40})::/;

/** One line of prose cut where a field list, block tag or directive begins. */
export function cutAtFields(text: string): string {
  let end = text.length;
  for (const re of [FIELD, BLOCK_TAG, DIRECTIVE]) {
    const m = re.exec(text);
    if (m && m.index < end) end = m.index;
  }
  return text.slice(0, end);
}
