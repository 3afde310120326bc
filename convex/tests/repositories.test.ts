/** Users and repositories: sign-in upsert, adding by URL, GitHub sync (list and action). */
import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import { ALICE, errorData, setup } from "./harness.testkit.ts";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

const repoCount = (t: ReturnType<typeof setup>["t"]) =>
  t.run(async (ctx) => (await ctx.db.query("repositories").collect()).length);

describe("users", () => {
  test("store upserts the identity's profile, keyed by tokenIdentifier", async () => {
    const { t, alice } = setup();
    expect(await alice.query(api.users.me, {})).toBeNull();
    const id = await alice.mutation(api.users.store, {});
    expect(await alice.query(api.users.me, {})).toMatchObject({
      _id: id,
      name: "Alice",
      githubLogin: "alice-gh",
    });
    const renamed = t.withIdentity({
      ...ALICE,
      name: "Alice B.",
      pictureUrl: "https://img.test/a.png",
    });
    expect(await renamed.mutation(api.users.store, {})).toBe(id);
    expect(await alice.query(api.users.me, {})).toMatchObject({
      name: "Alice B.",
      avatarUrl: "https://img.test/a.png",
    });
    expect(await t.run(async (ctx) => (await ctx.db.query("users").collect()).length)).toBe(1);
  });
});

describe("addByUrl", () => {
  test("a GitHub URL becomes a github repository, deduped per user", async () => {
    const { t, alice, bob } = setup();
    const first = await alice.mutation(api.repositories.addByUrl, {
      url: "https://github.com/Acme/Widgets.git",
    });
    expect(first.created).toBe(true);
    const again = await alice.mutation(api.repositories.addByUrl, {
      url: "https://github.com/acme/widgets",
    });
    expect(again).toEqual({ repositoryId: first.repositoryId, created: false });
    expect(
      (await bob.mutation(api.repositories.addByUrl, { url: "https://github.com/acme/widgets" }))
        .created,
    ).toBe(true);
    const repo = await alice.query(api.repositories.get, { repositoryId: first.repositoryId });
    expect(repo).toMatchObject({
      source: "github",
      name: "Acme/Widgets",
      url: "https://github.com/Acme/Widgets.git",
      github: { owner: "Acme", name: "Widgets" },
      latestCourse: null,
      activeJob: null,
    });
    expect(await repoCount(t)).toBe(2);
  });

  test("any https git URL is accepted", async () => {
    const { alice } = setup();
    const { repositoryId } = await alice.mutation(api.repositories.addByUrl, {
      url: "https://git.example.org/team/tool.git",
    });
    expect(await alice.query(api.repositories.get, { repositoryId })).toMatchObject({
      source: "url",
      host: "git.example.org",
      name: "tool",
    });
  });

  test("credentials, other schemes and local URLs are refused with a clear error, nothing written", async () => {
    const { t, alice } = setup();
    const cases: [string, RegExp][] = [
      ["https://user:ghp_secret@github.com/a/b", /Remove the credentials/],
      ["ssh://git@github.com/a/b", /Only https/],
      ["http://example.com/a.git", /http and loopback/],
      ["https://localhost/a.git", /http and loopback/],
      ["file:///tmp/repo", /local development/],
      ["not a url", /not a URL/],
    ];
    for (const [url, message] of cases) {
      expect(await errorData(alice.mutation(api.repositories.addByUrl, { url }))).toMatchObject({
        code: "invalid_argument",
        message: expect.stringMatching(message),
      });
    }
    expect(await repoCount(t)).toBe(0);
  });

  test("ALLOW_LOCAL_GIT_URLS=true allows http, loopback and file URLs (local development)", async () => {
    const { alice } = setup();
    vi.stubEnv("ALLOW_LOCAL_GIT_URLS", "true");
    for (const url of ["http://127.0.0.1:8080/repo.git", "file:///tmp/repo"]) {
      expect((await alice.mutation(api.repositories.addByUrl, { url })).created).toBe(true);
    }
    // A local path with a space (as the add form sends it) is named after its folder.
    const { repositoryId } = await alice.mutation(api.repositories.addByUrl, {
      url: "file:///home/ada/my%20app",
    });
    expect((await alice.query(api.repositories.get, { repositoryId })).name).toBe("my app");
    // Credentials stay refused even then.
    expect(
      await errorData(
        alice.mutation(api.repositories.addByUrl, { url: "http://u:p@127.0.0.1/r.git" }),
      ),
    ).toMatchObject({ code: "invalid_argument" });
  });
});

