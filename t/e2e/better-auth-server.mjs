// t/e2e/better-auth-server.mjs: a real Better Auth server for the
// end-to-end check (t/e2e/better-auth.sh), on 127.0.0.1 only.
//
//   node t/e2e/better-auth-server.mjs --port 19301 --alg ES256
//
// Better Auth with email + password sign-in and its jwt() plugin, the key
// pair algorithm chosen by --alg (or E2E_ALG): EdDSA (Ed25519, Better
// Auth's default), ES256 (P-256), ES512 (P-521), RS256 or PS256.  The
// database is Better Auth's in-memory adapter, so every start is a new
// issuer with new keys and no users.  baseURL is http://127.0.0.1:<port>,
// which Better Auth puts in the tokens' iss and aud.
//
// The session cookie cache (session.cookieCache), for
// t/e2e/better-auth-cookies.sh:
//
//   --cookie-cache jwt|jwe|compact   enabled, with that strategy: "jwt"
//                    an HS256 JWT signed with the secret, "jwe" a JWE
//                    (dir, A256CBC-HS512) with a key derived from it,
//                    "compact" base64url JSON with an HMAC (Better Auth's
//                    default); the cookie is better-auth.session_data
//   --session-cookie-cache           the jwt() plugin signs the "jwt"
//                    strategy's cookie with its own keys instead (EdDSA by
//                    default, aud better-auth:session-cache); needs
//                    --cookie-cache jwt
//   --base-url URL   the baseURL (default http://127.0.0.1:<port>); an
//                    https one makes the cookies __Secure- ones, set with
//                    Secure, though the server itself speaks plain http
//
// The secret is BETTER_AUTH_SECRET when set, else a new random one.
//
// Better Auth's routes are under /api/auth/ (sign-up/email, sign-in/email,
// token, jwks, get-session, ok...).  The process writes "ready <baseURL>" on stdout
// once it listens, and stops on SIGTERM or SIGINT.
//
// better-auth is looked up from the current module path first, then from
// E2E_NODE_MODULES (the script installs it in build/e2e/node_modules).

import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const ALGS = {
    EdDSA: { alg: "EdDSA", crv: "Ed25519" },
    ES256: { alg: "ES256" },
    ES512: { alg: "ES512" },
    RS256: { alg: "RS256", modulusLength: 2048 },
    PS256: { alg: "PS256", modulusLength: 2048 },
};

const STRATEGIES = ["jwt", "jwe", "compact"];

function usage(msg) {
    if (msg) process.stderr.write(`better-auth-server: ${msg}\n`);
    process.stderr.write(
        "usage: node better-auth-server.mjs --port PORT [--alg " +
        Object.keys(ALGS).join("|") + "] [--host 127.0.0.1]\n" +
        "       [--cookie-cache " + STRATEGIES.join("|") + "]" +
        " [--session-cookie-cache] [--base-url URL]\n");
    process.exit(2);
}

function parseArgs(argv) {
    const opts = {
        port: process.env.E2E_PORT,
        alg: process.env.E2E_ALG || "EdDSA",
        host: process.env.E2E_HOST || "127.0.0.1",
        cookieCache: null,
        sessionCookieCache: false,
        baseURL: null,
    };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const val = () => {
            if (i + 1 >= argv.length) usage(`${a} needs a value`);
            return argv[++i];
        };
        if (a === "--port") opts.port = val();
        else if (a === "--alg") opts.alg = val();
        else if (a === "--host") opts.host = val();
        else if (a === "--cookie-cache") opts.cookieCache = val();
        else if (a === "--session-cookie-cache") opts.sessionCookieCache = true;
        else if (a === "--base-url") opts.baseURL = val();
        else if (a === "-h" || a === "--help") usage();
        else usage(`unknown argument ${a}`);
    }
    if (!/^\d+$/.test(String(opts.port ?? "")) || +opts.port < 1 ||
        +opts.port > 65535) {
        usage("--port PORT is required (1-65535)");
    }
    if (!ALGS[opts.alg]) usage(`unknown alg ${opts.alg}`);
    if (opts.cookieCache !== null && !STRATEGIES.includes(opts.cookieCache)) {
        usage(`unknown cookie cache strategy ${opts.cookieCache}`);
    }
    if (opts.sessionCookieCache && opts.cookieCache !== "jwt") {
        usage("--session-cookie-cache needs --cookie-cache jwt");
    }
    if (opts.baseURL !== null && !/^https?:\/\/[^/]+$/.test(opts.baseURL)) {
        usage(`--base-url ${opts.baseURL}: scheme, host and port only`);
    }
    opts.port = +opts.port;
    return opts;
}

