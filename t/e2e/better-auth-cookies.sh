#!/usr/bin/env bash
#
# t/e2e/better-auth-cookies.sh: ngx_http_jwt_auth_module reading Better
# Auth's session cookie cache (session.cookieCache) through
# jwt_auth "app" cookie=better-auth.session_data, against real Better Auth
# servers (better-auth from npm), end to end, on 127.0.0.1.
#
#   t/e2e/better-auth-cookies.sh [--record [DIR]] [PHASE...]
#
# The phases (default: all four, in this order):
#   jwt            strategy "jwt" (HS256 with the secret), http base URL:
#                  server A with the secret nginx has, B with another; a
#                  user's cookie -> 200 with session.userId upstream; a
#                  tampered one, B's -> 401; a user whose cookie is split
#                  into .0 and .1 -> 200; one whose chunks are larger than
#                  the module takes -> 401; after sign-out, no cookie ->
#                  401, the old one replayed -> 200 until its exp
#   https          the same strategy with an https base URL: the cookies
#                  are __Secure-better-auth.session_data(.0, .1) -> 200
#   session-cache  the jwt() plugin's sessionCookieCache: EdDSA with the
#                  JWKS keys, aud better-auth:session-cache; nginx with
#                  jwt_auth_key_request: the cookie -> 200; the bearer
#                  token of /api/auth/token in the cookie -> 401, the
#                  cookie as a bearer token where bearer tokens are taken
#                  -> 401; B's cookie (other keys), a tampered one -> 401
#   jwe            strategy "jwe" (A) and "compact" (B): the JWE checked
#                  with Node's crypto (decrypted with the key derived from
#                  the secret) and kept as fixtures; nginx with
#                  jwt_auth_type encrypted and jwt_auth_jwe_key ...
#                  better-auth: the cookie, whole and chunked -> 200, a
#                  tampered one -> 401 bad_signature, the compact one ->
#                  401 (malformed where signed tokens are expected,
#                  alg_not_allowed where encrypted ones are)
# Each step prints its request and answer; the last line is
# "N passed, M failed", and the exit status is non-zero if any step failed.
#
# --record [DIR]: also write what Better Auth sent (the Set-Cookie lines,
# the Cookie header sent back, the cookie's header and payload, the secret,
# the time, the JWKS) as JSON fixtures into DIR (default t/e2e/fixtures/
# better-auth-<version>), which t/token/better-auth-cookies.t rebuilds.
#
# Environment: as t/e2e/better-auth.sh (E2E_PORT_BASE, E2E_DIR,
# E2E_RUN_DIR, JWT_AUTH_MODULE, NGINX_BIN, NO_COLOR); the n-th phase (from
# 0) uses ports BASE+10n (nginx), BASE+10n+1 (A), BASE+10n+2 (B); its run
# folder is run-cookies-<phase>/.  E2E_COOKIE_SECRET: A's secret (default
# below, recorded in the fixtures).
#
# Needs node (20 or later), npm and the npm registry, curl, and nginx.

set -uo pipefail

SCRIPT=better-auth-cookies.sh
. "$(dirname "${BASH_SOURCE[0]}")/e2e-lib.sh"

# A's secret, which nginx has too; B's, which it has not
SECRET_A=${E2E_COOKIE_SECRET:-e2e-cookie-cache-secret-0123456789}
SECRET_B='e2e-other-secret-of-server-b-98765'
N=better-auth.session_data          # the cookie, as jwt_auth cookie= names it
SESSION_CACHE_AUD=better-auth:session-cache
SESSION_CACHE_TYP=better-auth.session-cache+jwt
JWE_SALT=better-auth-session        # the cookie cache's HKDF salt

PHASES=()
RECORD=
ALL_PHASES=(jwt https session-cache jwe)

# avatars long enough to make the cookie exceed Better Auth's 4050 bytes a
# cookie (two chunks), and, much longer, more than the module's 8192 bytes
# of chunks together
BIG_IMAGE="https://img.example.test/avatar/$(printf 'b%.0s' $(seq 3000))"
HUGE_IMAGE="https://img.example.test/avatar/$(printf 'c%.0s' $(seq 7000))"

# ------------------------------------------------------- Better Auth side

# sign_in NAME PORT EMAIL USERNAME [IMAGE]: sign up, then sign in, keeping
# each answer's headers; sets <NAME>_ID and <NAME>_COOKIE (the Cookie
# header a browser sends back after the sign-in)
sign_in() {
    local name=$1 port=$2 email=$3 uname=$4 image=${5:-}
    local base="http://127.0.0.1:$port" code id id2 body ok
    local h_up=$RUN/sign-up-$name.headers h_in=$RUN/sign-in-$name.headers

    printf -v "${name}_ID" '%s' ''
    printf -v "${name}_COOKIE" '%s' ''

    body="{\"email\":\"$email\",\"password\":\"$PASSWORD\",\"name\":\"$uname\""
    [ -n "$image" ] && body+=",\"image\":\"$image\""
    body+='}'
    req "POST $base/api/auth/sign-up/email {email: $email, name: $uname${image:+, image: ${#image} characters}, password: ...}"
    code=$(post_json "$base/api/auth/sign-up/email" "$body" \
        "$RUN/sign-up-$name.json" -D "$h_up")
    ans "$code $(clip "$(cat "$RUN/sign-up-$name.json")" 200)"
    id=$(tool get user.id < "$RUN/sign-up-$name.json" 2> /dev/null)
    check "sign-up of $name: 200 with the new user's id ($id)" \
          [ "$code" = 200 -a -n "$id" ] || return 1

    req "POST $base/api/auth/sign-in/email {email: $email, password: ...}"
    code=$(post_json "$base/api/auth/sign-in/email" \
        "{\"email\":\"$email\",\"password\":\"$PASSWORD\"}" \
        "$RUN/sign-in-$name.json" -D "$h_in")
    ans "$code $(clip "$(cat "$RUN/sign-in-$name.json")" 200)"
    say "    Set-Cookie, as sent:"
    grep -i '^set-cookie:' "$h_in" | tr -d '\r' | while IFS= read -r l; do
        say "      $(clip "$l" 150) [${#l} bytes]"
    done
    id2=$(tool get user.id < "$RUN/sign-in-$name.json" 2> /dev/null)
    ok=0
    [[ $code = 200 && $id2 = "$id" ]] && ok=1
    check "sign-in of $name: 200, the same user" [ "$ok" = 1 ] || return 1
    printf -v "${name}_ID" '%s' "$id"
    printf -v "${name}_COOKIE" '%s' "$(tool cookie-header "$h_in")"
}

