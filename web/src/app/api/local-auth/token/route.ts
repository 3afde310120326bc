import { convexToken, localModeOr404 } from "@/lib/localAuth/server.ts";

export const dynamic = "force-dynamic";

/** A short-lived Convex token for the signed-in local user. */
export async function GET(request: Request): Promise<Response> {
  return localModeOr404() ?? convexToken(request);
}
