"use client";
/**
 * Catches errors thrown while rendering (a Convex query that refused) and shows what
 * happened: something missing or not shared (not_found, an id that names nothing) says so
 * with a way home, since trying again cannot help; anything else offers to try again.
 */
import { Component, type ReactNode } from "react";
import { errorMessage, isNotFoundError } from "@/lib/errors.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import { NotFoundNotice } from "./errors/NotFoundContent.tsx";

function ErrorPanel({ error, reset }: { error: unknown; reset: () => void }) {
  const { t, locale } = useI18n();
  if (isNotFoundError(error)) return <NotFoundNotice message={errorMessage(t, error, locale)} />;
  return (
    <div className="notice notice-error" role="alert">
      <p>{errorMessage(t, error, locale)}</p>
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