# set_cookie_names NAME: the names of the cookies of the sign-in answer,
# in order, one line
set_cookie_names() {
    grep -i '^set-cookie:' "$RUN/sign-in-$1.headers" \
        | sed 's/^[^:]*: *\([^=]*\)=.*/\1/' | tr '\n' ' ' | sed 's/ $//'
}

# set_cookie_line NAME COOKIE: the Set-Cookie line of COOKIE (or of its
# first chunk), as sent
set_cookie_line() {
    grep -i -m1 "^set-cookie: *$2[=.]" "$RUN/sign-in-$1.headers" | tr -d '\r'
}

# session_data NAME COOKIE_NAME: the value of the cookie cache, whole or
# its chunks joined, from NAME's Cookie header
session_data() {
    local var="${1}_COOKIE"
    tool cookie-value "${!var}" "$2"
}

# get_session NAME PORT: Better Auth itself knows the session of the
# Cookie header (GET /api/auth/get-session)
get_session() {
    local name=$1 port=$2 var="${1}_COOKIE" id="${1}_ID" code uid
    req "GET http://127.0.0.1:$port/api/auth/get-session (Cookie: $name's)"
    code=$(curl -s --noproxy "*" -o "$RUN/session-$name.json" -w '%{http_code}' \
                --max-time 20 -H "Cookie: ${!var}" \
                "http://127.0.0.1:$port/api/auth/get-session")
    ans "$code $(clip "$(cat "$RUN/session-$name.json")" 160)"
    uid=$(tool get user.id < "$RUN/session-$name.json" 2> /dev/null)
    check "Better Auth takes $name's cookies: get-session is $name's" \
          [ "$code" = 200 -a "$uid" = "${!id}" ]
}

# b64json TEXT: base64url TEXT decoded
b64json() {
    node -e 'process.stdout.write(Buffer.from(process.argv[1], "base64url"))' "$1"
}

# show_token WHAT TOKEN: its header and payload, shortened
show_token() {
    say "    header:  $(tool part "$2" header)"
    say "    payload: $(clip "$(tool part "$2" payload)" 600)"
}

# record FILE NAME COOKIE_NAME STRATEGY BASE_URL SECRET [JSON_MEMBERS]:
# with --record, the fixture FILE.json of NAME's sign-in
record() {
    local file=$1 name=$2 cname=$3 strategy=$4 base=$5 secret=$6
    local more=${7:-} id="${2}_ID" now salt=
    [ -n "$RECORD" ] || return 0
    now=$(date +%s)
    [ "$strategy" = jwe ] && salt=$JWE_SALT
    mkdir -p "$RECORD" || { fail "cannot make $RECORD"; return 1; }
    printf '{"made_by":"t/e2e/better-auth-cookies.sh --record",
             "better_auth":"%s","made":"%s","made_unix":%s,
             "strategy":"%s","base_url":"%s","secret":"%s",
             "user":{"id":"%s","name":"%s","email":"%s"}%s}' \
        "$BETTER_AUTH_VERSION" "$(date -u -d "@$now" +%Y-%m-%dT%H:%M:%SZ)" "$now" \
        "$strategy" "$base" "$secret" "${!id}" \
        "$(tool get user.name < "$RUN/sign-in-$name.json")" \
        "$(tool get user.email < "$RUN/sign-in-$name.json")" \
        "${more:+,$more}" \
        | tool fixture "$RUN/sign-in-$name.headers" "$cname" "$secret" $salt \
        > "$RECORD/$file.json.tmp" \
        && mv "$RECORD/$file.json.tmp" "$RECORD/$file.json"
    check "recorded $RECORD/$file.json" [ -s "$RECORD/$file.json" ]
}

# ---------------------------------------------------------------- nginx

