/** MCP tokens (mcpTokens.create / list / revoke): shown once, stored hashed, the owner's only. */
import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import {
  hashMcpToken,
  MAX_ACTIVE_MCP_TOKENS,
  MAX_LISTED_REVOKED_MCP_TOKENS,
  MCP_TOKEN_PREFIX,
} from "../lib/mcpTokens.ts";
import { errorData, setup } from "./harness.testkit.ts";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("MCP tokens", () => {
  test("create returns the token once; the row holds its hash and prefix, never the token", async () => {
    const { t, alice } = setup();
    const created = await alice.mutation(api.mcpTokens.create, { name: "  laptop agent  " });
    expect(created.token.startsWith(MCP_TOKEN_PREFIX)).toBe(true);
    expect(created.token).toHaveLength(MCP_TOKEN_PREFIX.length + 43);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    expect(created.prefix.length).toBeLessThan(16);
    expect(created.scopes).toEqual(["read", "ask"]);

    const rows = await t.run(async (ctx) => await ctx.db.query("mcpTokens").collect());
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(await hashMcpToken(created.token));
    expect(JSON.stringify(rows)).not.toContain(created.token);

    const listed = await alice.query(api.mcpTokens.list, {});
    expect(listed).toEqual([
      {
        _id: created.tokenId,
        name: "laptop agent",
        prefix: created.prefix,
        scopes: ["read", "ask"],
        createdAt: expect.any(Number),
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(JSON.stringify(listed)).not.toContain(rows[0]?.tokenHash);
  });

  test("two tokens differ; a read-only token has only the read scope", async () => {
    const { alice } = setup();
    const a = await alice.mutation(api.mcpTokens.create, { name: "a" });
    const b = await alice.mutation(api.mcpTokens.create, { name: "b", scopes: ["read"] });
    expect(a.token).not.toBe(b.token);
    expect(b.scopes).toEqual(["read"]);
  });

  test("bad names, a token without read, and a token past the cap are refused, nothing written", async () => {
    const { t, alice } = setup();
    for (const name of ["", "   ", "x".repeat(61)]) {
      const e = await errorData(alice.mutation(api.mcpTokens.create, { name }));
      expect(e.code).toBe("invalid_argument");
      expect(e.message).toMatch(/1 to 60 characters/);
    }
    const noRead = await errorData(
      alice.mutation(api.mcpTokens.create, { name: "x", scopes: ["ask"] }),
    );
    expect(noRead.message).toMatch(/"read" scope/);
    expect(await t.run(async (ctx) => await ctx.db.query("mcpTokens").collect())).toEqual([]);

    for (let i = 0; i < MAX_ACTIVE_MCP_TOKENS; i++) {
      await alice.mutation(api.mcpTokens.create, { name: `agent ${i}` });
    }
    const full = await errorData(alice.mutation(api.mcpTokens.create, { name: "one more" }));
    expect(full.code).toBe("conflict");
    expect(full.message).toMatch(/Revoke one/);
    // A revoked token frees its place.
    const [first] = await alice.query(api.mcpTokens.list, {});
    if (!first) throw new Error("no token listed");
    await alice.mutation(api.mcpTokens.revoke, { tokenId: first._id });
    await alice.mutation(api.mcpTokens.create, { name: "one more" });
  });

  test("revoke: the owner only; listed as revoked after the live ones; signed out refused", async () => {
    const { t, alice, bob } = setup();
    const old = await alice.mutation(api.mcpTokens.create, { name: "old" });
    const kept = await alice.mutation(api.mcpTokens.create, { name: "kept" });

    const other = await errorData(bob.mutation(api.mcpTokens.revoke, { tokenId: old.tokenId }));
    expect(other.code).toBe("not_found");
    expect(
      (await alice.query(api.mcpTokens.list, {})).every((r) => r.revokedAt === undefined),
    ).toBe(true);
    expect(await bob.query(api.mcpTokens.list, {})).toEqual([]);

    const { revokedAt } = await alice.mutation(api.mcpTokens.revoke, { tokenId: old.tokenId });
    expect(await alice.mutation(api.mcpTokens.revoke, { tokenId: old.tokenId })).toEqual({
      revokedAt,
    });
    const listed = await alice.query(api.mcpTokens.list, {});
    expect(listed.map((r) => [r.name, r.revokedAt])).toEqual([
      ["kept", undefined],
      ["old", revokedAt],
    ]);
    expect(kept.tokenId).toBe(listed[0]?._id);

    for (const call of [
      t.mutation(api.mcpTokens.create, { name: "x" }),
      t.query(api.mcpTokens.list, {}),
      t.mutation(api.mcpTokens.revoke, { tokenId: kept.tokenId }),
    ]) {
      expect((await errorData(call)).code).toBe("unauthenticated");
    }
  });

  test("revoked rows are kept up to the listed number, the oldest deleted", async () => {
    const { t, alice } = setup();
    const made = [];
    for (let i = 0; i < MAX_LISTED_REVOKED_MCP_TOKENS + 3; i++) {
      const { tokenId, token } = await alice.mutation(api.mcpTokens.create, { name: `n${i}` });
      await alice.mutation(api.mcpTokens.revoke, { tokenId });
      made.push(token);
    }
    const rows = await t.run(async (ctx) => await ctx.db.query("mcpTokens").collect());
    expect(rows).toHaveLength(MAX_LISTED_REVOKED_MCP_TOKENS);
    expect(rows.map((r) => r.name)).not.toContain("n0");
    // The first token's row is gone: it is still refused.
    const e = await errorData(t.mutation(api.mcpAccess.authenticate, { token: made[0] ?? "" }));
    expect(e.code).toBe("unauthenticated");
    expect(await alice.query(api.mcpTokens.list, {})).toHaveLength(MAX_LISTED_REVOKED_MCP_TOKENS);
  });
});
