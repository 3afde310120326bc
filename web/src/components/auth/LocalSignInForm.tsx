"use client";
/** Local sign-in: pick a name (development and tests only; says so), then go to `redirectTo`. */
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { useI18n } from "@/lib/i18n/context.tsx";
import { useLocalAuth } from "./LocalAuthProvider.tsx";

export function LocalSignInForm({ redirectTo }: { redirectTo: string }) {
  const { t } = useI18n();
  const { refresh } = useLocalAuth();
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const response = await fetch("/api/local-auth/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name }),
      });
      const body = (await response.json()) as { error?: string };
      if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
      await refresh();
      router.push(redirectTo);
    } catch (error) {
      setFailure(
        t("signIn.failed", { message: error instanceof Error ? error.message : String(error) }),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="sign-in-form">
      <p className="notice notice-warn">{t("signIn.localNotice")}</p>
      <div className="field">
        <label htmlFor={id}>{t("signIn.name")}</label>
        <input
          id={id}
          autoComplete="username"
          required
          maxLength={64}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      <button type="submit" disabled={busy || name.trim() === ""}>
        {t("signIn.submit")}
      </button>
    </form>
  );
}