# write_conf LOCATIONS: nginx.conf with these locations in the server (and
# /up); the upstream echoes the X-User-Id it got
write_conf() {
    cat > "$RUN/nginx.conf" <<EOF
# generated by t/e2e/better-auth-cookies.sh, phase $PHASE: nginx on
# 127.0.0.1:$NGX_PORT, Better Auth A on 127.0.0.1:$A_PORT
load_module $MODULE;

worker_processes 1;
pid $RUN/nginx.pid;
error_log $RUN/logs/error.log info;

events {
    worker_connections 64;
}

http {
    log_format e2e '\$remote_addr "\$request" \$status '
                   'user="\$jwt_auth_user" error="\$jwt_auth_error"';
    access_log $RUN/logs/access.log e2e;

    # a Cookie header with Better Auth's chunks (up to 8192 bytes of them,
    # what the module takes, plus the session token) is longer than the
    # 8k a header line may have by default
    large_client_header_buffers 4 16k;

    client_body_temp_path $RUN/tmp/client_body;
    proxy_temp_path $RUN/tmp/proxy;
    fastcgi_temp_path $RUN/tmp/fastcgi;
    uwsgi_temp_path $RUN/tmp/uwsgi;
    scgi_temp_path $RUN/tmp/scgi;

    # the jwt() plugin's cookie says what it is in its header
    map \$jwt_header_typ \$session_cache_typ {
        "$SESSION_CACHE_TYP" 1;
        default 0;
    }

    server {
        listen 127.0.0.1:$NGX_PORT;
        server_name localhost;

        add_header X-JWT-Auth-User \$jwt_auth_user always;
        add_header X-JWT-Auth-Error \$jwt_auth_error always;

$1
        location = /up {
            return 200 "up\n";
        }
    }

    # the upstream, a server of its own (the module removes the identity
    # headers from every request of the server that configures them)
    server {
        listen unix:$RUN/upstream.sock;
        large_client_header_buffers 4 16k;

        location / {
            return 200 "user=\$http_x_user_id\n";
        }
    }
}
EOF
}

# the location of the "jwt" strategy's cookie
HS_LOCATION='        location /api/ {
            jwt_auth "app" cookie=better-auth.session_data;
            jwt_auth_secret env=BETTER_AUTH_SECRET;
            jwt_auth_user_claim session.userId;
            jwt_auth_set_header X-User-Id session.userId;
            proxy_pass http://unix:$RUN/upstream.sock:/echo/;
        }
'

# through WHAT PATH [curl args...]: GET PATH through nginx; sets CODE,
# BODY, WWW, ERR ($jwt_auth_error) and USER ($jwt_auth_user)
through() {
    local name=$1 path=$2
    shift 2
    local hdr=$RUN/resp-$name.headers body=$RUN/resp-$name.body
    CODE=$(curl -s --noproxy "*" -o "$body" -D "$hdr" -w '%{http_code}' \
                --max-time 20 "$@" "http://127.0.0.1:$NGX_PORT$path")
    BODY=$(cat "$body")
    WWW=$(sed -n 's/^[Ww][Ww][Ww]-[Aa]uthenticate: *//p' "$hdr" | tr -d '\r')
    ERR=$(sed -n 's/^[Xx]-[Jj][Ww][Tt]-[Aa]uth-[Ee]rror: *//p' "$hdr" | tr -d '\r')
    USER=$(sed -n 's/^[Xx]-[Jj][Ww][Tt]-[Aa]uth-[Uu]ser: *//p' "$hdr" | tr -d '\r')
    if [ "$CODE" = 200 ]; then ans "$CODE $(clip "$BODY" 200) (\$jwt_auth_user $USER)"
    else ans "$CODE${WWW:+ WWW-Authenticate: $WWW} (\$jwt_auth_error $ERR)"; fi
}

# expect_user WHAT ID: the last answer was a 200 for user ID
expect_user() {
    check "$1: 200, the upstream got X-User-Id $2" \
          [ "$CODE" = 200 -a "$BODY" = "user=$2" -a "$USER" = "$2" ]
}

# expect_refused WHAT ERROR [DESCRIPTION]: the last answer was a 401 for
# an invalid token, $jwt_auth_error ERROR (and that error_description)
expect_refused() {
    local ok=0
    [ "$CODE" = 401 ] && [[ $WWW == *'error="invalid_token"'* ]] \
        && [ "$ERR" = "$2" ] && ok=1
    if [ "$ok" = 1 ] && [ -n "${3:-}" ]; then
        [[ $WWW == *"error_description=\"$3\""* ]] || ok=0
    fi
    check "$1: 401 error=\"invalid_token\", $2${3:+ ($3)}" [ "$ok" = 1 ]
}

# expect_missing WHAT: the last answer was a 401 for no token at all
expect_missing() {
    local ok=0
    [ "$CODE" = 401 ] && [[ $WWW == *'realm="app"'* && $WWW != *error=* ]] \
        && [ "$ERR" = missing_token ] && ok=1
    check "$1: 401 without an error (no token)" [ "$ok" = 1 ]
}

# quiet COMMAND...: the command, without its output; not COMMAND...:
# succeeds when the command fails, without its output
quiet() { "$@" > /dev/null 2>&1; }
not() { ! "$@" > /dev/null 2>&1; }

# reorder COOKIE_HEADER: its cookies in reverse order
reorder() {
    printf '%s\n' "$1" | tr ';' '\n' | sed 's/^ *//' | tac | paste -sd';' | sed 's/;/; /g'
}

# without COOKIE_HEADER NAME: the header without cookie NAME
without() {
    printf '%s\n' "$1" | tr ';' '\n' | sed 's/^ *//' \
        | awk -v n="$2" 'index($0, n "=") != 1' | paste -sd';' | sed 's/;/; /g'
}

show_logs() {
    say "  nginx's access log:"
    sed 's/^/      /' "$RUN/logs/access.log"
    say "  nginx's error log, the module's lines:"
    grep -i 'jwt' "$RUN/logs/error.log" | sed 's/^/      /' | cut -c1-300 | tail -20
}

# ------------------------------------------------------------ the phases

