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
//   node jwt-tool.mjs tamper TOKEN PATH VALUE
//                                            the token with payload member
//                                            PATH (dotted: session.userId)
//                                            set to VALUE, signature kept
//   node jwt-tool.mjs verify-hs TOKEN SECRET
//                                            verify an HS256/384/512 token
//                                            with the secret's bytes as
//                                            written; exit 0 or 1 and say
//   node jwt-tool.mjs jwe-decrypt TOKEN SECRET SALT
//                                            decrypt Better Auth's JWE (dir,
//                                            A256CBC-HS512, the key derived
//                                            from the secret by HKDF-SHA256
//                                            with SALT, as Better Auth does)
//                                            and print its payload; exit 1
//                                            and say why if it does not
//   node jwt-tool.mjs jwe-key SECRET SALT    that key, 64 bytes in hex (the
//                                            first 32 the MAC key, the last
//                                            32 the AES key)
//
// Set-Cookie headers, from a file of response headers (curl -D):
//
//   node jwt-tool.mjs set-cookies HEADERS    print them as JSON: an array
//                                            of {name, value, attributes,
//                                            line}, in the order sent
//   node jwt-tool.mjs cookie-header HEADERS [COOKIE_HEADER]
//                                            the Cookie header a browser
//                                            sends back: COOKIE_HEADER's
//                                            cookies (those it had) updated
//                                            by the Set-Cookie headers (a
//                                            later one of a name wins, one
//                                            with Max-Age=0 or an empty value
//                                            removes it), "name=value; ..."
//   node jwt-tool.mjs fixture HEADERS NAME [SECRET [SALT]] < extra.json
//                                            the record of a cookie cache
//                                            for the suite (t/e2e/fixtures/):
//                                            the members of extra.json, the
//                                            Set-Cookie lines, the Cookie
//                                            header sent back, and cookie
//                                            NAME's names, lengths, value,
//                                            its header and payload as JSON
//                                            text (a JWE's decrypted with
//                                            SECRET and SALT)
//   node jwt-tool.mjs cookie-value COOKIE_HEADER NAME
//                                            the value of cookie NAME in a
//                                            Cookie header, or of its chunks
//                                            NAME.0, NAME.1, ... joined in
//                                            order; exit 1 if there is none
//
// Algorithms: EdDSA (Ed25519), ES256, ES384, ES512 (raw R||S signatures),
// RS256/384/512, PS256/384/512; HS256/384/512 with verify-hs.

import {
    createDecipheriv, createHmac, createPublicKey, hkdfSync, timingSafeEqual,
    verify, constants,
} from "node:crypto";
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

// Better Auth's JWE key: HKDF-SHA256 of the secret's bytes, with the salt
// of the cookie ("better-auth-session" for the session cookie cache) and
// this info, 64 bytes (dist/crypto/jwt.mjs of better-auth 1.7.25)
const JWE_INFO = "BetterAuth.js Generated Encryption Key";

// A compact JWE with "dir" and A256CBC-HS512 (RFC 7516, RFC 7518 5.2.5):
// the payload's bytes, or throws saying why not
function jweKey(secret, salt) {
    return Buffer.from(hkdfSync("sha256", Buffer.from(secret, "utf8"),
                                Buffer.from(salt, "utf8"),
                                Buffer.from(JWE_INFO, "utf8"), 64));
}

function jweDecrypt(token, secret, salt) {
    const parts = String(token).split(".");
    if (parts.length !== 5) throw new Error(`a JWE has 5 parts, this has ${parts.length}`);
    const [h64, ek64, iv64, ct64, tag64] = parts;
    const header = JSON.parse(b64url(h64).toString("utf8"));
    if (header.alg !== "dir" || header.enc !== "A256CBC-HS512") {
        throw new Error(`alg ${header.alg}, enc ${header.enc}: not dir, A256CBC-HS512`);
    }
    if (ek64 !== "") throw new Error("dir has an empty encrypted key");
    const key = jweKey(secret, salt);
    const macKey = key.subarray(0, 32);
    const encKey = key.subarray(32);
    const aad = Buffer.from(h64, "ascii");
    const iv = b64url(iv64);
    const ct = b64url(ct64);
    const tag = b64url(tag64);
    const al = Buffer.alloc(8);
    al.writeBigUInt64BE(BigInt(aad.length * 8));
    const mac = createHmac("sha512", macKey)
        .update(Buffer.concat([aad, iv, ct, al])).digest().subarray(0, 32);
    if (tag.length !== 32 || !timingSafeEqual(tag, mac)) {
        throw new Error("authentication tag does not verify");
    }
    const d = createDecipheriv("aes-256-cbc", encKey, iv);
    return Buffer.concat([d.update(ct), d.final()]);
}

// the Set-Cookie lines of a file of response headers
function setCookies(file) {
    const out = [];
    for (const raw of readFileSync(file, "latin1").split(/\r?\n/)) {
        const m = /^set-cookie:\s*(.*)$/i.exec(raw);
        if (!m) continue;
        const [pair, ...attrs] = m[1].split(";");
        const eq = pair.indexOf("=");
        if (eq < 1) fail(`a Set-Cookie without a name: ${m[1]}`);
        const attributes = {};
        for (const a of attrs) {
            const i = a.indexOf("=");
            const name = (i < 0 ? a : a.slice(0, i)).trim().toLowerCase();
            if (name) attributes[name] = i < 0 ? true : a.slice(i + 1).trim();
        }
        out.push({ name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(),
                   attributes, line: m[1] });
    }
    return out;
}

