export { type LocalConvex, type LocalConvexOptions, startLocalConvex } from "./server.ts";
export { PINNED_CONVEX_VERSION } from "./version.ts";