const GH = (name: string, extra: Record<string, unknown> = {}) => ({
  owner: "acme",
  name,
  defaultBranch: "main",
  private: false,
  cloneUrl: `https://github.com/acme/${name}.git`,
  ...extra,
});

describe("syncGithub", () => {
  test("upserts the given repositories (updates, never duplicates)", async () => {
    const { alice } = setup();
    expect(
      await alice.mutation(api.repositories.syncGithub, { repos: [GH("one"), GH("two")] }),
    ).toEqual({
      added: 2,
      updated: 0,
    });
    expect(
      await alice.mutation(api.repositories.syncGithub, {
        repos: [GH("two", { private: true, defaultBranch: "dev" }), GH("three")],
      }),
    ).toEqual({ added: 1, updated: 1 });
    const list = await alice.query(api.repositories.list, {});
    expect(list.map((r) => [r.name, r.private, r.defaultBranch])).toEqual([
      ["acme/one", false, "main"],
      ["acme/three", false, "main"],
      ["acme/two", true, "dev"],
    ]);
  });

  test("one bad entry refuses the whole call and writes nothing", async () => {
    const { t, alice } = setup();
    const bad = [GH("ok"), GH("evil", { cloneUrl: "https://x:tok@github.com/acme/evil.git" })];
    expect(
      await errorData(alice.mutation(api.repositories.syncGithub, { repos: bad })),
    ).toMatchObject({
      code: "invalid_argument",
      message: expect.stringMatching(/acme\/evil.*credentials/),
    });
    expect(
      await errorData(alice.mutation(api.repositories.syncGithub, { repos: [GH("bad name")] })),
    ).toMatchObject({
      code: "invalid_argument",
    });
    expect(await repoCount(t)).toBe(0);
  });
});

describe("syncFromGithub", () => {
  test("fetches the user's repositories with the token, which is never stored", async () => {
    const { t, alice } = setup();
    vi.stubEnv("GITHUB_API_URL", "https://gh.test/api/");
    const seen: { url: string; auth: string | null }[] = [];
    vi.stubGlobal("fetch", async (input: string | URL, init?: RequestInit) => {
      const url = String(input);
      seen.push({ url, auth: new Headers(init?.headers).get("authorization") });
      const page = Number(new URL(url).searchParams.get("page"));
      const items =
        page === 1
          ? Array.from({ length: 100 }, (_, i) => ({
              name: `r${i}`,
              owner: { login: "alice-gh" },
              default_branch: "main",
              private: i % 2 === 0,
              clone_url: `https://github.com/alice-gh/r${i}.git`,
            }))
          : [
              {
                name: "last",
                owner: { login: "alice-gh" },
                default_branch: "trunk",
                private: false,
                clone_url: "https://github.com/alice-gh/last.git",
              },
            ];
      return new Response(JSON.stringify(items), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    });
    expect(await alice.action(api.repositories.syncFromGithub, { token: "gho_TOKEN123" })).toEqual({
      fetched: 101,
      added: 101,
      updated: 0,
    });
    expect(seen.map((s) => new URL(s.url).pathname)).toEqual([
      "/api/user/repos",
      "/api/user/repos",
    ]);
    expect(seen.every((s) => s.auth === "Bearer gho_TOKEN123")).toBe(true);
    const dump = await t.run(async (ctx) =>
      JSON.stringify(
        await Promise.all([
          ctx.db.query("users").collect(),
          ctx.db.query("repositories").collect(),
        ]),
      ),
    );
    expect(dump).not.toContain("gho_TOKEN123");
    expect(
      (await alice.query(api.repositories.list, {})).find((r) => r.name === "alice-gh/last")
        ?.defaultBranch,
    ).toBe("trunk");
  });

  test("a refused token gives an actionable error that does not echo the token", async () => {
    const { t, alice } = setup();
    vi.stubGlobal("fetch", async () => new Response("{}", { status: 401 }));
    const data = await errorData(
      alice.action(api.repositories.syncFromGithub, { token: "gho_SECRET" }),
    );
    expect(data).toMatchObject({
      code: "github_error",
      message: expect.stringMatching(/Sign in with GitHub again/),
    });
    expect(JSON.stringify(data)).not.toContain("gho_SECRET");
    expect(await repoCount(t)).toBe(0);
    expect(
      await errorData(alice.action(api.repositories.syncFromGithub, { token: " " })),
    ).toMatchObject({
      code: "invalid_argument",
    });
  });
});