# phase_setup IDX: ports, run folder; returns 1 when a port is in use
phase_setup() {
    local idx=$1 p
    NGX_PORT=$((PORT_BASE + 10 * idx))
    A_PORT=$((NGX_PORT + 1))
    B_PORT=$((NGX_PORT + 2))
    RUN=$RUN_ROOT/run-cookies-$PHASE
    ORIGIN=
    rm -rf "$RUN"
    mkdir -p "$RUN/logs" "$RUN/tmp"
    for p in "$NGX_PORT" "$A_PORT" "$B_PORT"; do
        port_free "$p" || { fail "127.0.0.1:$p is in use (set E2E_PORT_BASE)"; return 1; }
    done
}

# the checks of an HS256 cookie cache made by A (strategy "jwt")
check_hs_cookie() {
    local name=$1 cname=$2 value=$3 var="${1}_ID" ok
    local uid=${!var}
    show_token "$name's cookie" "$value"
    check "$name's cookie: header {\"alg\":\"HS256\"}, nothing else" \
          [ "$(tool part "$value" header)" = '{"alg":"HS256"}' ]
    ok=0
    [ "$(tool get session.userId <<< "$(tool part "$value" payload)")" = "$uid" ] \
        && [ "$(tool get user.id <<< "$(tool part "$value" payload)")" = "$uid" ] \
        && ! tool claim "$value" payload sub > /dev/null 2>&1 && ok=1
    check "$name's cookie: no sub; session.userId and user.id are the user's id" \
          [ "$ok" = 1 ]
    ok=0
    [ $(( $(tool claim "$value" payload exp) - $(tool claim "$value" payload iat) )) = 300 ] \
        && [[ $(set_cookie_line "$name" "$cname") == *'Max-Age=300'* ]] && ok=1
    check "$name's cookie: exp = iat + 5 min, Max-Age=300" [ "$ok" = 1 ]
    req "verify $name's cookie with A's secret, then B's (Node's crypto)"
    ans "$(tool verify-hs "$value" "$SECRET_A" 2>&1)"
    check "$name's cookie: HS256 with A's secret as written" \
          quiet tool verify-hs "$value" "$SECRET_A"
    check "$name's cookie: not with another secret" \
          not tool verify-hs "$value" "$SECRET_B"
}

