import { jwks } from "@/lib/localAuth/keys.ts";
import { localModeOr404 } from "@/lib/localAuth/server.ts";

export const dynamic = "force-dynamic";

/** Same keys as /api/local-auth/jwks, at the path convex/auth.config.ts assumes by default. */
export async function GET(): Promise<Response> {
  return localModeOr404() ?? Response.json(await jwks());
}
