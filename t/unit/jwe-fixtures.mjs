// t/unit/jwe-fixtures.mjs: prints the JWE fixtures of t/unit/jwt_core_test.c
// (test_jwe), as C, made by the libraries that make them in practice: jose
// (compact JWE with "dir", one token per "enc") and Better Auth's own
// symmetricEncodeJWT (its session cookie cache, strategy "jwe").  Run once;
// its output is pasted into the test, which then needs neither Node nor the
// packages:
//
//   E2E_NODE_MODULES=build/e2e/node_modules node t/unit/jwe-fixtures.mjs
//
// The packages are those t/e2e/better-auth.sh installs in
// build/e2e/node_modules (better-auth 1.7.25, with jose 6).  Each key is the
// first bytes of SHA-512 of a label, so that running it again gives the same
// keys (the tokens differ: their IVs are random).  The plaintexts are fixed
// and printed with each token, so the test checks them byte for byte;
// Better Auth's adds iat, exp and a random jti, and the test checks its
// members.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

// JWTAuthTest's SECRET, the suite's BETTER_AUTH_SECRET
const SECRET = "better-auth-secret-for-tests-256";

// a year in seconds, for a cookie that stays valid for a century
const YEAR = 365 * 24 * 3600;

async function load(spec) {
    try {
        return await import(spec);
    } catch (e) {
        const modules = process.env.E2E_NODE_MODULES;
        if (e?.code !== "ERR_MODULE_NOT_FOUND" || !modules) {
            throw e;
        }
        const from = createRequire(join(modules, "_.js"));
        return await import(pathToFileURL(from.resolve(spec)).href);
    }
}

const jose = await load("jose");
const { symmetricEncodeJWT, symmetricDecodeJWT } =
    await load("better-auth/crypto");

const KEY_LEN = {
    "A128CBC-HS256": 32, "A192CBC-HS384": 48, "A256CBC-HS512": 64,
    "A128GCM": 16, "A192GCM": 24, "A256GCM": 32,
};

// the version of an installed package, from its package.json
function version(name) {
    try {
        return JSON.parse(readFileSync(join(process.env.E2E_NODE_MODULES,
                                            name, "package.json"))).version;
    } catch {
        return "(version unknown)";
    }
}

function key(label, len) {
    return createHash("sha512").update(`jac jwe test key ${label}`).digest()
        .subarray(0, len);
}

// a C string literal of at most 56 characters (before escaping) a line,
// indented
function cstring(s, indent) {
    const lines = [];
    for (let i = 0; i < s.length; i += 56) {
        lines.push(JSON.stringify(s.slice(i, i + 56)));
    }
    return lines.join("\n" + " ".repeat(indent));
}

function fixture(comment, enc, k, kid, token, plain) {
    return `    /* ${comment} */\n`
        + `    { "${enc}",\n`
        + `      ${cstring(Buffer.from(k).toString("base64url"), 6)},\n`
        + `      ${kid === null ? "NULL" : JSON.stringify(kid)},\n`
        + `      ${cstring(token, 6)},\n`
        + `      ${cstring(plain, 6)} },\n`;
}

async function encrypt(header, plain, k) {
    return await new jose.CompactEncrypt(new TextEncoder().encode(plain))
        .setProtectedHeader(header).encrypt(k);
}

let out = "";

// one token per enc, without a kid: the key is found by its length
for (const enc of Object.keys(KEY_LEN)) {
    const k = key(enc, KEY_LEN[enc]);
    const plain = JSON.stringify({ sub: `jose-${enc}`, iss: "jose",
                                   exp: 4102444800 });
    out += fixture(`jose, ${enc}, no kid`, enc, k, null,
                   await encrypt({ alg: "dir", enc }, plain, k), plain);
}

// a kid: the RFC 7638 thumbprint (as Better Auth's), or one given
{
    const k = key("A256GCM", 32);
    const kid = await jose.calculateJwkThumbprint(
        { kty: "oct", k: Buffer.from(k).toString("base64url") }, "sha256");
    const plain = JSON.stringify({ sub: "jose-thumbprint", exp: 4102444800 });
    out += fixture("jose, A256GCM, kid the key's RFC 7638 thumbprint",
                   "A256GCM", k, null,
                   await encrypt({ alg: "dir", enc: "A256GCM", kid }, plain,
                                 k), plain);
}
{
    const k = key("A128CBC-HS256", 32);
    const plain = JSON.stringify({ sub: "jose-kid", exp: 4102444800 });
    out += fixture("jose, A128CBC-HS256, kid k-1", "A128CBC-HS256", k, "k-1",
                   await encrypt({ alg: "dir", enc: "A128CBC-HS256",
                                   kid: "k-1" }, plain, k), plain);
}

// a nested JWT (cty JWT): an HS256 JWS with SECRET, encrypted
{
    const k = key("A256CBC-HS512", 64);
    const jws = await new jose.SignJWT({ sub: "jose-nested", exp: 4102444800 })
        .setProtectedHeader({ alg: "HS256" })
        .sign(new TextEncoder().encode(SECRET));
    out += fixture("jose, A256CBC-HS512, cty JWT: an HS256 JWS with SECRET",
                   "A256CBC-HS512", k, null,
                   await encrypt({ alg: "dir", enc: "A256CBC-HS512",
                                   cty: "JWT" }, jws, k), jws);
}

// compressed (zip DEF), which the core refuses
{
    const k = key("A128GCM", 16);
    const plain = JSON.stringify({ sub: "jose-zip", exp: 4102444800 });
    out += fixture("jose, A128GCM, zip DEF (refused)", "A128GCM", k, null,
                   await encrypt({ alg: "dir", enc: "A128GCM", zip: "DEF" },
                                 plain, k), plain);
}

console.log(`/* jose ${version("jose")} */`);
console.log(out);

// Better Auth's session cookie cache, strategy "jwe", as its cookies code
// calls it (salt "better-auth-session"), for a century
const session = {
    session: {
        id: "sess-1", userId: "user-1", token: "tok-1",
        expiresAt: "2100-01-01T00:00:00.000Z",
        createdAt: "2025-01-01T00:00:00.000Z",
        updatedAt: "2025-01-01T00:00:00.000Z",
        ipAddress: "127.0.0.1", userAgent: "curl",
    },
    user: {
        id: "user-1", email: "a@example.com", emailVerified: true,
        name: "A", image: null,
        createdAt: "2025-01-01T00:00:00.000Z",
        updatedAt: "2025-01-01T00:00:00.000Z",
    },
    updatedAt: 1735689600000,
    version: "1",
};

const cookie = await symmetricEncodeJWT(session, SECRET, "better-auth-session",
                                        100 * YEAR);
const back = await symmetricDecodeJWT(cookie, SECRET, "better-auth-session");

if (back?.session?.userId !== "user-1") {
    throw new Error("Better Auth does not read its own cookie back");
}

console.log(`/*\n * Better Auth ${version("better-auth")}, `
            + "symmetricEncodeJWT with SECRET, header\n * "
            + JSON.stringify(jose.decodeProtectedHeader(cookie))
                .replace(/,"kid"/, ',\n * "kid"') + "\n */");
console.log("static const char  *jwe_better_auth =\n    "
            + `${cstring(cookie, 4)};`);
