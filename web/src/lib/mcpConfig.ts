/**
 * What the MCP settings page (components/mcp) shows a user to connect an agent: the MCP
 * URL of this deployment and a client configuration holding their new token.
 */

/** The Streamable HTTP endpoint of the app at `origin` (app/api/mcp/route.ts). */
export function mcpUrl(origin: string): string {
  return `${origin.replace(/\/+$/, "")}/api/mcp`;
}

/** An `mcpServers` entry as Claude Code, Cursor and other MCP clients read it. */
export function mcpConfigSnippet(url: string, token: string): string {
  const config = {
    mcpServers: {
      fondation: { type: "http", url, headers: { Authorization: `Bearer ${token}` } },
    },
  };
  return JSON.stringify(config, null, 2);
}
