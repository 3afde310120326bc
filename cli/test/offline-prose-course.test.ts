/**
 * The offline course's chapters carry clean prose end to end (issue 12, rule e): a README
 * opening with an HTML logo and badges, a JavaScript module whose first comment is a
 * license banner, a Python package whose docstrings use RST titles and roles.
 */
import { describe, expect, it } from "vitest";
import { buildCodeMap } from "../src/codemap/index.ts";
import {
  type CourseContext,
  moduleChapter,
  moduleRole,
  overviewChapter,
} from "../src/offline/chapters.ts";
import { findCore } from "../src/offline/core.ts";
import { labels } from "../src/offline/i18n.ts";
import { groupModules, type Module } from "../src/offline/modules.ts";
import { exploreTutorial } from "../src/offline/tutorials.ts";
import { fixtureTrees } from "./helpers/tree.ts";

const tree = fixtureTrees();

const REPO = {
  "README.md": `<p align="center">
  <img src="logo.svg" alt="logo" />
  <h1 align="center">Demo</h1>
</p>

[![CI](https://github.com/demo/demo/workflows/ci/badge.svg)](https://github.com/demo/demo/actions)

A tiny web framework. Read the [guide](docs/guide.md).

## Installation

\`\`\`sh
pip install demo
\`\`\`

Licensed under the MIT license.
`,
  "index.js":
    "/*!\n * demo\n * Copyright(c) 2014 Jane Doe\n * MIT Licensed\n */\n\n'use strict';\n\nmodule.exports = require('./lib/router');\n",
  "lib/router.js": `/*!
 * demo
 * Copyright(c) 2009-2013 Jane Doe
 * MIT Licensed
 */

/**
 * Initialize a new \`Router\` with the given {@link Options}.
 *
 * @param {Object} options
 * @api public
 */
export function Router(options) {
  return options;
}
`,
  "pkg/__init__.py":
    '"""\ndemo.app\n~~~~~~~~\n\nThis module implements the central application object.\n"""\nfrom .app import App\n',
  "pkg/app.py":
    '"""\ndemo.app\n~~~~~~~~\n\nThe application object.\n"""\n\n\nclass App:\n    """The central :class:`~demo.app.App` object; see :meth:`App.run` and ``debug``."""\n\n    def run(self):\n        """Runs the app. :param port: the port."""\n        return 1\n\n\ndef spec():\n    """https://example.com/spec"""\n    return 2\n',
};

const JUNK =
  /<\/?[a-z][\w-]*(\s[^<>]*)?\/?>|~~~~|====|:class:|:meth:|Copyright|MIT Licen[sc]ed|@param|@api|\{@link|\]\((docs|logo)/i;

async function context(spec: Record<string, string> = REPO): Promise<CourseContext> {
  const { map, reader } = await buildCodeMap(tree(spec));
  const core = await findCore(map, reader);
  const modules = groupModules(map, 5);
  return {
    map,
    reader,
    L: labels("en"),
    modules,
    names: new Map(modules.map((m) => [m.id, m.dir || "root"])),
    roles: new Map(modules.map((m) => [m.id, moduleRole(m, map)])),
    overviewSlug: "overview",
    core,
    periphery: new Set(),
  };
}

describe("offline chapters read as prose", () => {
  it("opens the overview with the README's sentences, not its logo, badges or license line", async () => {
    const ctx = await context();
    const md = (await overviewChapter(ctx)).markdown.replace(/^```[\s\S]*?^```/gm, "");
    expect(md).toContain("A tiny web framework. Read the guide.");
    expect(md).toContain("Demo");
    expect(md).not.toMatch(JUNK);
  });

  it("gives each module a role from its first readable doc, never a license banner or an RST title", async () => {
    const ctx = await context();
    const folder = (dir: string): Module => ({
      id: dir,
      dir,
      direct: true,
      files: ctx.map.files.filter((f) => f.path.startsWith(`${dir}/`)),
      tests: [],
      dependsOn: [],
      usedBy: [],
    });
    // The package's `__init__.py` opens with an RST title: the paragraph after it is the role.
    expect(moduleRole(folder("pkg"), ctx.map)).toBe(
      "This module implements the central application object.",
    );
    // The only file comment is a license banner: no role rather than the banner.
    expect(moduleRole(folder("lib"), ctx.map)).toBe("");
    const chapter = await moduleChapter(
      { ...ctx, modules: [folder("pkg"), folder("lib")] },
      folder("pkg"),
    );
    expect(chapter.markdown).toContain("The central `App` object; see `App.run` and `debug`.");
    // A doc that cleans to nothing leaves no dangling dash after the citation.
    expect(chapter.markdown).toMatch(/^- \*\*`spec`\*\* \(function\) `pkg\/app\.py:\d+-\d+`$/m);
    expect(chapter.markdown).not.toMatch(/ — $/m);
    const lib = await moduleChapter(ctx, folder("lib"));
    expect(lib.markdown).toContain("Initialize a new `Router` with the given `Options`.");
    for (const md of [chapter.markdown, lib.markdown])
      expect(md.replace(/^```[\s\S]*?^```/gm, "")).not.toMatch(JUNK);
  });

  it("shows the entry point from below its license banner", async () => {
    const ctx = await context({
      "package.json": JSON.stringify({ name: "demo", main: "index.js" }),
      "index.js":
        "/*!\n * demo\n * Copyright(c) 2014 Jane Doe\n * MIT Licensed\n */\n\n'use strict';\n\nfunction main() {\n  return 1;\n}\nmodule.exports = main;\n",
    });
    const md = (await exploreTutorial(ctx, "run")).markdown;
    expect(md).toContain("`index.js:7-12`");
    expect(md).toContain("'use strict';");
    expect(md).not.toMatch(/Copyright|MIT Licensed/);
  });
});
