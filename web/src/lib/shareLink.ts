/**
 * The `?share=<key>` of a shared course's links: a visitor who opened the course through
 * its link keeps the key on every in-course link (sidebar, pager, lesson links, search
 * hits), or the next page would refuse them. Read by courseNav, lessonLinks, the share UI.
 */
export const SHARE_PARAM = "share";

/** Keys are 22 characters; anything much longer is not one (and is not sent on). */
const MAX_SHARE_CHARS = 64;

/** The share key of a URL's query, or undefined (absent, empty or absurdly long). */
export function shareFromParams(params: Pick<URLSearchParams, "get"> | null): string | undefined {
  const share = params?.get(SHARE_PARAM);
  return share && share.length <= MAX_SHARE_CHARS ? share : undefined;
}

/** `href` with the share key in its query (before any `#hash`); unchanged without a key. */
export function withShare(href: string, share: string | null | undefined): string {
  if (!share) return href;
  const hashAt = href.indexOf("#");
  const path = hashAt < 0 ? href : href.slice(0, hashAt);
  const hash = hashAt < 0 ? "" : href.slice(hashAt);
  const join = path.includes("?") ? "&" : "?";
  return `${path}${join}${SHARE_PARAM}=${encodeURIComponent(share)}${hash}`;
}

/** The link the owner hands out: the course's first page with its key. */
export function shareUrl(origin: string, courseId: string, share: string): string {
  return withShare(`${origin}/courses/${encodeURIComponent(courseId)}`, share);
}
