/**
 * The MCP token settings (components/mcp) over a stand-in for convex/react: a new token is
 * shown once with the URL and a config holding it, a read-only token is asked for without
 * "ask", the list shows no secret, revoking waits for a confirmation; French text.
 */
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { getFunctionName } from "convex/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { McpTokenList } from "@/components/mcp/McpTokenList.tsx";
import { NewMcpToken } from "@/components/mcp/NewMcpToken.tsx";
import { renderWithI18n } from "./render.tsx";

const convex = vi.hoisted(() => ({
  answers: {} as Record<string, unknown>,
  mutations: [] as { name: string; args: unknown }[],
  results: {} as Record<string, unknown>,
}));
vi.mock("convex/react", () => ({
  useQuery: (fn: unknown) => convex.answers[getFunctionName(fn as never)],
  useMutation: (fn: unknown) => {
    const name = getFunctionName(fn as never);
    return async (args: unknown) => {
      convex.mutations.push({ name, args });
      return convex.results[name] ?? null;
    };
  },
}));

const TOKEN = `fnd_mcp_${"b".repeat(43)}`;
const LIVE = {
  _id: "t1",
  name: "laptop",
  prefix: "fnd_mcp_bbbb",
  scopes: ["read", "ask"],
  createdAt: Date.UTC(2026, 0, 2, 10, 0),
};

beforeEach(() => {
  convex.answers = {};
  convex.mutations = [];
  convex.results = {};
});

describe("MCP token settings", () => {
  it("creates a token and shows it once with the URL and a config", async () => {
    convex.results["mcpTokens:create"] = { tokenId: "t1", token: TOKEN, prefix: "fnd_mcp_bbbb" };
    renderWithI18n(<NewMcpToken />);
    await userEvent.type(screen.getByLabelText("Token name"), "laptop");
    await userEvent.click(screen.getByLabelText(/May ask questions/));
    await userEvent.click(screen.getByRole("button", { name: "Create token" }));
    expect(convex.mutations).toEqual([
      { name: "mcpTokens:create", args: { name: "laptop", scopes: ["read"] } },
    ]);
    expect(await screen.findByRole("heading", { name: "Token “laptop” created" })).toBeTruthy();
    expect(screen.getByRole("textbox", { name: "Token" })).toHaveValue(TOKEN);
    const url = `${window.location.origin}/api/mcp`;
    expect(screen.getByRole("textbox", { name: /MCP server URL/ })).toHaveValue(url);
    const config = screen.getByRole("textbox", { name: "MCP client configuration" });
    expect(JSON.parse((config as HTMLTextAreaElement).value).mcpServers.fondation).toEqual({
      type: "http",
      url,
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(screen.getByText(/shown only this once/)).toBeTruthy();
  });

  it("lists tokens without a secret and revokes only after the confirmation", async () => {
    convex.answers["mcpTokens:list"] = [
      LIVE,
      {
        ...LIVE,
        _id: "t0",
        name: "old",
        scopes: ["read"],
        lastUsedAt: LIVE.createdAt,
        revokedAt: LIVE.createdAt,
      },
    ];
    renderWithI18n(<McpTokenList />);
    expect(screen.getByText("never used", { exact: false })).toBeTruthy();
    expect(screen.getByText(/revoked/)).toBeTruthy();
    expect(screen.getAllByRole("button")).toHaveLength(1);
    await userEvent.click(screen.getByRole("button", { name: "Revoke the token laptop" }));
    expect(convex.mutations).toEqual([]);
    await userEvent.click(screen.getByRole("button", { name: "Keep it" }));
    expect(convex.mutations).toEqual([]);
    await userEvent.click(screen.getByRole("button", { name: "Revoke the token laptop" }));
    expect(screen.getByRole("group", { name: /Revoke “laptop”\?/ })).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Yes, revoke" }));
    expect(convex.mutations).toEqual([{ name: "mcpTokens:revoke", args: { tokenId: "t1" } }]);
  });

  it("speaks French", () => {
    convex.answers["mcpTokens:list"] = [LIVE];
    renderWithI18n(
      <>
        <NewMcpToken />
        <McpTokenList />
      </>,
      "fr",
    );
    expect(screen.getByRole("button", { name: "Créer le jeton" })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Vos jetons" })).toBeTruthy();
    expect(screen.getByText(/jamais utilisé/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Révoquer le jeton laptop" })).toBeTruthy();
  });
});
