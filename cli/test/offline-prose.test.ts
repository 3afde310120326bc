/**
 * Clean prose (issue 12, rule e): text taken from a repository (README sections, doc
 * comments, docstrings) reaches the offline course as sentences, without HTML, badges, RST
 * roles and underlines, JSDoc tags, license banners or links to files that are not lessons.
 */
import { describe, expect, it } from "vitest";
import { docText } from "../src/codemap/doc.ts";
import {
  bannerLines,
  cutMarkdown,
  docLine,
  docProse,
  readmeProse,
} from "../src/offline/prose/index.ts";

describe("doc comments and docstrings as prose", () => {
  it("drops a comment that divides the file or is code commented out: neither documents the declaration below", () => {
    expect(docLine("////////////////////// base type //// //////////////////////")).toBe("");
    expect(docLine("***** Helpers *****")).toBe("");
    expect(docLine('const ZOD_ERROR: symbol = Symbol.for("{{zod.error}}");')).toBe("");
    expect(docLine("return this.next(req);")).toBe("");
    expect(docLine("Returns the parsed value, or throws.")).toBe(
      "Returns the parsed value, or throws.",
    );
    expect(docLine("If the input is empty, the default is used.")).toBe(
      "If the input is empty, the default is used.",
    );
  });

  it("turns RST roles into code spans, showing the short name of ~targets and the title of <targets>", () => {
    expect(
      docLine(
        "A standard Python :class:`~logging.Logger` for the app, with the same name as :attr:`name`.",
      ),
    ).toBe("A standard Python `Logger` for the app, with the same name as `name`.");
    expect(
      docLine(
        "Constructs a :class:`Request <Request>`, prepares it and sends it. Returns :py:class:`Response` object.",
      ),
    ).toBe("Constructs a `Request`, prepares it and sends it. Returns `Response` object.");
    expect(docLine("See :ref:`the tutorial <tutorial>` first.")).toBe("See the tutorial first.");
  });

  it("turns RST ``literals`` into code spans and RST hyperlinks into Markdown links or text", () => {
    expect(docLine("Convert ``o`` to a JSON serializable type.")).toBe(
      "Convert `o` to a JSON serializable type.",
    );
    expect(docLine("Uses `Jinja <https://palletsprojects.com/p/jinja/>`_ and `Click`_.")).toBe(
      "Uses [Jinja](https://palletsprojects.com/p/jinja/) and Click.",
    );
  });

  it("drops a flattened RST underline and cuts the prose where a field list or directive starts", () => {
    expect(docLine("Tagged JSON ~~~~~~~~~~~")).toBe("Tagged JSON");
    expect(docLine("==== Useful utility types that have nothing to do with the project ====")).toBe(
      "Useful utility types that have nothing to do with the project",
    );
    expect(docLine("Sends a GET request. :param url: URL for the new :class:`Request`.")).toBe(
      "Sends a GET request.",
    );
    expect(docLine("Register a blueprint. .. versionchanged:: 2.0.1 The name option.")).toBe(
      "Register a blueprint.",
    );
  });

  it("turns JSDoc inline links into code spans or links and cuts at block tags", () => {
    expect(
      docLine("Derives a new {@link AsyncGenerator} based on {@link iterable}, that aborts."),
    ).toBe("Derives a new `AsyncGenerator` based on `iterable`, that aborts.");
    expect(docLine("See {@link https://expressjs.com the guide} or {@link Router|routers}.")).toBe(
      "See [the guide](https://expressjs.com) or `routers`.",
    );
    expect(docLine("Initialize a new `Router`. @param {Object} options @api public")).toBe(
      "Initialize a new `Router`.",
    );
  });

  it("turns rustdoc and Go doc links into code spans, leaving indexing such as list[str] alone", () => {
    expect(
      docLine(
        "Build a [`Command`] from [`Arg`]s; see [`Command::get_matches`](crate::Command::get_matches) and [ArgMatches].",
      ),
    ).toBe("Build a `Command` from `Arg`s; see `Command::get_matches` and `ArgMatches`.");
    expect(docLine("Returns list[str] of the names [see below].")).toBe(
      "Returns list[str] of the names [see below].",
    );
  });

  it("keeps a rustdoc-style code label of an absolute link as a link", () => {
    expect(
      docLine("Use the executable [`express(1)`](https://github.com/expressjs/generator) first."),
    ).toBe("Use the executable [`express(1)`](https://github.com/expressjs/generator) first.");
  });

  it("drops a last sentence that leads to a list or example the first paragraph does not hold", () => {
    expect(
      docLine("Requests is an HTTP library, written in Python, for human beings. Basic GET usage:"),
    ).toBe("Requests is an HTTP library, written in Python, for human beings.");
    expect(docLine("Serializes the following types:")).toBe("Serializes the following types:");
  });

  it("keeps only the prose before a code block flattened onto the line", () => {
    expect(docLine('Parse a value. ```rust let cmd = clap::Command::new("raw"); ```')).toBe(
      "Parse a value.",
    );
    expect(docLine('```rust let mut cmd = clap::Command::new("raw") .arg( ```')).toBe("");
  });

  it("shows tag-shaped words as code rather than letting the reader swallow them as HTML", () => {
    expect(
      docLine(
        "Returns the value of the environment variable <PROGRAM>_ACTIVE_HELP where <PROGRAM> is the root command.",
      ),
    ).toBe(
      "Returns the value of the environment variable `<PROGRAM>_ACTIVE_HELP` where `<PROGRAM>` is the root command.",
    );
    expect(docLine("Joins <b>paths</b> with&nbsp;a separator &amp; returns a `Vec<String>`.")).toBe(
      "Joins paths with a separator & returns a `Vec<String>`.",
    );
  });

  it("leaves nothing of a license banner or of a doc that is only a URL", () => {
    expect(
      docLine(
        "! express Copyright(c) 2009-2013 TJ Holowaychuk Copyright(c) 2013 Roman Shtylman MIT Licensed",
      ),
    ).toBe("");
    expect(
      docLine("Router for apps. Copyright 2014 Manu Martinez-Almeida. All rights reserved."),
    ).toBe("Router for apps.");
    expect(docLine("https://github.com/pallets/flask")).toBe("");
    expect(docLine("[guide](docs/guide.md)")).toBe("guide");
  });

  it("skips a license banner or an RST title paragraph when the code map takes a doc's first paragraph", () => {
    expect(
      docText("\nrequests.utils\n~~~~~~~~~~~~~~\n\nThis module provides utility functions.\n"),
    ).toBe("This module provides utility functions.");
    expect(
      docText("!\n * express\n * Copyright(c) 2009-2013 TJ Holowaychuk\n * MIT Licensed\n"),
    ).toBe("");
    expect(
      docText(
        " Copyright 2020 ACME.\n Licensed under the MIT license.\n\n Package cli runs commands.",
      ),
    ).toBe("Package cli runs commands.");
    expect(docText("Command is a command of the program.\n\nMore below.")).toBe(
      "Command is a command of the program.",
    );
  });
});