// a Cookie header as name/value pairs, in order
function parseCookieHeader(text) {
    const out = [];
    for (const part of String(text ?? "").split(";")) {
        const eq = part.indexOf("=");
        if (eq < 1) continue;
        out.push([part.slice(0, eq).trim(), part.slice(eq + 1).trim()]);
    }
    return out;
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
    const path = String(args[1] ?? "").split(".");
    let obj = t.payload;
    for (const k of path.slice(0, -1)) {
        if (obj[k] === null || typeof obj[k] !== "object") fail(`no object at ${k}`);
        obj = obj[k];
    }
    obj[path[path.length - 1]] = args[2];
    const p = Buffer.from(JSON.stringify(t.payload), "utf8").toString("base64url");
    process.stdout.write(`${t.parts[0]}.${p}.${t.parts[2]}\n`);
    break;
}
case "verify-hs": {
    const t = split(args[0]);
    const alg = t.header.alg;
    if (!/^HS(256|384|512)$/.test(alg)) fail(`alg ${show(alg)} is not HS256/384/512`);
    const mac = createHmac(HASH[alg.slice(2)], Buffer.from(args[1] ?? "", "utf8"))
        .update(`${t.parts[0]}.${t.parts[1]}`, "ascii").digest();
    const sig = b64url(t.parts[2]);
    if (sig.length !== mac.length || !timingSafeEqual(sig, mac)) {
        fail("signature does not verify with this secret");
    }
    process.stdout.write(`signature verified: alg ${alg} with the secret\n`);
    break;
}
case "jwe-decrypt": {
    let plain;
    try {
        plain = jweDecrypt(args[0], args[1] ?? "", args[2] ?? "");
    } catch (e) {
        fail(`jwe: ${e.message}`);
    }
    process.stdout.write(plain.toString("utf8") + "\n");
    break;
}
case "jwe-key":
    process.stdout.write(jweKey(args[0] ?? "", args[1] ?? "").toString("hex") + "\n");
    break;
case "set-cookies":
    process.stdout.write(JSON.stringify(setCookies(args[0]), null, 2) + "\n");
    break;
case "cookie-header": {
    const jar = new Map(parseCookieHeader(args[1]));
    for (const c of setCookies(args[0])) {
        jar.delete(c.name);
        if (c.value !== "" && c.attributes["max-age"] !== "0") jar.set(c.name, c.value);
    }
    process.stdout.write([...jar].map(([n, v]) => `${n}=${v}`).join("; ") + "\n");
    break;
}
case "fixture": {
    let extra;
    try {
        extra = JSON.parse(readFileSync(0, "utf8"));
    } catch (e) {
        fail(`extra members are not JSON: ${e.message}`);
    }
    const sent = setCookies(args[0]);
    const jar = new Map();
    for (const c of sent) {
        jar.delete(c.name);
        if (c.value !== "" && c.attributes["max-age"] !== "0") jar.set(c.name, c.value);
    }
    const name = args[1];
    // the whole cookie, or its chunks in index order
    const index = (n) => (n === name ? -1 : +n.slice(name.length + 1));
    const mine = [...jar]
        .filter(([n]) => n === name ||
                         /^\.(0|[1-9][0-9]*)$/.test(n.slice(name.length)) &&
                         n.startsWith(name))
        .sort(([a], [b]) => index(a) - index(b));
    if (mine.length === 0) fail(`no cookie ${name} was set`);
    if (mine.length > 1 && mine[0][0] === name) fail(`cookie ${name} is set whole and in chunks`);
    const value = mine.map(([, v]) => v).join("");
    const parts = value.split(".");
    const data = {
        name,
        cookies: mine.map(([n, v]) => ({ name: n, length: v.length })),
        value,
        header_json: parts.length > 1 ? b64url(parts[0]).toString("utf8") : null,
    };
    if (parts.length === 3) {
        data.payload_json = b64url(parts[1]).toString("utf8");
    } else if (parts.length === 5 && args[2] !== undefined) {
        try {
            data.payload_json = jweDecrypt(value, args[2], args[3] ?? "").toString("utf8");
        } catch (e) {
            fail(`jwe: ${e.message}`);
        }
    } else if (parts.length === 1) {
        data.payload_json = b64url(value).toString("utf8");
    }
    const record = {
        ...extra,
        set_cookie: sent.map((c) => c.line),
        cookie: [...jar].map(([n, v]) => `${n}=${v}`).join("; "),
        session_data: data,
    };
    process.stdout.write(JSON.stringify(record, null, 2) + "\n");
    break;
}
case "cookie-value": {
    const pairs = parseCookieHeader(args[0]);
    const name = args[1];
    const whole = pairs.find(([n]) => n === name);
    if (whole) {
        process.stdout.write(whole[1] + "\n");
        break;
    }
    const chunks = [];
    for (const [n, v] of pairs) {
        const m = n.startsWith(`${name}.`) && /^(0|[1-9][0-9]*)$/.exec(n.slice(name.length + 1));
        if (m) chunks[+m[1]] = v;
    }
    if (chunks.length === 0) fail(`no cookie ${name}`);
    for (let i = 0; i < chunks.length; i++) {
        if (chunks[i] === undefined) fail(`cookie ${name} lacks its chunk .${i}`);
    }
    process.stdout.write(chunks.join("") + "\n");
    break;
}
default:
    fail("usage: jwt-tool.mjs get|part|claim|verify|tamper|verify-hs|" +
         "jwe-decrypt|jwe-key|set-cookies|cookie-header|cookie-value|fixture ...", 2);
}
