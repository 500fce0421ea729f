"use client";

// Better Auth's client, on the origin the page came from (nginx's)
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient();

// The API token, from Better Auth (GET /api/auth/token): null when the
// session has ended.
export async function fetchToken() {
  const answer = await fetch("/api/auth/token", { cache: "no-store" });
  if (!answer.ok) {
    return null;
  }
  return (await answer.json()).token;
}

// Where to go after signing in: the page nginx sent the browser away
// from (?next=), if it is a path of this site, else the tasks.
export function nextPage() {
  const next = new URLSearchParams(window.location.search).get("next");
  return next && next.startsWith("/") && !next.startsWith("//")
    ? next
    : "/tasks";
}
