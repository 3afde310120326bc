"use client";
/**
 * Catches errors thrown while rendering (a Convex query that refused, e.g. not_found) and
 * shows what happened, with a way to try again.
 */
import { Component, type ReactNode } from "react";
import { errorMessage } from "@/lib/errors.ts";
import { useI18n } from "@/lib/i18n/context.tsx";

function ErrorPanel({ error, reset }: { error: unknown; reset: () => void }) {
  const { t } = useI18n();
  return (
    <div className="notice notice-error" role="alert">
      <p>{errorMessage(t, error)}</p>
      <button type="button" onClick={reset}>
        {t("common.retry")}
      </button>
    </div>
  );
}

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override render() {
    if (this.state.error !== null) {
      return <ErrorPanel error={this.state.error} reset={() => this.setState({ error: null })} />;
    }
    return this.props.children;
  }
}
