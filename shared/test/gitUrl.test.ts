import { describe, expect, it } from "vitest";
import {
  checkGitUrl,
  githubCloneUrl,
  githubRepoOfCloneUrl,
  isGithubName,
  isGithubOwner,
} from "../src/index.ts";

describe("checkGitUrl", () => {
  it("accepts a GitHub https URL and names the repository", () => {
    expect(checkGitUrl(" https://github.com/acme/widgets.git ")).toEqual({
      ok: true,
      url: "https://github.com/acme/widgets.git",
      host: "github.com",
      github: { owner: "acme", name: "widgets" },
    });
  });

  it("gives a GitHub URL back as its derived clone URL", () => {
    for (const input of [
      "https://github.com/acme/widgets",
      "https://github.com/acme/widgets/",
      "https://GitHub.com./acme/widgets.git?x=1#y",
    ]) {
      expect(checkGitUrl(input)).toMatchObject({
        ok: true,
        url: "https://github.com/acme/widgets.git",
        host: "github.com",
      });
    }
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
    ["http://github.com/a/b.git", /http:\/\/ is for local development/],
    ["https://127.0.0.1:8080/a.git", /this machine/],
    ["file:///srv/repo", /local development/],
    // A GitHub URL that is not exactly one repository could carry a token elsewhere.
    ["https://github.com/a/b/tree/main", /names one repository/],
    ["https://github.com:8443/a/b.git", /names one repository/],
    ["https://github.com/-bad/b.git", /names one repository/],
    ["https://github.com/a/..", /names one repository/],
  ])("refuses %j", (input, message) => {
    const result = checkGitUrl(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it("allows loopback and file URLs only when the policy says so", () => {
    expect(checkGitUrl("http://127.0.0.1:8080/a.git", { allowInsecure: true }).ok).toBe(true);
    expect(checkGitUrl("http://localhost:8080/a.git", { allowInsecure: true }).ok).toBe(true);
    expect(checkGitUrl("http://[::1]:8080/a.git", { allowInsecure: true }).ok).toBe(true);
    expect(checkGitUrl("file:///srv/repo", { allowFile: true }).ok).toBe(true);
  });
});

// Each of these reached an internal address through the worker before (issue 11).
describe("checkGitUrl refuses internal targets in every notation", () => {
  const literals = [
    "https://127.0.0.1/a.git",
    "https://2130706433/a.git", // decimal 127.0.0.1
    "https://0x7f000001/a.git", // hex
    "https://0x7f.1/a.git", // mixed
    "https://0177.0.0.1/a.git", // octal
    "https://127.1/a.git", // short form
    "https://0.0.0.0/a.git",
    "https://0/a.git",
    "https://[::]/a.git",
    "https://[::1]/a.git",
    "https://[::ffff:127.0.0.1]/a.git",
    "https://[0:0:0:0:0:ffff:7f00:1]/a.git",
    "https://169.254.169.254/latest/meta-data",
    "https://2852039166/latest/meta-data", // decimal 169.254.169.254
    "https://0xa9fea9fe/latest/meta-data",
    "https://[::ffff:169.254.169.254]/latest/meta-data",
    "https://[::ffff:a9fe:a9fe]/latest/meta-data",
    "https://[fd00::1]/a.git",
    "https://[fe80::1]/a.git",
    "https://10.0.0.1/a.git",
    "https://172.16.0.1/a.git",
    "https://192.168.1.1/a.git",
    "https://100.64.0.1/a.git",
    "https://%31%32%37.0.0.1/a.git", // percent-encoded
  ];
  it.each(literals)("refuses the IP literal %s", (input) => {
    const result = checkGitUrl(input);
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.error).toMatch(/this machine|IP addresses/);
  });

  it.each(literals)("refuses %s in local mode too, unless it is plain loopback", (input) => {
    const local = checkGitUrl(input.replace("https:", "http:"), { allowInsecure: true });
    const host = new URL(input).hostname;
    const plainLoopback = /^127\.0\.0\.1$/.test(host) || host === "[::1]";
    expect(local.ok).toBe(plainLoopback);
  });

  it.each([
    ["https://localhost/a.git", /this machine/],
    ["https://localhost./a.git", /this machine/],
    ["https://LOCALHOST/a.git", /this machine/],
    ["https://git.localhost/a.git", /this machine/],
    ["https://metadata.google.internal/a.git", /\.internal/],
    ["https://git.internal./a.git", /\.internal/],
    ["https://printer.local/a.git", /\.local/],
    ["https://nas.home.arpa/a.git", /\.arpa/],
    ["https://gitserver/a.git", /full host name/],
    ["https://gitserver./a.git", /full host name/],
  ])("refuses the private name %s", (input, message) => {
    const result = checkGitUrl(input);
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe("GitHub names", () => {
  it("follows GitHub's rules for owners and repository names", () => {
    for (const ok of ["a", "acme", "Acme-Corp", "a1-b2-c3", "x".repeat(39)]) {
      expect(isGithubOwner(ok)).toBe(true);
    }
    for (const bad of ["", "-a", "a-", "a--b", "a_b", "a.b", "x".repeat(40), "a/b", "..", "é"]) {
      expect(isGithubOwner(bad)).toBe(false);
    }
    for (const ok of ["widgets", "my.repo", "a_b-c", ".github", "x".repeat(100)]) {
      expect(isGithubName(ok)).toBe(true);
    }
    for (const bad of ["", ".", "..", "a b", "a/b", "x.git", "x".repeat(101), "a%2fb"]) {
      expect(isGithubName(bad)).toBe(false);
    }
  });

  it("derives exactly one clone URL, and recognises only that form", () => {
    const url = githubCloneUrl({ owner: "acme", name: "widgets" });
    expect(url).toBe("https://github.com/acme/widgets.git");
    expect(githubRepoOfCloneUrl(url)).toEqual({ owner: "acme", name: "widgets" });
    for (const other of [
      "https://github.com/acme/widgets",
      "http://github.com/acme/widgets.git",
      "https://github.com:443/acme/widgets.git",
      "https://github.com.evil.example/acme/widgets.git",
      "https://github.com/acme/widgets.git/../other.git",
      "https://x@github.com/acme/widgets.git",
    ]) {
      expect(githubRepoOfCloneUrl(other)).toBeNull();
    }
    expect(() => githubCloneUrl({ owner: "../x", name: "y" })).toThrow();
  });
});