// import a package by name: normal resolution first (a node_modules beside
// or above this file), then from the folder E2E_NODE_MODULES names
async function load(spec) {
    try {
        return await import(spec);
    } catch (e) {
        if (e?.code !== "ERR_MODULE_NOT_FOUND" || !process.env.E2E_NODE_MODULES) {
            throw e;
        }
        // better-auth's exports have a "default" condition, which require's
        // resolution accepts too: it finds the same .mjs file import would
        const from = createRequire(join(process.env.E2E_NODE_MODULES, "_.js"));
        return await import(pathToFileURL(from.resolve(spec)).href);
    }
}

const opts = parseArgs(process.argv.slice(2));
const baseURL = opts.baseURL ?? `http://${opts.host}:${opts.port}`;

const { betterAuth } = await load("better-auth");
const { jwt } = await load("better-auth/plugins/jwt");
const { memoryAdapter } = await load("better-auth/adapters/memory");
const { toNodeHandler } = await load("better-auth/node");

// the in-memory database: one array per model Better Auth uses
const db = { user: [], session: [], account: [], verification: [], jwks: [] };

const auth = betterAuth({
    appName: "jwt-auth-e2e",
    baseURL,
    // a fresh secret per start unless one is given: it encrypts the private
    // keys in the (in-memory) database, signs the session cookie, and signs
    // or encrypts the cookie cache of the "jwt", "jwe" and "compact"
    // strategies
    secret: process.env.BETTER_AUTH_SECRET || randomBytes(32).toString("hex"),
    database: memoryAdapter(db),
    emailAndPassword: { enabled: true },
    trustedOrigins: [baseURL],
    telemetry: { enabled: false },
    ...(opts.cookieCache === null ? {} : {
        session: {
            cookieCache: { enabled: true, strategy: opts.cookieCache },
        },
    }),
    plugins: [
        jwt({
            jwks: { keyPairConfig: ALGS[opts.alg] },
            ...(opts.sessionCookieCache ? { sessionCookieCache: true } : {}),
        }),
    ],
});

const handler = toNodeHandler(auth);

const server = createServer((req, res) => {
    const started = Date.now();
    res.on("finish", () => {
        process.stderr.write(
            `${new Date().toISOString()} ${req.method} ${req.url} ` +
            `${res.statusCode} ${Date.now() - started}ms\n`);
    });
    if (!req.url.startsWith("/api/auth/")) {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found\n");
        return;
    }
    handler(req, res).catch((e) => {
        process.stderr.write(`handler error: ${e?.stack || e}\n`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
    });
});

server.on("error", (e) => {
    process.stderr.write(`better-auth-server: ${e.message}\n`);
    process.exit(1);
});

server.listen(opts.port, opts.host, () => {
    process.stdout.write(`ready ${baseURL} alg=${opts.alg}` +
                         (opts.cookieCache ? ` cookie-cache=${opts.cookieCache}` : "") +
                         (opts.sessionCookieCache ? " session-cookie-cache" : "") +
                         "\n");
});

for (const sig of ["SIGTERM", "SIGINT"]) {
    process.on(sig, () => {
        server.close(() => process.exit(0));
        server.closeAllConnections?.();
        setTimeout(() => process.exit(0), 2000).unref();
    });
}
