import { localModeOr404, sessionUser } from "@/lib/localAuth/server.ts";
import { isCheckablePath, localRepositoryStatus } from "@/lib/localRepository.ts";

export const dynamic = "force-dynamic";

/** Local mode, signed in: {path} → {status: ok | missing | not_directory | not_git}. */
export async function POST(request: Request): Promise<Response> {
  const refused = localModeOr404();
  if (refused) return refused;
  if (!(await sessionUser(request))) {
    return Response.json({ error: "Not signed in." }, { status: 401 });
  }
  const body = (await request.json().catch(() => null)) as { path?: unknown } | null;
  if (!isCheckablePath(body?.path)) {
    return Response.json({ error: "Send {path}: an absolute path." }, { status: 400 });
  }
  return Response.json(
    { status: await localRepositoryStatus(body.path) },
    { headers: { "cache-control": "no-store" } },
  );
}
