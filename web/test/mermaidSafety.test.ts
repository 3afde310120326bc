import { describe, expect, it } from "vitest";
import {
  diagramSource,
  mermaidConfig,
  SECURE_KEYS,
  sanitizeCss,
  sanitizeSvg,
} from "@/lib/mermaidSafety.ts";

const EVIL = "http://127.0.0.1:9/x.png";

describe("diagramSource: no configuration or interactions from course content", () => {
  it("drops init and config directives, on one line or several", () => {
    expect(
      diagramSource(
        `%%{init: {"themeCSS": "svg { background: url(${EVIL}) }"}}%%\nflowchart LR\n  A --> B`,
      ),
    ).toBe("flowchart LR\n  A --> B");
    expect(diagramSource(`flowchart LR\n%%{\n  config: {"htmlLabels": true}\n}%%\n  A --> B`)).toBe(
      "flowchart LR\n\n  A --> B",
    );
    expect(diagramSource(`flowchart LR\n  A --> B\n%%{init: {"theme": "base"`)).toBe(
      "flowchart LR\n  A --> B",
    );
  });

  it("drops front matter, also when it comes after a directive", () => {
    const fm = `---\nconfig:\n  themeCSS: "svg { background: url(${EVIL}) }"\n---\n`;
    expect(diagramSource(`${fm}flowchart LR\n  A --> B`)).toBe("flowchart LR\n  A --> B");
    expect(diagramSource(`%%{init: {}}%%\n${fm}flowchart LR\n  A --> B`)).toBe(
      "flowchart LR\n  A --> B",
    );
  });

  it("drops click, link and callback statements, keeps linkStyle and ordinary comments", () => {
    const src = [
      "flowchart LR",
      "  A --> B",
      `  click A href "${EVIL}" _blank`,
      "  click B call alert(1)",
      '  CLICK A "https://example.com"',
      "  linkStyle 0 stroke:#f00",
      "  %% a comment",
    ].join("\n");
    expect(diagramSource(src)).toBe(
      "flowchart LR\n  A --> B\n\n\n\n  linkStyle 0 stroke:#f00\n  %% a comment",
    );
    expect(
      diagramSource(
        'sequenceDiagram\n  link Alice: Site @ https://x\n  links Bob: {"a": "https://x"}\n  Alice->>Bob: hi',
      ),
    ).toBe("sequenceDiagram\n\n\n  Alice->>Bob: hi");
    expect(diagramSource('classDiagram\n  class A\n  link A "https://x"\n  callback A "f"')).toBe(
      "classDiagram\n  class A",
    );
  });
});

describe("mermaidConfig", () => {
  it("is strict, without HTML labels, and locks what a directive could use to bring CSS or HTML", () => {
    const config = mermaidConfig("dark");
    expect(config).toMatchObject({ securityLevel: "strict", htmlLabels: false, theme: "dark" });
    expect(config.flowchart.htmlLabels).toBe(false);
    for (const key of [
      "themeCSS",
      "themeVariables",
      "htmlLabels",
      "dompurifyConfig",
      "securityLevel",
      "fontFamily",
      "theme",
    ]) {
      expect(SECURE_KEYS, key).toContain(key);
    }
  });
});

describe("sanitizeSvg: nothing that loads or links", () => {
  it("removes images, foreign documents, links, scripts and event handlers", () => {
    const svg = `<svg id="m" xmlns="http://www.w3.org/2000/svg"><g><image href="${EVIL}"/><foreignObject><div><img src="${EVIL}"><span>label</span></div></foreignObject><a href="${EVIL}"><text onclick="alert(1)">Node</text></a><use href="${EVIL}#x"/><use href="#local"/><script>alert(1)</script><animate attributeName="href" to="${EVIL}"/></g></svg>`;
    const out = sanitizeSvg(svg);
    expect(out).not.toContain("127.0.0.1");
    expect(out).not.toMatch(/<img|<image|<a |<script|onclick|<animate/i);
    expect(out).toContain("label");
    expect(out).toContain("Node");
    expect(out).toContain('href="#local"');
    expect(out).toContain('id="m"');
  });

  it("keeps fragment url() (markers, gradients), removes any other url()", () => {
    const svg = `<svg><path marker-end="url(#arrow)" fill="url(${EVIL})" style="stroke: red; background: url('${EVIL}')"/><rect filter="url( '#f' )"/></svg>`;
    const out = sanitizeSvg(svg);
    expect(out).toContain('marker-end="url(#arrow)"');
    expect(out).toContain("filter=\"url( '#f' )\"");
    expect(out).not.toContain("127.0.0.1");
    expect(out).toContain("stroke: red");
  });

  it("cleans the diagram's <style>: url(), @import, image-set, CSS escapes", () => {
    const svg = `<svg><style>#m .node rect { fill: #fff; } #m { background: url(${EVIL}); } @import url(${EVIL}); @import "${EVIL}"; #m .a { background-image: image-set("${EVIL}" 1x); } #m .b { background: \\75 rl(${EVIL}); } #m .c { marker: url(#arrow); }</style></svg>`;
    const out = sanitizeSvg(svg);
    expect(out).toContain("#m .node rect { fill: #fff; }");
    expect(out).toContain("url(#arrow)");
    expect(out).not.toMatch(/@import|image-set|url\((?!#)|\\/);
  });

  it("sanitizeCss leaves ordinary CSS alone", () => {
    const css = '#m .label { font-family: "trebuchet ms", verdana; color: #333; }';
    expect(sanitizeCss(css)).toBe(css);
  });
});

describe("sanitizeCss edge cases", () => {
  it("an unclosed url() at the end, quoted urls, and fragments kept", () => {
    expect(sanitizeCss(`#m { background: url(${EVIL}`)).toBe("#m { background: none");
    expect(sanitizeCss(`a { b: url( "${EVIL}" ) } c { d: url('#x') }`)).toBe(
      "a { b: none } c { d: url('#x') }",
    );
    expect(sanitizeSvg(`<svg><rect fill="url(${EVIL}"/></svg>`)).not.toContain("127.0.0.1");
  });
});
