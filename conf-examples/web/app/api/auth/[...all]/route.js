// Better Auth's routes, /api/auth/*: sign-up, sign-in, sign-out, the
// session, /token (the API token) and /jwks (its keys, for nginx).
import { getAuth } from "@/lib/auth";

async function handle(request) {
  const auth = await getAuth();
  return auth.handler(request);
}

export { handle as GET, handle as POST };