phase_jwt() {
    local value tampered bob_value h i n ok old
    step "$PHASE: Better Auth A (secret nginx has) and B (another), session.cookieCache strategy \"jwt\""
    BETTER_AUTH_SECRET=$SECRET_A start_issuer A "$A_PORT" EdDSA --cookie-cache jwt || return
    BETTER_AUTH_SECRET=$SECRET_B start_issuer B "$B_PORT" EdDSA --cookie-cache jwt || return

    step "$PHASE: users: alice (small), bob (a long image URL), carol (a longer one) on A, dave on B"
    sign_in alice "$A_PORT" alice-jwt@example.test Alice || return
    check "alice's sign-in sets better-auth.session_token and $N (whole)" \
          [ "$(set_cookie_names alice)" = "better-auth.session_token $N" ]
    sign_in bob "$A_PORT" bob-jwt@example.test Bob "$BIG_IMAGE" || return
    check "bob's cookie is split: better-auth.session_token $N.0 $N.1" \
          [ "$(set_cookie_names bob)" = "better-auth.session_token $N.0 $N.1" ]
    sign_in carol "$A_PORT" carol-jwt@example.test Carol "$HUGE_IMAGE" || return
    check "carol's cookie is split in three" \
          [ "$(set_cookie_names carol)" = "better-auth.session_token $N.0 $N.1 $N.2" ]
    sign_in dave "$B_PORT" dave-jwt@example.test Dave || return

    step "$PHASE: what the cookies are (Node's crypto, not the library that made them)"
    value=$(session_data alice "$N")
    check_hs_cookie alice "$N" "$value"
    bob_value=$(session_data bob "$N")
    say "    bob's chunks: $(tool set-cookies "$RUN/sign-in-bob.headers" | node -e '
        const c = JSON.parse(require("fs").readFileSync(0, "utf8"));
        console.log(c.filter((x) => x.name.includes("session_data"))
                     .map((x) => `${x.name} ${x.value.length} bytes`).join(", "))')"
    check_hs_cookie bob "$N" "$bob_value"
    get_session alice "$A_PORT"
    get_session bob "$A_PORT"
    record jwt alice "$N" jwt "http://127.0.0.1:$A_PORT" "$SECRET_A"
    record jwt-chunked bob "$N" jwt "http://127.0.0.1:$A_PORT" "$SECRET_A"

    step "$PHASE: nginx: jwt_auth \"app\" cookie=$N; jwt_auth_secret env=BETTER_AUTH_SECRET"
    write_conf "${HS_LOCATION//\$RUN/$RUN}"
    sed -n '/^        location \/api\//,/^        }/p' "$RUN/nginx.conf" | sed 's/^/  /'
    BETTER_AUTH_SECRET=$SECRET_A start_nginx || return

    step "$PHASE: requests through nginx, with the cookies a browser sends back"
    req "GET /api/tasks (no cookie)"
    through none /api/tasks
    expect_missing "no cookie"

    req "GET /api/tasks Cookie: $(clip "$alice_COOKIE" 100)"
    through alice /api/tasks -H "Cookie: $alice_COOKIE"
    expect_user "alice's cookies" "$alice_ID"

    req "GET /api/tasks Cookie: alice's, X-User-Id: mallory"
    through alice-spoof /api/tasks -H "Cookie: $alice_COOKIE" -H 'X-User-Id: mallory'
    expect_user "alice's cookies with a client's X-User-Id" "$alice_ID"

    req "GET /api/tasks Cookie: alice's session token only (a signed opaque value, not a JWT)"
    through alice-token-only /api/tasks -H "Cookie: $(without "$alice_COOKIE" "$N")"
    expect_missing "the session token without the cookie cache"

    tampered=$(tool tamper "$value" session.userId mallory)
    req "GET /api/tasks Cookie: $N with session.userId mallory (signature kept)"
    through tampered /api/tasks -H "Cookie: $(without "$alice_COOKIE" "$N"); $N=$tampered"
    expect_refused "a tampered cookie" bad_signature

    req "GET /api/tasks Cookie: dave's (B: another secret)"
    through dave /api/tasks -H "Cookie: $dave_COOKIE"
    expect_refused "B's cookie" bad_signature

    req "GET /api/tasks Cookie: bob's ($(set_cookie_names bob); ${#bob_COOKIE} bytes)"
    through bob /api/tasks -H "Cookie: $bob_COOKIE"
    expect_user "bob's chunked cookies" "$bob_ID"

    req "GET /api/tasks Cookie: bob's, in reverse order"
    through bob-reversed /api/tasks -H "Cookie: $(reorder "$bob_COOKIE")"
    expect_user "bob's chunks in reverse order" "$bob_ID"

    req "GET /api/tasks Cookie: bob's without $N.0"
    through bob-no-0 /api/tasks -H "Cookie: $(without "$bob_COOKIE" "$N.0")"
    expect_refused "bob's chunks without .0" malformed "cookie $N lacks its chunk .0"

    # the module cannot know a last chunk is missing: the token is cut
    req "GET /api/tasks Cookie: bob's without $N.1, the last chunk"
    through bob-no-1 /api/tasks -H "Cookie: $(without "$bob_COOKIE" "$N.1")"
    expect_refused "bob's chunks without the last one (the token cut after its payload)" \
        malformed "token is not three dot-separated parts"

    req "GET /api/tasks Cookie: carol's (${#carol_COOKIE} bytes, $(session_data carol "$N" | wc -c) of cookie cache)"
    through carol /api/tasks -H "Cookie: $carol_COOKIE"
    expect_refused "carol's three chunks (more than 8192 bytes together)" malformed \
        "the chunks of cookie $N are larger than 8192 bytes together"
    get_session carol "$A_PORT"

    step "$PHASE: sign-out"
    req "POST http://127.0.0.1:$A_PORT/api/auth/sign-out (Cookie: alice's)"
    h=$RUN/sign-out-alice.headers
    i=$(post_json "http://127.0.0.1:$A_PORT/api/auth/sign-out" '{}' \
            "$RUN/sign-out-alice.json" -D "$h" -H "Cookie: $alice_COOKIE")
    ans "$i $(cat "$RUN/sign-out-alice.json")"
    grep -i '^set-cookie:' "$h" | tr -d '\r' | sed 's/^/      /'
    old=$alice_COOKIE
    n=$(tool cookie-header "$h" "$alice_COOKIE")
    ok=0
    [ "$i" = 200 ] && [[ -z $n ]] && ok=1
    check "sign-out: 200, and it expires both cookies (Max-Age=0)" [ "$ok" = 1 ]
    req "GET /api/tasks (the browser's cookies after sign-out: none)"
    through alice-signed-out /api/tasks ${n:+-H "Cookie: $n"}
    expect_missing "after sign-out"
    req "GET /api/tasks Cookie: alice's old cookies, replayed"
    through alice-replayed /api/tasks -H "Cookie: $old"
    expect_user "alice's old cookie replayed after sign-out still verifies until its exp (5 min; what jwt_auth_revocation is for)" "$alice_ID"

    show_logs
}

phase_https() {
    local value base="https://127.0.0.1:$A_PORT" ok
    local S="__Secure-$N"
    step "$PHASE: Better Auth A with baseURL $base (it still speaks plain http here), strategy \"jwt\""
    BETTER_AUTH_SECRET=$SECRET_A start_issuer A "$A_PORT" EdDSA --cookie-cache jwt \
        --base-url "$base" || return
    # Better Auth refuses an Origin other than its base URL's
    ORIGIN=$base

    step "$PHASE: users: erin (small), frank (a long image URL)"
    sign_in erin "$A_PORT" erin-https@example.test Erin || return
    check "erin's sign-in sets __Secure-better-auth.session_token and $S" \
          [ "$(set_cookie_names erin)" = "__Secure-better-auth.session_token $S" ]
    ok=0
    [[ $(set_cookie_line erin "$S") == *'; Secure'* ]] && ok=1
    check "$S is set with Secure (over plain http: a browser would take it only over https)" \
          [ "$ok" = 1 ]
    sign_in frank "$A_PORT" frank-https@example.test Frank "$BIG_IMAGE" || return
    check "frank's cookie is split: $S.0 $S.1" \
          [ "$(set_cookie_names frank)" = "__Secure-better-auth.session_token $S.0 $S.1" ]
    value=$(session_data erin "$S")
    show_token "erin's cookie" "$value"
    check "erin's cookie: HS256 with A's secret (Node's crypto)" \
          quiet tool verify-hs "$value" "$SECRET_A"
    check "frank's cookie: HS256 with A's secret (Node's crypto)" \
          quiet tool verify-hs "$(session_data frank "$S")" "$SECRET_A"
    record jwt-https erin "$S" jwt "$base" "$SECRET_A"
    record jwt-https-chunked frank "$S" jwt "$base" "$SECRET_A"

    step "$PHASE: nginx: the same jwt_auth \"app\" cookie=$N"
    write_conf "${HS_LOCATION//\$RUN/$RUN}"
    BETTER_AUTH_SECRET=$SECRET_A start_nginx || return

    step "$PHASE: requests through nginx, with the cookies as a browser sends them (over https)"
    req "GET /api/tasks Cookie: $(clip "$erin_COOKIE" 100)"
    through erin /api/tasks -H "Cookie: $erin_COOKIE"
    expect_user "erin's __Secure- cookies" "$erin_ID"

    req "GET /api/tasks Cookie: frank's ($(set_cookie_names frank))"
    through frank /api/tasks -H "Cookie: $frank_COOKIE"
    expect_user "frank's __Secure- chunks" "$frank_ID"

    req "GET /api/tasks Cookie: frank's chunks, and a plain $N of someone else beside them"
    through frank-shadowed /api/tasks \
        -H "Cookie: $N=$(tool tamper "$value" session.userId mallory); $frank_COOKIE"
    expect_user "the __Secure- cookie comes first: a plain one beside it is not used" "$frank_ID"

    show_logs
}

