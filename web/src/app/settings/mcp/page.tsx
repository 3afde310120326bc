"use client";
import { McpTokenList } from "@/components/mcp/McpTokenList.tsx";
import { NewMcpToken } from "@/components/mcp/NewMcpToken.tsx";
/** /settings/mcp: the user's MCP tokens for coding agents (components/mcp). */
import { SignedInGate } from "@/components/SignedInGate.tsx";
import { useI18n } from "@/lib/i18n/context.tsx";
import "@/components/mcp/mcp.css";

function McpSettings() {
  const { t } = useI18n();
  return (
    <>
      <div className="page-head">
        <h1>{t("mcp.title")}</h1>
      </div>
      <p>{t("mcp.intro")}</p>
      <NewMcpToken />
      <McpTokenList />
    </>
  );
}

export default function McpSettingsPage() {
  return (
    <SignedInGate>
      <McpSettings />
    </SignedInGate>
  );
}
