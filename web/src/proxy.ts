/**
 * Next 16 "proxy" (formerly middleware): Clerk's session handling in Clerk mode, so server
 * actions can call auth(); a pass-through in local or unconfigured mode.
 */
import { clerkMiddleware } from "@clerk/nextjs/server";
import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import { resolveAuthConfig } from "./lib/authConfig.ts";

const clerk = clerkMiddleware();

export default function proxy(request: NextRequest, event: NextFetchEvent) {
  if (resolveAuthConfig(process.env).mode !== "clerk") return NextResponse.next();
  return clerk(request, event);
}

export const config = {
  matcher: [
    // Every page and API route, but not Next internals or static files.
    "/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    "/(api|trpc)(.*)",
  ],
};
