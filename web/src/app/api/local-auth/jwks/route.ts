import { jwks } from "@/lib/localAuth/keys.ts";
import { localModeOr404 } from "@/lib/localAuth/server.ts";

export const dynamic = "force-dynamic";

/** Public keys of local sign-in, fetched by the Convex backend (LOCAL_AUTH_JWKS_URL). */
export async function GET(): Promise<Response> {
  return localModeOr404() ?? Response.json(await jwks());
}
