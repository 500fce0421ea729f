// t/e2e/jwt-tool.mjs: the small JSON and JWT tasks of t/e2e/better-auth.sh,
// with Node's own modules only (no jq, no jose: the check of Better Auth's
// tokens must not rest on the library that made them).
//
//   node jwt-tool.mjs get PATH < json        print the value at PATH
//                                            (dotted: user.id, keys.0.kid);
//                                            exit 1 if absent
//   node jwt-tool.mjs part TOKEN header|payload
//                                            print that part as JSON
//   node jwt-tool.mjs claim TOKEN header|payload NAME
//                                            print one member (arrays and
//                                            objects as JSON); exit 1 if absent
//   node jwt-tool.mjs verify TOKEN JWKS_FILE [--any-kid]
//                                            verify the signature with the
//                                            JWKS key of the token's kid (each
//                                            key without a kid, or with
//                                            --any-kid); exit 0 and say which
//                                            key, or exit 1 and say why
//   node jwt-tool.mjs tamper TOKEN NAME VALUE
//                                            the token with payload member
//                                            NAME set to VALUE, signature kept
//
// Algorithms: EdDSA (Ed25519), ES256, ES384, ES512 (raw R||S signatures),
// RS256/384/512, PS256/384/512.

import { createPublicKey, verify, constants } from "node:crypto";
import { readFileSync } from "node:fs";

function fail(msg, code = 1) {
    process.stderr.write(`jwt-tool: ${msg}\n`);
    process.exit(code);
}

function b64url(s) {
    if (!/^[A-Za-z0-9_-]*$/.test(s)) fail("not base64url");
    return Buffer.from(s, "base64url");
}

function split(token) {
    const parts = String(token).split(".");
    if (parts.length !== 3) fail(`a JWS has 3 parts, this has ${parts.length}`);
    let header, payload;
    try {
        header = JSON.parse(b64url(parts[0]).toString("utf8"));
        payload = JSON.parse(b64url(parts[1]).toString("utf8"));
    } catch (e) {
        fail(`undecodable token: ${e.message}`);
    }
    return { parts, header, payload };
}

function show(v) {
    return typeof v === "string" ? v : JSON.stringify(v);
}

function at(obj, path) {
    let v = obj;
    for (const k of path.split(".")) {
        if (v === null || typeof v !== "object" || !(k in v)) return undefined;
        v = v[k];
    }
    return v;
}

const HASH = { 256: "sha256", 384: "sha384", 512: "sha512" };
const CURVE = { ES256: "P-256", ES384: "P-384", ES512: "P-521" };
const SIGLEN = { ES256: 64, ES384: 96, ES512: 132 };

// verify one JWS with one JWK; returns null when it verifies, else why not
function check(alg, jwk, data, sig) {
    if (jwk.alg && jwk.alg !== alg) return `key alg ${jwk.alg} is not ${alg}`;
    let key;
    try {
        // only the public members: createPublicKey refuses nothing it needs
        const { kty, crv, x, y, n, e } = jwk;
        key = createPublicKey({ key: { kty, crv, x, y, n, e }, format: "jwk" });
    } catch (e) {
        return `unusable key: ${e.message}`;
    }
    let ok;
    if (alg === "EdDSA") {
        if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519") return "not an Ed25519 key";
        ok = verify(null, data, key, sig);
    } else if (/^ES(256|384|512)$/.test(alg)) {
        if (jwk.kty !== "EC" || jwk.crv !== CURVE[alg]) return `not a ${CURVE[alg]} key`;
        if (sig.length !== SIGLEN[alg]) return `signature is ${sig.length} bytes, not ${SIGLEN[alg]}`;
        ok = verify(HASH[alg.slice(2)], data, { key, dsaEncoding: "ieee-p1363" }, sig);
    } else if (/^RS(256|384|512)$/.test(alg)) {
        if (jwk.kty !== "RSA") return "not an RSA key";
        ok = verify(HASH[alg.slice(2)], data,
                    { key, padding: constants.RSA_PKCS1_PADDING }, sig);
    } else if (/^PS(256|384|512)$/.test(alg)) {
        if (jwk.kty !== "RSA") return "not an RSA key";
        ok = verify(HASH[alg.slice(2)], data,
                    { key, padding: constants.RSA_PKCS1_PSS_PADDING,
                      saltLength: +alg.slice(2) / 8 }, sig);
    } else {
        return `algorithm ${alg} is not one this tool verifies`;
    }
    return ok ? null : "signature does not verify";
}

const [cmd, ...args] = process.argv.slice(2);

switch (cmd) {
case "get": {
    let input;
    try {
        input = JSON.parse(readFileSync(0, "utf8"));
    } catch (e) {
        fail(`input is not JSON: ${e.message}`);
    }
    const v = at(input, args[0] ?? "");
    if (v === undefined) fail(`no ${args[0]}`);
    process.stdout.write(show(v) + "\n");
    break;
}
case "part": {
    const t = split(args[0]);
    const which = args[1];
    if (which !== "header" && which !== "payload") fail("header or payload");
    process.stdout.write(JSON.stringify(t[which]) + "\n");
    break;
}
case "claim": {
    const t = split(args[0]);
    const obj = t[args[1]];
    if (!obj || typeof obj !== "object") fail("header or payload");
    if (!(args[2] in obj)) fail(`no ${args[2]} in the ${args[1]}`);
    process.stdout.write(show(obj[args[2]]) + "\n");
    break;
}
case "verify": {
    const t = split(args[0]);
    let jwks;
    try {
        jwks = JSON.parse(readFileSync(args[1], "utf8"));
    } catch (e) {
        fail(`JWKS: ${e.message}`);
    }
    if (!Array.isArray(jwks?.keys)) fail("JWKS has no keys array");
    const alg = t.header.alg;
    if (typeof alg !== "string" || alg === "none" || alg.startsWith("HS")) {
        fail(`alg ${show(alg)} is not a public-key algorithm`);
    }
    const data = Buffer.from(`${t.parts[0]}.${t.parts[1]}`, "ascii");
    const sig = b64url(t.parts[2]);
    const kid = t.header.kid;
    const anyKid = kid === undefined || args[2] === "--any-kid";
    const keys = anyKid ? jwks.keys : jwks.keys.filter((k) => k.kid === kid);
    if (keys.length === 0) fail(`no key with kid ${kid} in the JWKS`);
    const why = [];
    for (const k of keys) {
        const r = check(alg, k, data, sig);
        if (r === null) {
            process.stdout.write(`signature verified: alg ${alg}, kid ${k.kid}, kty ${k.kty}` +
                                 (k.crv ? ` ${k.crv}` : "") + "\n");
            process.exit(0);
        }
        why.push(`kid ${k.kid}: ${r}`);
    }
    fail(why.join("; "));
    break;
}
case "tamper": {
    const t = split(args[0]);
    t.payload[args[1]] = args[2];
    const p = Buffer.from(JSON.stringify(t.payload), "utf8").toString("base64url");
    process.stdout.write(`${t.parts[0]}.${p}.${t.parts[2]}\n`);
    break;
}
default:
    fail("usage: jwt-tool.mjs get|part|claim|verify|tamper ...", 2);
}