phase_session_cache() {
    local base="http://127.0.0.1:$A_PORT" value bearer
    local hits0 hits code ok
    step "$PHASE: Better Auth A and B: strategy \"jwt\" with jwt({ sessionCookieCache: true })"
    BETTER_AUTH_SECRET=$SECRET_A start_issuer A "$A_PORT" EdDSA --cookie-cache jwt \
        --session-cookie-cache || return
    BETTER_AUTH_SECRET=$SECRET_A start_issuer B "$B_PORT" EdDSA --cookie-cache jwt \
        --session-cookie-cache || return

    step "$PHASE: users: grace (small), heidi (a long image URL) on A, ivan on B"
    sign_in grace "$A_PORT" grace-sc@example.test Grace || return
    sign_in heidi "$A_PORT" heidi-sc@example.test Heidi "$BIG_IMAGE" || return
    check "heidi's cookie is split: $N.0 $N.1" \
          [ "$(set_cookie_names heidi)" = "better-auth.session_token $N.0 $N.1" ]
    sign_in ivan "$B_PORT" ivan-sc@example.test Ivan || return

    req "GET $base/api/auth/token (Cookie: grace's)"
    code=$(curl -s --noproxy "*" -o "$RUN/token-grace.json" -w '%{http_code}' \
                --max-time 20 -H "Cookie: $grace_COOKIE" "$base/api/auth/token")
    bearer=$(tool get token < "$RUN/token-grace.json" 2> /dev/null)
    ans "$code $(clip "$bearer" 60)"
    check "grace's bearer token from /api/auth/token" [ "$code" = 200 -a -n "$bearer" ]
    fetch_jwks A "$A_PORT" || return
    fetch_jwks B "$B_PORT" || return

    step "$PHASE: what the cookie is"
    value=$(session_data grace "$N")
    show_token "grace's cookie" "$value"
    ok=0
    [ "$(tool claim "$value" header alg)" = EdDSA ] \
        && [ "$(tool claim "$value" header typ)" = "$SESSION_CACHE_TYP" ] \
        && [ "$(tool claim "$value" header kid)" = "$(tool get keys.0.kid < "$RUN/jwks-A.json")" ] \
        && ok=1
    check "grace's cookie: header EdDSA, typ $SESSION_CACHE_TYP, the kid of A's JWKS" \
          [ "$ok" = 1 ]
    ok=0
    [ "$(tool claim "$value" payload aud)" = "$SESSION_CACHE_AUD" ] \
        && [ "$(tool claim "$value" payload iss)" = "$base" ] \
        && [ "$(tool claim "$value" payload sub)" = "$grace_ID" ] \
        && [ "$(tool claim "$value" payload sid)" = \
             "$(tool get session.token <<< "$(tool part "$value" payload)")" ] \
        && ok=1
    check "grace's cookie: aud $SESSION_CACHE_AUD, iss the base URL, sub the user, sid the session's token" \
          [ "$ok" = 1 ]
    check "grace's bearer token: aud the base URL" \
          [ "$(tool claim "$bearer" payload aud)" = "$base" ]
    verify_cookie() {
        req "verify $1 with $2's JWKS"
        ans "$(tool verify "$3" "$RUN/jwks-$2.json" --any-kid 2>&1)"
        tool verify "$3" "$RUN/jwks-$2.json" --any-kid > /dev/null 2>&1
    }
    check "grace's cookie verifies with A's JWKS (Node's crypto)" \
          verify_cookie "grace's cookie" A "$value"
    check "heidi's joined chunks verify with A's JWKS" \
          verify_cookie "heidi's cookie" A "$(session_data heidi "$N")"
    check "ivan's cookie (B) does not verify with A's JWKS" \
          not verify_cookie "ivan's cookie" A "$(session_data ivan "$N")"
    record session-cache grace "$N" jwt "$base" "$SECRET_A" \
        "\"jwt_plugin\":{\"sessionCookieCache\":true},\"jwks\":$(cat "$RUN/jwks-A.json"),\"bearer\":\"$bearer\""
    record session-cache-chunked heidi "$N" jwt "$base" "$SECRET_A" \
        "\"jwt_plugin\":{\"sessionCookieCache\":true},\"jwks\":$(cat "$RUN/jwks-A.json")"

    step "$PHASE: nginx: the cookie with the JWKS and aud $SESSION_CACHE_AUD; bearer tokens at /bearer/"
    write_conf "        location = /_jwks {
            internal;
            proxy_pass http://127.0.0.1:$A_PORT/api/auth/jwks;
        }

        location /api/ {
            jwt_auth \"app\" cookie=$N;
            jwt_auth_key_request /_jwks;
            jwt_auth_issuer $base;
            jwt_auth_audience $SESSION_CACHE_AUD;
            jwt_auth_require \$session_cache_typ;
            jwt_auth_set_header X-User-Id sub;
            proxy_pass http://unix:$RUN/upstream.sock:/echo/;
        }

        location /bearer/ {
            jwt_auth \"app\";
            jwt_auth_key_request /_jwks;
            jwt_auth_issuer $base;
            jwt_auth_audience $base;
            jwt_auth_set_header X-User-Id sub;
            proxy_pass http://unix:$RUN/upstream.sock:/echo/;
        }
