/**
 * The overview's core list follows the central type with its main path: the methods a
 * runtime protocol calls (`ServeHTTP`, `__call__`), then the public methods other code
 * calls that orchestrate the most of the project's own code, whatever their rank alone.
 */
import { describe, expect, it } from "vitest";
import { buildCodeMap } from "../src/codemap/index.ts";
import { type CourseContext, coreDeclarations } from "../src/offline/chapters.ts";
import { findCore } from "../src/offline/core.ts";
import { mainPath } from "../src/offline/main-path.ts";
import { fixtureTrees } from "./helpers/tree.ts";

const tree = fixtureTrees();

const setters = Array.from(
  { length: 8 },
  (_, i) =>
    `// SetOpt${i} sets option ${i}.\nfunc (c *Command) SetOpt${i}(v string) {\n\tc.opts[${i}] = v\n}\n`,
).join("\n");

const GO = {
  "go.mod": "module example.com/cli\n\ngo 1.20\n",
  "command.go": `package cli

// Command is one command of the tree.
type Command struct {
\tName string
\topts map[int]string
}

${setters}
// Execute runs the command.
func (c *Command) Execute() error {
\t_, err := c.ExecuteC()
\treturn err
}

// ExecuteC runs the command and returns the one that ran.
func (c *Command) ExecuteC() (*Command, error) {
\tcmd := c.find()
\tcmd.parse()
\tcmd.validate()
\treturn cmd, cmd.run()
}

func (c *Command) find() *Command { return c }
func (c *Command) parse()          {}
func (c *Command) validate()       {}
func (c *Command) run() error      { return nil }
`,
  "server.go": `package cli

import "net/http"

// Server serves commands over HTTP.
type Server struct {
\tRoot *Command
}

// ServeHTTP conforms to http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
\ts.Root.Execute()
}
`,
};

describe("the main path in the overview", () => {
  it("puts ExecuteC and ServeHTTP right after their types, not the setters", async () => {
    const { map, reader } = await buildCodeMap(tree(GO));
    const core = await findCore(map, reader);
    const names = coreDeclarations({ core } as CourseContext, 6).map((r) => r.item.name);
    const command = names.indexOf("Command");
    expect(command).toBeGreaterThanOrEqual(0);
    expect(names[command + 1]).toBe("Command.ExecuteC");
    expect(names).toContain("Server");
    expect(names.indexOf("Server.ServeHTTP")).toBe(names.indexOf("Server") + 1);
    // Setters and Execute (one call) orchestrate nothing: ExecuteC alone is the path.
    const type = coreDeclarations({ core } as CourseContext, 6)[command];
    expect(type && mainPath(core, type, 5).map((r) => r.item.name)).toEqual(["Command.ExecuteC"]);
  });

  it("counts the callers and the fan-out of each method by name", async () => {
    const { map, reader } = await buildCodeMap(tree(GO));
    const core = await findCore(map, reader);
    expect(core.calls.callers.get("ExecuteC")).toBe(1);
    expect(core.calls.callers.get("SetOpt1") ?? 0).toBe(0);
    const file = map.files.find((f) => f.path === "command.go");
    const executeC = file?.outline.find((o) => o.name === "Command.ExecuteC");
    expect(core.calls.fanOut.get(`command.go:${executeC?.line}`)).toBe(4);
  });
});
