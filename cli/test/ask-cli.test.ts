import { describe, expect, it } from "vitest";
import { ASK_REPO, writeAskCourse } from "./helpers/ask-course.ts";
import { runCli } from "./helpers/cli.ts";
import { fixtureTrees } from "./helpers/tree.ts";

const NO_KEY = { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined };
const tree = fixtureTrees();

function course(): { repo: string; course: string } {
  const repo = tree(ASK_REPO);
  const folder = tree({});
  writeAskCourse(folder);
  return { repo, course: folder };
}

describe("fondation ask", () => {
  it("prints an offline answer under its notice, with cited lines", async () => {
    const { repo, course: c } = course();
    const r = await runCli(["ask", c, "Where is the token refreshed?", "--repo", repo], NO_KEY);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^> Not written by a model/);
    expect(r.stdout).toContain("`src/auth/session.ts:5-9`");
  });

  it("--json prints the answer object", async () => {
    const { repo, course: c } = course();
    const r = await runCli(
      ["ask", c, "evict the oldest cache entry", "--repo", repo, "--json"],
      NO_KEY,
    );
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.stdout);
    expect(answer).toMatchObject({ mode: "offline", model: null, language: "en" });
    expect(answer.citations[0]).toEqual({ path: "src/store/cache.py", startLine: 8, endLine: 10 });
  });

  it("says what to pass when the repository is unknown or the folder is not a course", async () => {
    const { course: c } = course();
    const noRepo = await runCli(["ask", c, "anything"], NO_KEY);
    expect(noRepo.code).toBe(3);
    expect(noRepo.stderr).toMatch(/Pass --repo <folder>/);
    const notCourse = await runCli(
      ["ask", tree({ "a.txt": "x" }), "anything", "--repo", c],
      NO_KEY,
    );
    expect(notCourse.code).toBe(3);
    expect(notCourse.stderr).toMatch(
      /is not a course folder .*Pass the folder `fondation analyze` wrote/,
    );
  });
});
