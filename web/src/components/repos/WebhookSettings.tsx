"use client";
/** The repository page's refresh-on-push panel, wired to webhooks.settings/enable/disable. */
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useMutation, useQuery } from "convex/react";
import { WebhookPanel } from "./WebhookPanel.tsx";

export function WebhookSettings({
  repositoryId,
  onGithub,
}: {
  repositoryId: Id<"repositories">;
  onGithub: boolean;
}) {
  const settings = useQuery(api.webhooks.settings, { repositoryId });
  const enable = useMutation(api.webhooks.enable);
  const disable = useMutation(api.webhooks.disable);
  return (
    <WebhookPanel
      settings={settings}
      onGithub={onGithub}
      onEnable={() => enable({ repositoryId })}
      onDisable={() => disable({ repositoryId })}
    />
  );
}
