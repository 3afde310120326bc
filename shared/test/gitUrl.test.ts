import { describe, expect, it } from "vitest";
import { checkGitUrl } from "../src/index.ts";

describe("checkGitUrl", () => {
  it("accepts a GitHub https URL and names the repository", () => {
    expect(checkGitUrl(" https://github.com/acme/widgets.git ")).toEqual({
      ok: true,
      url: "https://github.com/acme/widgets.git",
      host: "github.com",
      github: { owner: "acme", name: "widgets" },
    });
  });

  it("accepts another https host without a GitHub name", () => {
    const result = checkGitUrl("https://gitlab.example.org/group/sub/project.git");
    expect(result).toMatchObject({ ok: true, github: null, host: "gitlab.example.org" });
  });

  it.each([
    ["", /Enter a git URL/],
    ["not a url", /not a URL/],
    ["ssh://git@github.com/a/b.git", /Only https/],
    ["https://user:tok@github.com/a/b.git", /Remove the credentials/],
    ["http://github.com/a/b.git", /development/],
    ["https://127.0.0.1:8080/a.git", /development/],
    ["file:///srv/repo", /local development/],
  ])("refuses %j", (input, message) => {
    const result = checkGitUrl(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it("allows loopback and file URLs only when the policy says so", () => {
    expect(checkGitUrl("http://127.0.0.1:8080/a.git", { allowInsecure: true }).ok).toBe(true);
    expect(checkGitUrl("file:///srv/repo", { allowFile: true }).ok).toBe(true);
  });
});