describe("whole doc comments as Markdown", () => {
  it("keeps doctests and code-block examples as Python code and lists the parameters", () => {
    const doc = `Create a session.

    :param url: URL for the new :class:\`Request\` object.
    :type url: str
    :rtype: requests.Response

    Usage::

      >>> import requests
      >>> s = requests.Session()

    .. versionchanged:: 1.0
       Sessions are context managers.

    .. code-block:: python

        s.get("https://example.com")
`;
    expect(docProse(doc, "python")).toBe(
      [
        "Create a session.",
        "",
        "- `url`: URL for the new `Request` object.",
        "",
        "Usage:",
        "",
        "```python",
        ">>> import requests",
        ">>> s = requests.Session()",
        "```",
        "",
        "Changed in version 1.0: Sessions are context managers.",
        "",
        "```python",
        's.get("https://example.com")',
        "```",
      ].join("\n"),
    );
  });

  it("gives rustdoc code blocks their language and drops their hidden lines", () => {
    const doc =
      'Parses the arguments.\n\n```no_run\n# use clap::Command;\nlet m = Command::new("x").get_matches();\n```\n';
    expect(docProse(doc, "rust")).toBe(
      'Parses the arguments.\n\n```rust\nlet m = Command::new("x").get_matches();\n```',
    );
  });

  it("lists JSDoc parameters, keeps @example as code and drops the other tags", () => {
    const doc =
      "Define an option.\n@param {string} flags - the flags\n@param {string} [description]\n@returns {Command} `this` command for chaining\n@api public\n@example\nprogram.option('-d');\n";
    expect(docProse(doc, "javascript")).toBe(
      "Define an option.\n\n- `flags`: the flags\n- `description`\n- Returns: `this` command for chaining\n\n```javascript\nprogram.option('-d');\n```",
    );
  });
});