"
    sed -n '/^        location = \/_jwks/,/^        location = \/up/p' "$RUN/nginx.conf" \
        | sed '$d' | sed 's/^/  /'
    start_nginx || return
    hits0=$(grep -c ' GET /api/auth/jwks ' "$RUN/better-auth-A.log")

    step "$PHASE: requests through nginx"
    req "GET /api/tasks Cookie: grace's"
    through grace /api/tasks -H "Cookie: $grace_COOKIE"
    expect_user "grace's session-cache cookie" "$grace_ID"

    req "GET /api/tasks Cookie: heidi's ($(set_cookie_names heidi))"
    through heidi /api/tasks -H "Cookie: $heidi_COOKIE"
    expect_user "heidi's chunks" "$heidi_ID"

    req "GET /bearer/tasks Authorization: Bearer (grace's token)"
    through bearer /bearer/tasks -H "Authorization: Bearer $bearer"
    expect_user "grace's bearer token where bearer tokens are taken" "$grace_ID"

    req "GET /api/tasks Cookie: $N=(grace's bearer token)"
    through bearer-as-cookie /api/tasks -H "Cookie: $N=$bearer"
    expect_refused "a bearer token as the cookie" bad_audience

    req "GET /bearer/tasks Authorization: Bearer (grace's cookie)"
    through cookie-as-bearer /bearer/tasks -H "Authorization: Bearer $value"
    expect_refused "the cookie as a bearer token" bad_audience

    req "GET /api/tasks Cookie: grace's, sub changed (signature kept)"
    through tampered /api/tasks -H "Cookie: $N=$(tool tamper "$value" sub mallory)"
    expect_refused "a tampered cookie" bad_signature

    req "GET /api/tasks Cookie: ivan's (B: other keys)"
    through ivan /api/tasks -H "Cookie: $ivan_COOKIE"
    expect_refused "B's cookie" unknown_key

    hits=$(( $(grep -c ' GET /api/auth/jwks ' "$RUN/better-auth-A.log") - hits0 ))
    ans "A served its JWKS $hits time(s) to nginx"
    check "the JWKS was fetched at most twice (B's unknown kid may cause one refetch)" \
          [ "$hits" -ge 1 -a "$hits" -le 2 ]

    show_logs
}

