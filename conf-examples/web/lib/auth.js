// Better Auth, as the demo's Next.js server runs it.  conf-examples/demo
// starts it with:
//
//   BETTER_AUTH_URL      nginx's address, the only one the browser sees
//                        (http://127.0.0.1:8080): the tokens' iss and aud
//   BETTER_AUTH_SECRET   the secret of the run folder's .env; signs the
//                        session cookies and, with DEMO_TOKENS=hs256, the
//                        API tokens nginx verifies
//   DEMO_TOKENS          eddsa (default): the jwt plugin, EdDSA tokens
//                        whose keys nginx fetches from /api/auth/jwks;
//                        hs256: HS256 tokens signed with the shared secret
//   DEMO_AUTH_DB         the SQLite file of users and sessions
//   DEMO_REVOCATION_URL  nginx's revocation API, told of every session
//                        that ends (sign-out)

import Database from "better-sqlite3";
import { betterAuth } from "better-auth";
import { createAuthEndpoint, sessionMiddleware } from "better-auth/api";
import { getMigrations } from "better-auth/db/migration";
import { jwt } from "better-auth/plugins";
import { SignJWT } from "jose";

// How long an API token lives: nginx's jwt_auth_revocation lifetime=
// is the same.
const TOKEN_LIFETIME = "15m";

// What an API token says besides sub (the user id), iat, exp, iss and aud:
// sid, the session's id, which sign-out revokes (jwt_auth_revocation
// session=sid), and who the user is, for the API's logs.
function tokenClaims({ user, session }) {
  return { sid: session.id, email: user.email, name: user.name };
}

// DEMO_TOKENS=hs256: GET /api/auth/token, the jwt plugin's route, answers
// an HS256 token signed with BETTER_AUTH_SECRET, as a backend that shares
// the secret signs them (nginx: jwt_auth_secret env=BETTER_AUTH_SECRET).
function hs256Tokens(baseURL, secret) {
  const key = new TextEncoder().encode(secret);

  return {
    id: "demo-hs256-tokens",
    endpoints: {
      getToken: createAuthEndpoint(
        "/token",
        { method: "GET", use: [sessionMiddleware] },
        async (ctx) => {
          const session = ctx.context.session;
          const token = await new SignJWT(tokenClaims(session))
            .setProtectedHeader({ alg: "HS256", typ: "JWT" })
            .setSubject(session.user.id)
            .setIssuedAt()
            .setExpirationTime(TOKEN_LIFETIME)
            .setIssuer(baseURL)
            .setAudience(baseURL)
            .sign(key);
          return ctx.json({ token });
        },
      ),
    },
  };
}

// Sign-out deletes the session; nginx is told to refuse every token of it
// from the next request on, the API's tokens (sid) and the pages' session
// cookie (session.id) alike.  Without this, they stay valid until exp.
async function revokeSession(session) {
  const url = process.env.DEMO_REVOCATION_URL;
  if (!url) {
    return;
  }
  try {
    const answer = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session: session.id }),
      signal: AbortSignal.timeout(5000),
    });
    if (!answer.ok) {
      throw new Error(`${answer.status} ${await answer.text()}`);
    }
  } catch (err) {
    console.error(`demo: session ${session.id} not revoked at ${url}: ${err}`);
  }
}

function createAuth() {
  const baseURL = process.env.BETTER_AUTH_URL;
  const secret = process.env.BETTER_AUTH_SECRET;
  const tokens = process.env.DEMO_TOKENS || "eddsa";

  if (!baseURL || !secret || !process.env.DEMO_AUTH_DB) {
    throw new Error(
      "BETTER_AUTH_URL, BETTER_AUTH_SECRET and DEMO_AUTH_DB must be set",
    );
  }
  if (tokens !== "eddsa" && tokens !== "hs256") {
    throw new Error(`DEMO_TOKENS is "${tokens}": eddsa or hs256`);
  }

  // localhost is the same nginx as 127.0.0.1: a browser may use either
  const url = new URL(baseURL);
  const trustedOrigins = [url.origin];
  if (url.hostname === "127.0.0.1") {
    trustedOrigins.push(`${url.protocol}//localhost:${url.port}`);
  }

  return betterAuth({
    baseURL,
    secret,
    trustedOrigins,
    database: new Database(process.env.DEMO_AUTH_DB),
    emailAndPassword: { enabled: true },
    telemetry: { enabled: false },
    session: {
      // the session cookie cache, a JWT nginx checks on page requests:
      // EdDSA with the jwt plugin's keys, or HS256 with the secret
      cookieCache: { enabled: true, strategy: "jwt", maxAge: 5 * 60 },
    },
    databaseHooks: {
      session: { delete: { after: revokeSession } },
    },
    plugins:
      tokens === "hs256"
        ? [hs256Tokens(baseURL, secret)]
        : [
            jwt({
              jwt: {
                expirationTime: TOKEN_LIFETIME,
                definePayload: tokenClaims,
              },
              sessionCookieCache: true,
            }),
          ],
  });
}

// Made at the first request, not when Next.js loads the module (next
// build loads it too); the tables are made then if they are missing.
let ready;

export function getAuth() {
  ready ??= (async () => {
    const auth = createAuth();
    const { runMigrations } = await getMigrations(auth.options);
    await runMigrations();
    return auth;
  })();
  return ready;
}
