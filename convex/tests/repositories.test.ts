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
      ["http://example.com/a.git", /http:\/\/ is for local development/],
      ["https://localhost/a.git", /this machine/],
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

  // Issue 11: each of these was accepted and reached an internal address through the worker.
  test("internal hosts are refused in every notation, with a clear message", async () => {
    const { t, alice } = setup();
    const cases: [string, RegExp][] = [
      ["https://[::ffff:127.0.0.1]/a.git", /this machine|IP addresses/],
      ["https://0.0.0.0/a.git", /IP addresses/],
      ["https://[::]/a.git", /IP addresses/],
      ["https://2130706433/a.git", /this machine/],
      ["https://0x7f.0.0.1/a.git", /this machine/],
      ["https://169.254.169.254/latest/meta-data", /IP addresses/],
      ["https://2852039166/latest/meta-data", /IP addresses/],
      ["https://[::ffff:a9fe:a9fe]/latest/meta-data", /IP addresses/],
      ["https://10.0.0.1/a.git", /IP addresses/],
      ["https://192.168.1.10/a.git", /IP addresses/],
      ["https://localhost./a.git", /this machine/],
      ["https://git.localhost/a.git", /this machine/],
      ["https://metadata.google.internal/a.git", /\.internal/],
      ["https://nas.local/a.git", /\.local/],
      ["https://gitserver/a.git", /full host name/],
      ["https://github.com/acme/widgets/tree/main", /names one repository/],
    ];
    for (const [url, message] of cases) {
      expect([url, await errorData(alice.mutation(api.repositories.addByUrl, { url }))]).toEqual([
        url,
        expect.objectContaining({
          code: "invalid_argument",
          message: expect.stringMatching(message),
        }),
      ]);
    }
    expect(await repoCount(t)).toBe(0);
  });

  test("ALLOW_LOCAL_GIT_URLS=true opens loopback only, not private networks or metadata", async () => {
    const { t, alice } = setup();
    vi.stubEnv("ALLOW_LOCAL_GIT_URLS", "true");
    for (const url of [
      "http://10.0.0.1/a.git",
      "http://169.254.169.254/latest/meta-data",
      "http://[::ffff:127.0.0.1]/a.git",
      "http://metadata.google.internal/a.git",
    ]) {
      expect(await errorData(alice.mutation(api.repositories.addByUrl, { url }))).toMatchObject({
        code: "invalid_argument",
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
  ...extra,
});

const rows = (t: ReturnType<typeof setup>["t"]) =>
  t.run(async (ctx) => await ctx.db.query("repositories").collect());

describe("syncGithub", () => {
  test("upserts the given repositories (updates, never duplicates)", async () => {
    const { alice } = setup();
    expect(
      await alice.mutation(api.repositories.syncGithub, { repos: [GH("one"), GH("two")] }),
    ).toEqual({
      added: 2,
      updated: 0,
      skipped: 0,
    });
    expect(
      await alice.mutation(api.repositories.syncGithub, {
        repos: [GH("two", { defaultBranch: "dev" }), GH("three")],
      }),
    ).toEqual({ added: 1, updated: 1, skipped: 0 });
    const list = await alice.query(api.repositories.list, {});
    expect(list.map((r) => [r.name, r.url, r.private, r.defaultBranch])).toEqual([
      ["acme/one", "https://github.com/acme/one.git", false, "main"],
      ["acme/three", "https://github.com/acme/three.git", false, "main"],
      ["acme/two", "https://github.com/acme/two.git", false, "dev"],
    ]);
  });

  test("one bad entry refuses the whole call and writes nothing", async () => {
    const { t, alice } = setup();
    for (const bad of [GH("bad name"), GH("x", { owner: "-acme" }), GH(".."), GH("x.git")]) {
      expect(
        await errorData(alice.mutation(api.repositories.syncGithub, { repos: [GH("ok"), bad] })),
      ).toMatchObject({
        code: "invalid_argument",
        message: expect.stringMatching(/not a valid GitHub owner\/name/),
      });
    }
    expect(await repoCount(t)).toBe(0);
  });

  // Issue 11: the browser chose the clone URL and the private flag; another account's
  // private repository was then cloned (with the operator's token) and published.
  test("a forged payload can choose neither the clone URL nor the private flag", async () => {
    const { t, alice } = setup();
    // The full payload the old mutation accepted: the browser's word for URL and privacy.
    for (const forged of [
      GH("harmless", { private: false, cloneUrl: "https://github.com/victim-org/secret.git" }),
      GH("harmless", { private: false, cloneUrl: "https://git.evil.example/x.git" }),
      GH("secret", {
        owner: "victim-org",
        private: true,
        cloneUrl: "https://github.com/victim-org/secret.git",
      }),
    ]) {
      await expect(
        alice.mutation(api.repositories.syncGithub, { repos: [forged] } as never),
      ).rejects.toThrow(/cloneUrl|private|[Vv]alidator/);
    }
    expect(await repoCount(t)).toBe(0);
    // Naming another owner's repository gives exactly its derived URL, not marked private:
    // the worker clones it with Alice's own token, or none.
    await alice.mutation(api.repositories.syncGithub, {
      repos: [GH("secret", { owner: "victim-org" })],
    });
    expect(await rows(t)).toEqual([
      expect.objectContaining({
        url: "https://github.com/victim-org/secret.git",
        host: "github.com",
        github: { owner: "victim-org", name: "secret" },
        private: false,
      }),
    ]);
  });

  test("a browser's list never changes what GitHub said (private stays private)", async () => {
    const { t, alice } = setup();
    vi.stubGlobal(
      "fetch",
      async () =>
        new Response(
          JSON.stringify([
            { name: "app", owner: { login: "acme" }, default_branch: "main", private: true },
          ]),
          { status: 200 },
        ),
    );
    await alice.action(api.repositories.syncFromGithub, { token: "gho_x" });
    await alice.mutation(api.repositories.syncGithub, { repos: [GH("app")] });
    expect(await rows(t)).toEqual([
      expect.objectContaining({ url: "https://github.com/acme/app.git", private: true }),
    ]);
  });
});

describe("syncFromGithub", () => {
  test("fetches the user's repositories with the token, which is never stored", async () => {
    const { t, alice } = setup();
    vi.stubEnv("FONDATION_MAX_REPOSITORIES_PER_USER", "200");
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
      skipped: 0,
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

  test("GitHub's clone_url is not kept: the URL is derived, odd names are skipped", async () => {
    const { t, alice } = setup();
    vi.stubGlobal(
      "fetch",
      async () =>
        new Response(
          JSON.stringify([
            {
              name: "tool",
              owner: { login: "acme" },
              default_branch: "main",
              private: true,
              clone_url: "https://git.evil.example/elsewhere.git",
            },
            { name: "../x", owner: { login: "acme" }, default_branch: "main", private: false },
          ]),
          { status: 200 },
        ),
    );
    expect(await alice.action(api.repositories.syncFromGithub, { token: "gho_x" })).toEqual({
      fetched: 1,
      added: 1,
      updated: 0,
      skipped: 0,
    });
    expect(await rows(t)).toEqual([
      expect.objectContaining({ url: "https://github.com/acme/tool.git", private: true }),
    ]);
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
