/**
 * The repository page's Refresh button and refresh-on-push panel: the refresh asked once,
 * its refusal said; the webhook off, turned on with the secret shown once and copyable, the
 * payload URL and the last delivery in words, a new secret, turned off (the secret gone).
 */
import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { RefreshButton } from "@/components/repos/RefreshButton.tsx";
import { WebhookPanel, type WebhookSettingsView } from "@/components/repos/WebhookPanel.tsx";
import { renderWithI18n } from "./render.tsx";

const URL_ = "https://example.convex.site/github/webhook/0123abcd";

describe("Refresh", () => {
  it("asks once while the request is on its way", async () => {
    let finish: () => void = () => {};
    const onRefresh = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    renderWithI18n(<RefreshButton onRefresh={onRefresh} />);
    await userEvent.click(screen.getByRole("button", { name: "Refresh the course" }));
    expect(screen.getByRole("button", { name: "Asking for a refresh…" })).toBeDisabled();
    expect(onRefresh).toHaveBeenCalledTimes(1);
    await act(async () => finish());
  });

  it("says why a refresh was refused, and can be asked again", async () => {
    const onRefresh = vi.fn(async () => {
      throw new ConvexError({ code: "conflict", message: "Not now." });
    });
    renderWithI18n(<RefreshButton onRefresh={onRefresh} />);
    await userEvent.click(screen.getByRole("button", { name: "Refresh the course" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Not now.");
    expect(screen.getByRole("button", { name: "Refresh the course" })).toBeEnabled();
  });
});

/** The panel over a fake backend that behaves like webhooks.settings/enable/disable. */
function Harness({
  initial,
  onGithub = true,
}: {
  initial: WebhookSettingsView | null;
  onGithub?: boolean;
}) {
  const [settings, setSettings] = useState(initial);
  return (
    <WebhookPanel
      settings={settings}
      onGithub={onGithub}
      onEnable={async () => {
        setSettings((s) => ({ enabled: true, url: URL_, lastDelivery: s?.lastDelivery ?? null }));
        return { url: URL_, secret: `secret-${Math.random().toString(36).slice(2)}` };
      }}
      onDisable={async () => setSettings((s) => (s ? { ...s, enabled: false } : s))}
    />
  );
}

describe("refresh on push", () => {
  it("turned on: the URL and the secret once, each with a Copy button", async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText } });
    renderWithI18n(<Harness initial={null} />);
    expect(screen.getByRole("heading", { name: "Refresh on push" })).toBeInTheDocument();
    expect(screen.getByText(/^Off:/)).toBeInTheDocument();
    expect(screen.queryByLabelText("Payload URL")).toBeNull();

    await userEvent.click(screen.getByRole("button", { name: "Turn on refresh on push" }));
    expect(await screen.findByText(/^On:/)).toBeInTheDocument();
    expect(screen.getByLabelText("Payload URL")).toHaveValue(URL_);
    const secret = (screen.getByLabelText("Secret") as HTMLInputElement).value;
    expect(secret).toMatch(/^secret-/);
    expect(screen.getByText(/it is not shown again/)).toBeInTheDocument();
    expect(screen.getByText("No delivery yet.")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Copy Secret" }));
    expect(writeText).toHaveBeenLastCalledWith(secret);
    await waitFor(() =>
      expect(screen.getAllByRole("status").map((s) => s.textContent)).toContain("Copied."),
    );
    await userEvent.click(screen.getByRole("button", { name: "Copy Payload URL" }));
    expect(writeText).toHaveBeenLastCalledWith(URL_);

    // A new secret replaces the one shown.
    await userEvent.click(screen.getByRole("button", { name: "New secret" }));
    await waitFor(() => expect(screen.getByLabelText("Secret")).not.toHaveValue(secret));

    // Off: the secret is gone from the page.
    await userEvent.click(screen.getByRole("button", { name: "Turn off" }));
    expect(await screen.findByText(/^Off:/)).toBeInTheDocument();
    expect(screen.queryByLabelText("Secret")).toBeNull();
  });

  it("a page opened later shows no secret, and the last delivery in words", () => {
    renderWithI18n(
      <Harness
        initial={{
          enabled: true,
          url: URL_,
          lastDelivery: {
            deliveryId: "d1",
            event: "push",
            at: Date.UTC(2026, 11, 3, 9, 30),
            outcome: "queued",
          },
        }}
      />,
    );
    expect(screen.queryByLabelText("Secret")).toBeNull();
    expect(screen.getByTestId("webhook-last-delivery")).toHaveTextContent(
      /^Last delivery: .*2026.* · push · a refresh was queued$/,
    );
  });

  it("says where to paste it: GitHub's settings, or the protocol for a repository added by URL", () => {
    const on = { enabled: true, url: URL_, lastDelivery: null };
    const github = renderWithI18n(<Harness initial={on} />);
    expect(screen.getByText(/Settings → Webhooks → Add webhook/)).toBeInTheDocument();
    github.unmount();
    renderWithI18n(<Harness initial={on} onGithub={false} />);
    expect(screen.queryByText(/Settings → Webhooks/)).toBeNull();
    expect(screen.getByText(/X-Hub-Signature-256/)).toHaveTextContent(/X-GitHub-Delivery/);
  });

  it("a refusal to turn it on is said (no secret shown)", async () => {
    renderWithI18n(
      <WebhookPanel
        settings={null}
        onGithub
        onEnable={async () => {
          throw new ConvexError({
            code: "conflict",
            message: "This deployment has no CONVEX_SITE_URL, so it cannot receive webhooks.",
          });
        }}
        onDisable={async () => null}
      />,
    );
    await userEvent.click(screen.getByRole("button", { name: "Turn on refresh on push" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This deployment has no CONVEX_SITE_URL, so it cannot receive webhooks.",
    );
    expect(screen.queryByLabelText("Secret")).toBeNull();
  });
});
