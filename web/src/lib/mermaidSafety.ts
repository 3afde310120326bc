/**
 * Mermaid diagrams come from course content (model output): they must not make the
 * reader's browser load anything from elsewhere (issue 11: an <img> in a flowchart label
 * and `%%{init: {"themeCSS": "…url(https://…)"}}%%` both did). Three layers, each enough
 * on its own for the attacks we know, below the page's CSP (img-src 'self' data:):
 *
 * 1. `diagramSource`: what Mermaid is given has no configuration of its own — no
 *    `%%{init}%%` / `%%{config}%%` directives, no front matter — and no `click`, `link`
 *    or `callback` statements;
 * 2. `MERMAID_CONFIG`: securityLevel "strict", no HTML labels (labels are SVG text, so a
 *    tag in a label is text, never an element), and every key that could bring CSS, HTML
 *    or a theme in listed in `secure`, so no directive can change it even if one got
 *    through;
 * 3. `sanitizeSvg`: what is put in the page holds no element that loads or links (img,
 *    image, use of another document, a, iframe, script…), no attribute naming a URL that
 *    is not a fragment of the page (`url(#marker)` stays), and no CSS `url()`, `@import`,
 *    `image-set()` or escape in its styles.
 *
 * securityLevel "sandbox" was not chosen: it draws into an iframe of a data: URL (the CSP
 * would have to allow data: frames, the diagram gets a fixed height, is not themed and is
 * out of the page's accessibility tree), and a sandboxed frame still loads images — it
 * isolates scripts, not requests.
 */

/** Mermaid's defaults plus everything that changes how a diagram looks or what it may hold. */
export const SECURE_KEYS = [
  "secure",
  "securityLevel",
  "startOnLoad",
  "maxTextSize",
  "suppressErrorRendering",
  "maxEdges",
  "htmlLabels",
  "dompurifyConfig",
  "theme",
  "themeCSS",
  "themeVariables",
  "darkMode",
  "fontFamily",
  "altFontFamily",
  "look",
  "handDrawnSeed",
  "layout",
  "legacyMathML",
  "forceLegacyMathML",
  "arrowMarkerAbsolute",
  "deterministicIds",
  "deterministicIDSeed",
  "markdownAutoWrap",
];

/**
 * Mermaid's dark theme draws sequence notes' text at 4.49:1 on their box: a darker box and
 * a lighter text (over 9:1), set here by the app, never by a diagram (themeVariables is locked).
 */
const DARK_VARIABLES = {
  noteBkgColor: "#3a3f4b",
  noteTextColor: "#f2f4f8",
  noteBorderColor: "#8a91a0",
};

export function mermaidConfig(theme: "dark" | "default") {
  return {
    startOnLoad: false,
    securityLevel: "strict" as const,
    theme,
    ...(theme === "dark" ? { themeVariables: DARK_VARIABLES } : {}),
    htmlLabels: false,
    // Some renderers (clusters) still read the deprecated flowchart key.
    flowchart: { htmlLabels: false },
    secure: SECURE_KEYS,
  };
}

/** `%%{ … }%%` directives (they may span lines) and a leading front matter block. */
const DIRECTIVE = /%%\{[\s\S]*?\}%%/g;
const UNCLOSED_DIRECTIVE = /%%\{[\s\S]*$/;
const FRONT_MATTER = /^\s*---[ \t]*\r?\n[\s\S]*?\r?\n[ \t]*---[ \t]*(?:\r?\n|$)/;
/** Interaction statements: flowchart/class `click`, class `link`/`callback`, sequence `link(s)`. */
const INTERACTION = /^\s*(?:click|callback|links?)\b(?![-\w]).*$/gim;

/** The diagram as Mermaid may see it: no configuration, no interactions. */
export function diagramSource(source: string): string {
  let text = source;
  // Until nothing changes: removing one block may bring another to the start.
  for (let previous = ""; previous !== text; ) {
    previous = text;
    text = text
      .replace(FRONT_MATTER, "")
      .replace(DIRECTIVE, "")
      .replace(UNCLOSED_DIRECTIVE, "")
      .replace(INTERACTION, "")
      .trim();
  }
  return text;
}

const DROP_ELEMENTS = new Set([
  "script",
  "img",
  "image",
  "feimage",
  "iframe",
  "frame",
  "object",
  "embed",
  "video",
  "audio",
  "source",
  "track",
  "picture",
  "link",
  "meta",
  "base",
  "form",
  "input",
  "button",
  "animate",
  "animatemotion",
  "animatetransform",
  "set",
  "discard",
]);
const URL_ATTRIBUTES =
  /^(?:href|xlink:href|src|srcset|action|formaction|background|poster|data|ping|cite)$/i;
/** Every CSS url(…), quoted or not, closed or not (CSS closes it at the end); group 1, 2 or 3 is what it names. */
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))\s*(?:\)|$)/gi;
const isFragment = (target: string) => target.trim().startsWith("#");
/** A url() naming anything but a fragment of this document (an unclosed one counts). */
function hasRemoteUrl(value: string): boolean {
  for (const m of value.matchAll(CSS_URL)) if (!isFragment(m[1] ?? m[2] ?? m[3] ?? "")) return true;
  return false;
}

/** CSS with no way to load anything: url() other than fragments, @import, image-set. */
export function sanitizeCss(css: string): string {
  return css
    .replace(/\\/g, "")
    .replace(/@import[^;{}]*;?/gi, "")
    .replace(/(?:-webkit-)?image-set\(/gi, "none(")
    .replace(CSS_URL, (all, d, q, u) => (isFragment(d ?? q ?? u ?? "") ? all : "none"));
}

/**
 * Mermaid's SVG with nothing that loads or links. Parsed inertly (DOMParser documents
 * load nothing and run nothing) and serialised again.
 */
export function sanitizeSvg(svg: string): string {
  const doc = new DOMParser().parseFromString(`<body>${svg}</body>`, "text/html");
  for (const el of [...doc.body.querySelectorAll("*")]) {
    const tag = el.tagName.toLowerCase();
    if (DROP_ELEMENTS.has(tag)) {
      el.remove();
      continue;
    }
    if (tag === "a") {
      el.replaceWith(...el.childNodes);
      continue;
    }
    if (tag === "style") {
      el.textContent = sanitizeCss(el.textContent ?? "");
    }
    for (const name of el.getAttributeNames()) {
      const value = el.getAttribute(name) ?? "";
      if (/^on/i.test(name)) el.removeAttribute(name);
      else if (URL_ATTRIBUTES.test(name) && !value.trim().startsWith("#")) el.removeAttribute(name);
      else if (name.toLowerCase() === "style") el.setAttribute(name, sanitizeCss(value));
      else if (hasRemoteUrl(value) || /@import|image-set\(|\\/i.test(value)) {
        el.removeAttribute(name);
      }
    }
  }
  return doc.body.innerHTML;
}