describe("README sections as prose", () => {
  it("reduces a centred HTML header and its badge row to the project's name and tagline", () => {
    const readme = `<p align="center">
  <img src="logo.svg" width="200px" align="center" alt="Zod logo" />
  <h1 align="center">Zod</h1>
  <p align="center">
    TypeScript-first schema validation with static type inference
    <br/>
    by <a href="https://x.com/colinhacks">@colinhacks</a>
  </p>
</p>
<br/>

<p align="center">
<a href="https://github.com/colinhacks/zod/actions"><img src="https://github.com/colinhacks/zod/actions/workflows/test.yml/badge.svg" alt="CI" /></a>
<a href="https://opensource.org/licenses/MIT" rel="nofollow"><img src="https://img.shields.io/github/license/colinhacks/zod" alt="License"></a>
</p>

<div align="center">
  <a href="https://zod.dev/api">Docs</a>
  <span>&nbsp;&nbsp;•&nbsp;&nbsp;</span>
</div>`;
    expect(readmeProse(readme)).toBe(
      "Zod\n\nTypeScript-first schema validation with static type inference\n\nby [@colinhacks](https://x.com/colinhacks)\n\n[Docs](https://zod.dev/api)",
    );
  });

  it("drops Markdown badges (also split over lines), images and license lines", () => {
    const readme = `[![Crates.io](https://img.shields.io/crates/v/clap?style=flat-square)](https://crates.io/crates/clap)
[![Package Manager
CI](https://github.com/fastify/fastify/workflows/package-manager-ci/badge.svg?branch=main)](https://github.com/fastify/fastify/actions)
![architecture](docs/arch.png)

Command Line Argument Parser for Rust.

Dual-licensed under [Apache 2.0](LICENSE-APACHE) or [MIT](LICENSE-MIT).`;
    expect(readmeProse(readme)).toBe("Command Line Argument Parser for Rust.");
  });

  it("keeps the text of links to repository files and keeps absolute links", () => {
    const readme =
      "Read the [guide](docs/guide.md), the [Code of Conduct][] and the [site](https://fastify.dev).\n\n[Code of Conduct]: CODE_OF_CONDUCT.md\n[site-ref]: https://fastify.dev";
    expect(readmeProse(readme)).toBe(
      "Read the guide, the Code of Conduct and the [site](https://fastify.dev).",
    );
  });

  it("keeps fenced code as it is, makes titles over underlines bold and a lone URL an autolink", () => {
    const readme =
      "Install\n-------\n\n```sh\nnpm install <pkg>   # <b>not HTML</b>\n```\n\nDocumentation\n=============\n\nhttps://flask.palletsprojects.com/";
    expect(readmeProse(readme)).toBe(
      "**Install**\n\n```sh\nnpm install <pkg>   # <b>not HTML</b>\n```\n\n**Documentation**\n\n<https://flask.palletsprojects.com/>",
    );
  });

  it("reads a README.rst: directives dropped or made code, titles bold, RST links as links", () => {
    const rst = `Flask
=====

.. image:: https://img.shields.io/pypi/v/flask.svg
    :target: https://pypi.org/project/Flask/

Flask is a lightweight \`WSGI <https://wsgi.readthedocs.io/>\`_ web application framework.

.. code-block:: python

    app = Flask(__name__)

.. _Click: https://click.palletsprojects.com/`;
    expect(readmeProse(rst)).toBe(
      "**Flask**\n\nFlask is a lightweight [WSGI](https://wsgi.readthedocs.io/) web application framework.\n\n```python\napp = Flask(__name__)\n```",
    );
  });

  it("drops a tag cut at the end of the text by a length limit", () => {
    expect(readmeProse('A fast web framework.\n\n<a href="https://github.com/fastify')).toBe(
      "A fast web framework.",
    );
  });
});

describe("cutting prose to a length", () => {
  it("ends a README section cut upstream at its last whole sentence", () => {
    const cut =
      "Fastify is a web framework.\n\nAn efficient server implies a lower cost of the infrastructure, a better\nresponsiveness under load and happy users. How can you ef";
    expect(cutMarkdown(cut, 1200)).toBe(
      "Fastify is a web framework.\n\nAn efficient server implies a lower cost of the infrastructure, a better\nresponsiveness under load and happy users.",
    );
  });

  it("keeps a last line that is a list item, a URL or a sentence without its period", () => {
    expect(cutMarkdown("Install it:\n\n- npm install demo", 100)).toBe(
      "Install it:\n\n- npm install demo",
    );
    expect(cutMarkdown("View the website at: http://localhost:3000", 100)).toBe(
      "View the website at: http://localhost:3000",
    );
    expect(cutMarkdown("End-to-end typesafe APIs made easy", 100)).toBe(
      "End-to-end typesafe APIs made easy",
    );
  });

  it("cuts at a line boundary and never leaves a code fence open", () => {
    const md = "Run it:\n\n```sh\nnpm install\nnpm start\n```\n\nThen open the page.";
    expect(cutMarkdown(md, 30)).toBe("Run it:");
    expect(cutMarkdown(md, 200)).toBe(md);
  });
});

describe("license banners at the top of a file", () => {
  it("counts the banner comment and the blank lines after it, in block and line comments", () => {
    const js =
      "/*!\n * express\n * Copyright(c) 2009-2013 TJ Holowaychuk\n * MIT Licensed\n */\n\n'use strict';";
    expect(bannerLines(js.split("\n"))).toBe(6);
    const go =
      "// Copyright 2013-2022 The Cobra Authors\n//\n// Licensed under the Apache License, Version 2.0\n\npackage cobra";
    expect(bannerLines(go.split("\n"))).toBe(4);
  });

  it("counts nothing when the first comment is documentation", () => {
    expect(bannerLines(["/**", " * Module dependencies.", " */", "var x = 1;"])).toBe(0);
    expect(bannerLines(["#!/usr/bin/env python", "# Copyright 2020 ACME"])).toBe(0);
    expect(bannerLines(["package main"])).toBe(0);
  });
});

// Hostile input (unclosed tags, roles, links… at 1 MiB) is in the parser fuzz test
// (fuzz-parsers.test.ts), which measures each cleaner's CPU time in a child process.