phase_jwe() {
    local base="http://127.0.0.1:$A_PORT" value plain ok
    local bad jwe
    step "$PHASE: Better Auth A, strategy \"jwe\"; B, strategy \"compact\" (Better Auth's default)"
    BETTER_AUTH_SECRET=$SECRET_A start_issuer A "$A_PORT" EdDSA --cookie-cache jwe || return
    BETTER_AUTH_SECRET=$SECRET_A start_issuer B "$B_PORT" EdDSA --cookie-cache compact || return

    step "$PHASE: users: judy (small), ken (a long image URL) on A, leo on B"
    sign_in judy "$A_PORT" judy-jwe@example.test Judy || return
    sign_in ken "$A_PORT" ken-jwe@example.test Ken "$BIG_IMAGE" || return
    check "ken's cookie is split: $N.0 $N.1" \
          [ "$(set_cookie_names ken)" = "better-auth.session_token $N.0 $N.1" ]
    sign_in leo "$B_PORT" leo-compact@example.test Leo || return

    step "$PHASE: the JWE, decrypted with Node's crypto (HKDF-SHA256 of the secret, salt $JWE_SALT)"
    value=$(session_data judy "$N")
    say "    token:   $(clip "$value" 120)"
    say "    header:  $(b64json "${value%%.*}")"
    ok=0
    [ "$(printf '%s' "$value" | tr -cd . | wc -c)" = 4 ] \
        && [ -z "$(printf '%s' "$value" | cut -d. -f2)" ] && ok=1
    check "judy's cookie: a compact JWE (5 parts, no encrypted key)" [ "$ok" = 1 ]
    plain=$(tool jwe-decrypt "$value" "$SECRET_A" "$JWE_SALT" 2>&1)
    say "    payload: $(clip "$plain" 400)"
    check "judy's cookie decrypts: dir, A256CBC-HS512, session.userId is judy's" \
          [ "$(tool get session.userId <<< "$plain" 2> /dev/null)" = "$judy_ID" ]
    plain=$(tool jwe-decrypt "$(session_data ken "$N")" "$SECRET_A" "$JWE_SALT" 2>&1)
    check "ken's chunks joined decrypt, user.id is ken's" \
          [ "$(tool get user.id <<< "$plain" 2> /dev/null)" = "$ken_ID" ]
    check "judy's cookie does not decrypt with another secret" \
          not tool jwe-decrypt "$value" "$SECRET_B" "$JWE_SALT"
    bad=$(printf '%s' "$value" | awk -F. '{ t = $5; c = substr(t, 1, 1);
            r = (c == "A") ? "B" : "A"; print $1 "." $2 "." $3 "." $4 "." r substr(t, 2) }')
    check "judy's cookie with its tag changed does not decrypt" \
          not tool jwe-decrypt "$bad" "$SECRET_A" "$JWE_SALT"
    get_session judy "$A_PORT"
    jwe="\"jwe\":{\"alg\":\"dir\",\"enc\":\"A256CBC-HS512\",\"kdf\":\"HKDF-SHA256\","
    jwe+="\"salt\":\"$JWE_SALT\",\"info\":\"BetterAuth.js Generated Encryption Key\","
    jwe+="\"key_hex\":\"$(tool jwe-key "$SECRET_A" "$JWE_SALT")\"}"
    record jwe judy "$N" jwe "$base" "$SECRET_A" "$jwe"
    record jwe-chunked ken "$N" jwe "$base" "$SECRET_A" "$jwe"

    step "$PHASE: the compact cookie"
    value=$(session_data leo "$N")
    say "    value:   $(clip "$value" 120)"
    ok=0
    [[ $value != *.* ]] \
        && [ "$(b64json "$value" | tool get session.user.id 2> /dev/null)" = "$leo_ID" ] \
        && ok=1
    check "leo's cookie: base64url JSON (no dots), session.user.id is leo's" [ "$ok" = 1 ]
    record compact leo "$N" compact "http://127.0.0.1:$B_PORT" "$SECRET_A"

    step "$PHASE: nginx: /api/ as in the jwt phase (a compact cookie is not a JWT); /jwe/ with jwt_auth_type encrypted, the key derived from the secret (better-auth)"
    write_conf "${HS_LOCATION//\$RUN/$RUN}
        location /jwe/ {
            jwt_auth \"app\" cookie=$N;
            jwt_auth_type encrypted;
            jwt_auth_jwe_key env=BETTER_AUTH_SECRET better-auth;
            jwt_auth_user_claim session.userId;
            jwt_auth_set_header X-User-Id session.userId;
            proxy_pass http://unix:$RUN/upstream.sock:/echo/;
        }
"
    BETTER_AUTH_SECRET=$SECRET_A start_nginx || return
    req "GET /api/tasks Cookie: leo's"
    through leo /api/tasks -H "Cookie: $leo_COOKIE"
    expect_refused "the compact cookie" malformed

    req "GET /jwe/tasks Cookie: judy's"
    through judy /jwe/tasks -H "Cookie: $judy_COOKIE"
    expect_user "judy's jwe cookie" "$judy_ID"

    req "GET /jwe/tasks Cookie: ken's ($(set_cookie_names ken))"
    through ken /jwe/tasks -H "Cookie: $ken_COOKIE"
    expect_user "ken's jwe chunks" "$ken_ID"

    req "GET /jwe/tasks Cookie: judy's, its tag changed"
    through tampered /jwe/tasks -H "Cookie: $N=$bad"
    expect_refused "a tampered jwe cookie" bad_signature

    req "GET /jwe/tasks Cookie: leo's (compact)"
    through leo-jwe /jwe/tasks -H "Cookie: $leo_COOKIE"
    expect_refused "the compact cookie where a JWE is expected" alg_not_allowed

    show_logs
}

# ---------------------------------------------------------------- main

main() {
    local p i known
    while [ $# -gt 0 ]; do
        case $1 in
        --record)
            RECORD=$ROOT/t/e2e/fixtures/better-auth-$BETTER_AUTH_VERSION
            if [ $# -gt 1 ] && [[ $2 != -* ]] && [[ " ${ALL_PHASES[*]} " != *" $2 "* ]]; then
                RECORD=$(abspath "$2")
                shift
            fi
            ;;
        -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *)
            known=0
            for p in "${ALL_PHASES[@]}"; do [ "$1" = "$p" ] && known=1; done
            [ "$known" = 1 ] || die "unknown argument $1 (phases: ${ALL_PHASES[*]})"
            PHASES+=("$1")
            ;;
        esac
        shift
    done
    [ ${#PHASES[@]} = 0 ] && PHASES=("${ALL_PHASES[@]}")

    # from here on, whatever happens, the last line says how it went
    trap on_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    e2e_preflight nginx
    [ $((PORT_BASE + 10 * ${#ALL_PHASES[@]})) -le 65535 ] || die "E2E_PORT_BASE is too high"
    say "phases: ${PHASES[*]}; ports from $PORT_BASE${RECORD:+; recording into $RECORD}"

    for PHASE in "${PHASES[@]}"; do
        # a phase keeps its ports whichever phases run
        for i in "${!ALL_PHASES[@]}"; do
            [ "${ALL_PHASES[$i]}" = "$PHASE" ] && break
        done
        step "== cookies, $PHASE: nginx on :$((PORT_BASE + 10 * i)), Better Auth on :$((PORT_BASE + 10 * i + 1)) and :$((PORT_BASE + 10 * i + 2)) =="
        if phase_setup "$i"; then
            "phase_${PHASE//-/_}" "$i"
        fi
        stop_all
    done
}

main "$@"
