import { localModeOr404, sessionUser, signIn, signOut } from "@/lib/localAuth/server.ts";

export const dynamic = "force-dynamic";

/** Who is signed in locally ({user: null} when nobody). */
export async function GET(request: Request): Promise<Response> {
  const refused = localModeOr404();
  if (refused) return refused;
  return Response.json(
    { user: await sessionUser(request) },
    { headers: { "cache-control": "no-store" } },
  );
}

/** Sign in with a name: {name}. */
export async function POST(request: Request): Promise<Response> {
  return localModeOr404() ?? signIn(request);
}

export async function DELETE(request: Request): Promise<Response> {
  return localModeOr404() ?? signOut(request);
}
