/** Writes a non-secret UI preference (locale, theme) that the server reads on the next request. */
export function setPreferenceCookie(name: string, value: string): void {
  // The Cookie Store API is missing in some browsers still; these are plain, non-secret values.
  // biome-ignore lint/suspicious/noDocumentCookie: see above.
  document.cookie = `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
