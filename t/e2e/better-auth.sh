#!/usr/bin/env bash
#
# t/e2e/better-auth.sh: ngx_http_jwt_auth_module against a real Better Auth
# issuer (better-auth from npm, its jwt() plugin), end to end, on 127.0.0.1.
#
#   t/e2e/better-auth.sh [--issuer-only | --key-file] [ALG...]
#
# For each algorithm Better Auth's jwt() plugin has (default: EdDSA ES256
# ES512 RS256 PS256):
#   - starts two Better Auth servers, A and B (t/e2e/better-auth-server.mjs:
#     in-memory database, so each has its own new key pair);
#   - signs a user up and in on each, takes a token from GET /api/auth/token
#     with the session cookie, and checks the token (header alg and kid,
#     sub = the user's id, iss and aud = the server's base URL) and its
#     signature against the server's /api/auth/jwks with Node's crypto;
#   - starts nginx with the module, whose jwt_auth_key_request fetches A's
#     JWKS, and checks: no token -> 401; A's token -> 200 and the upstream
#     sees A's user id in X-User-Id (a client's own X-User-Id is replaced);
#     the JWKS is fetched once for many requests; a tampered token and B's
#     token (other keys) -> 401 with error="invalid_token".
# Each step prints its request and answer; the last line is
# "N passed, M failed", and the exit status is non-zero if any step failed.
#
# --issuer-only: the Better Auth side alone (servers, users, tokens, JWKS,
# signatures), without nginx: for a module without jwt_auth_key_request.
# --key-file: nginx reads A's JWKS, as fetched by this script, from a file
# (jwt_auth_key_file) instead of fetching it (jwt_auth_key_request); the
# checks of how often it is fetched are left out.
#
# better-auth@BETTER_AUTH_VERSION (below) is installed with npm into
# build/e2e/node_modules (git-ignored) when it is not there already.
# Everything it starts is stopped when it ends, however it ends.
#
# Environment:
#   E2E_PORT_BASE    first port (default 19300); the n-th algorithm (from 0)
#                    uses BASE+10n (nginx), BASE+10n+1 (A), BASE+10n+2 (B)
#   E2E_ALGS         the algorithms, if none are given as arguments
#   E2E_DIR          work folder (default build/e2e): node_modules, and
#                    run-<alg>/ with nginx.conf, logs and the fetched JSON
#   E2E_RUN_DIR      where the run-<alg>/ folders go (default E2E_DIR); two
#                    runs at once need their own E2E_RUN_DIR and E2E_PORT_BASE
#   JWT_AUTH_MODULE  the module (default build/nginx/objs/
#                    ngx_http_jwt_auth_module.so in the repository)
#   NGINX_BIN        default /usr/sbin/nginx
#   NO_COLOR         set: no colours
#
# Needs node (20 or later), npm and the npm registry, curl, and nginx.

set -uo pipefail

SCRIPT=better-auth.sh
. "$(dirname "${BASH_SOURCE[0]}")/e2e-lib.sh"

ISSUER_ONLY=0
KEYS=request        # or file: jwt_auth_key_file with A's JWKS
ALGS=()

# get_token NAME PORT EMAIL USERNAME: sign up, sign in, GET /api/auth/token;
# sets <NAME>_USER_ID and <NAME>_TOKEN
get_token() {
    local name=$1 port=$2 email=$3 uname=$4
    local base="http://127.0.0.1:$port" code id id2 token ok
    local jar=$RUN/cookies-$name.txt

    printf -v "${name}_USER_ID" '%s' ''
    printf -v "${name}_TOKEN" '%s' ''

    req "POST $base/api/auth/sign-up/email {email: $email, name: $uname, password: ...}"
    code=$(post_json "$base/api/auth/sign-up/email" \
        "{\"email\":\"$email\",\"password\":\"$PASSWORD\",\"name\":\"$uname\"}" \
        "$RUN/sign-up-$name.json")
    ans "$code $(clip "$(cat "$RUN/sign-up-$name.json")")"
    id=$(tool get user.id < "$RUN/sign-up-$name.json" 2> /dev/null)
    check "sign-up on $name: 200 with the new user's id ($id)" \
          [ "$code" = 200 -a -n "$id" ] || return 1

    rm -f "$jar"
    req "POST $base/api/auth/sign-in/email {email: $email, password: ...}"
    code=$(post_json "$base/api/auth/sign-in/email" \
        "{\"email\":\"$email\",\"password\":\"$PASSWORD\"}" \
        "$RUN/sign-in-$name.json" -c "$jar")
    ans "$code $(clip "$(cat "$RUN/sign-in-$name.json")")"
    id2=$(tool get user.id < "$RUN/sign-in-$name.json" 2> /dev/null)
    ok=0
    [[ $code = 200 && $id2 = "$id" ]] \
        && grep -q 'better-auth.session_token' "$jar" && ok=1
    check "sign-in on $name: 200, same user, a session cookie" [ "$ok" = 1 ] \
        || return 1

    req "GET $base/api/auth/token (Cookie: better-auth.session_token=...)"
    code=$(curl -s --noproxy "*" -o "$RUN/token-$name.json" -w '%{http_code}' --max-time 20 \
                -b "$jar" "$base/api/auth/token")
    ans "$code $(clip "$(cat "$RUN/token-$name.json")" 120)"
    token=$(tool get token < "$RUN/token-$name.json" 2> /dev/null)
    check "token from $name: 200 with a token" [ "$code" = 200 -a -n "$token" ] \
        || return 1
    printf '%s\n' "$token" > "$RUN/token-$name.jwt"
    printf -v "${name}_USER_ID" '%s' "$id"
    printf -v "${name}_TOKEN" '%s' "$token"
}

# check_token NAME ALG PORT USER_ID TOKEN: what Better Auth put in it
check_token() {
    local name=$1 alg=$2 port=$3 uid=$4 token=$5 base="http://127.0.0.1:$3"
    local header payload h_alg kid iss aud sub iat exp ok
    header=$(tool part "$token" header) || { fail "token from $name: undecodable"; return 1; }
    payload=$(tool part "$token" payload)
    say "    header:  $header"
    say "    payload: $payload"
    h_alg=$(tool claim "$token" header alg 2> /dev/null)
    kid=$(tool claim "$token" header kid 2> /dev/null)
    sub=$(tool claim "$token" payload sub 2> /dev/null)
    iss=$(tool claim "$token" payload iss 2> /dev/null)
    aud=$(tool claim "$token" payload aud 2> /dev/null)
    iat=$(tool claim "$token" payload iat 2> /dev/null)
    exp=$(tool claim "$token" payload exp 2> /dev/null)
    check "token from $name: header alg is $alg, with a kid" \
          [ "$h_alg" = "$alg" -a -n "$kid" ]
    check "token from $name: sub is the user's id" [ "$sub" = "$uid" ]
    ok=0
    [[ $iss = "$base" && ( $aud = "$base" || $aud = "[\"$base\"]" ) ]] && ok=1
    check "token from $name: iss and aud are the base URL $base" [ "$ok" = 1 ]
    ok=0
    [[ $iat =~ ^[0-9]+$ && $exp =~ ^[0-9]+$ ]] && [ $((exp - iat)) = 900 ] && ok=1
    check "token from $name: exp = iat + 15 min" [ "$ok" = 1 ]
}

# verify_sig WHAT TOKEN JWKS_OF ok|bad [--any-kid]: the signature, checked
# with Node's crypto against a JWKS (--any-kid: with each of its keys,
# whatever the token's kid)
verify_sig() {
    local what=$1 token=$2 jname=$3 expect=$4 out rc
    req "verify $what with $jname's JWKS${5:+ (each key, whatever the kid)}"
    out=$(tool verify "$token" "$RUN/jwks-$jname.json" ${5:+"$5"} 2>&1)
    rc=$?
    ans "$out"
    if [ "$expect" = ok ]; then
        check "$what verifies with $jname's JWKS" [ "$rc" = 0 ]
    else
        check "$what does not verify with $jname's JWKS${5:+ (any key)}" [ "$rc" = 1 ]
    fi
}

# ---------------------------------------------------------------- nginx

write_nginx_conf() {
    local iss=$1 aud=$2 keys="jwt_auth_key_request /_jwks;"
    [ "$KEYS" = file ] && keys="jwt_auth_key_file $RUN/jwks-A.json;"
    cat > "$RUN/nginx.conf" <<EOF
# generated by t/e2e/better-auth.sh for $ALG: nginx on 127.0.0.1:$NGX_PORT,
# Better Auth A (the issuer) on 127.0.0.1:$A_PORT
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

    client_body_temp_path $RUN/tmp/client_body;
    proxy_temp_path $RUN/tmp/proxy;
    fastcgi_temp_path $RUN/tmp/fastcgi;
    uwsgi_temp_path $RUN/tmp/uwsgi;
    scgi_temp_path $RUN/tmp/scgi;

    server {
        listen 127.0.0.1:$NGX_PORT;
        server_name localhost;

        # Better Auth A's JWKS, for the module's key requests only, which
        # carry none of the client's credentials
        location = /_jwks {
            internal;
            proxy_pass http://127.0.0.1:$A_PORT/api/auth/jwks;
        }

        location /api/ {
            jwt_auth "tasks";
            $keys
            jwt_auth_issuer $iss;
            jwt_auth_audience $aud;
            jwt_auth_set_header X-User-Id sub;
            proxy_pass http://unix:$RUN/upstream.sock:/echo/;
        }

        location = /up {
            return 200 "up\n";
        }
    }

    # the upstream, a server of its own (the module removes the identity
    # headers from every request of the server that configures them):
    # says which user nginx passed on
    server {
        listen unix:$RUN/upstream.sock;

        location /echo/ {
            return 200 "user=\$http_x_user_id\n";
        }
    }
}
EOF
}

# api NAME [curl args...]: GET /api/tasks through nginx; sets CODE, BODY,
# WWW (the WWW-Authenticate header) and prints the exchange
api() {
    local name=$1
    shift
    local hdr=$RUN/resp-$name.headers body=$RUN/resp-$name.body
    CODE=$(curl -s --noproxy "*" -o "$body" -D "$hdr" -w '%{http_code}' --max-time 20 "$@" \
                "http://127.0.0.1:$NGX_PORT/api/tasks")
    BODY=$(cat "$body")
    WWW=$(sed -n 's/^[Ww][Ww][Ww]-[Aa]uthenticate: *//p' "$hdr" | tr -d '\r')
    if [ "$CODE" = 200 ]; then ans "$CODE $(clip "$BODY" 200)"
    else ans "$CODE${WWW:+ WWW-Authenticate: $WWW} $(clip "$BODY" 60)"; fi
}

# was the last answer a 401 for a bad token?
invalid_token() {
    [ "$CODE" = 401 ] && [[ $WWW == *'error="invalid_token"'* ]]
}

# how many times Better Auth A served its JWKS
jwks_hits() {
    grep -c ' GET /api/auth/jwks ' "$RUN/better-auth-A.log"
}

# ------------------------------------------------------------ one alg

run_alg() {
    local idx=$1
    local base_port=$((PORT_BASE + 10 * idx))
    local p iss aud hits0 hits i ok tampered
    NGX_PORT=$base_port
    A_PORT=$((base_port + 1))
    B_PORT=$((base_port + 2))
    RUN=$RUN_ROOT/run-$ALG

    step "== $ALG: Better Auth A on :$A_PORT, Better Auth B on :$B_PORT, nginx on :$NGX_PORT =="
    rm -rf "$RUN"
    mkdir -p "$RUN/logs" "$RUN/tmp"

    for p in "$NGX_PORT" "$A_PORT" "$B_PORT"; do
        port_free "$p" || { fail "127.0.0.1:$p is in use (set E2E_PORT_BASE)"; return; }
    done

    step "$ALG: two Better Auth instances (each its own keys)"
    start_issuer A "$A_PORT" "$ALG" || return
    start_issuer B "$B_PORT" "$ALG" || return

    step "$ALG: a user on A: sign up, sign in, token"
    get_token A "$A_PORT" "alice-$ALG@example.test" Alice || return
    check_token A "$ALG" "$A_PORT" "$A_USER_ID" "$A_TOKEN"

    step "$ALG: a user on B: sign up, sign in, token"
    get_token B "$B_PORT" "bob-$ALG@example.test" Bob || return
    check_token B "$ALG" "$B_PORT" "$B_USER_ID" "$B_TOKEN"

    step "$ALG: the JWKS, and the tokens' signatures checked with Node's crypto"
    fetch_jwks A "$A_PORT" || return
    fetch_jwks B "$B_PORT" || return
    check "JWKS of A lists the token's kid with alg $ALG" \
          [ "$(tool get keys.0.alg < "$RUN/jwks-A.json")" = "$ALG" -a \
            "$(tool get keys.0.kid < "$RUN/jwks-A.json")" = \
            "$(tool claim "$A_TOKEN" header kid)" ]
    verify_sig "A's token" "$A_TOKEN" A ok
    verify_sig "B's token" "$B_TOKEN" B ok
    verify_sig "B's token" "$B_TOKEN" A bad --any-kid
    verify_sig "A's token, sub changed," "$(tool tamper "$A_TOKEN" sub mallory)" A bad

    if [ "$ISSUER_ONLY" = 1 ]; then
        say "  (--issuer-only: no nginx)"
        stop_all
        return
    fi

    if [ "$KEYS" = file ]; then
        step "$ALG: nginx with jwt_auth_key_file: A's JWKS, as fetched above"
    else
        step "$ALG: nginx with jwt_auth_key_request -> A's /api/auth/jwks"
    fi
    iss=$(tool claim "$A_TOKEN" payload iss)
    aud=$(tool claim "$A_TOKEN" payload aud)
    case $aud in
    \[*) aud=$(printf '%s' "$aud" | tool get 0) ;;
    esac
    write_nginx_conf "$iss" "$aud"
    sed -n '/^    server {/,/^    }/p' "$RUN/nginx.conf" | sed 's/^/    /'
    start_nginx || return
    hits0=$(jwks_hits)

    step "$ALG: requests through nginx"
    req "GET /api/tasks (no token)"
    api no-token
    ok=0
    [ "$CODE" = 401 ] && [[ $WWW == *'realm="tasks"'* && $WWW != *error=* ]] && ok=1
    check "no token: 401, WWW-Authenticate Bearer realm=\"tasks\" without an error" \
          [ "$ok" = 1 ]

    req "GET /api/tasks Authorization: Bearer $(short "$A_TOKEN") (A's token)"
    api token-A -H "Authorization: Bearer $A_TOKEN"
    check "A's token: 200 and the upstream sees X-User-Id $A_USER_ID" \
          [ "$CODE" = 200 -a "$BODY" = "user=$A_USER_ID" ]

    req "GET /api/tasks Authorization: Bearer (A's token), X-User-Id: mallory"
    api token-A-spoof -H "Authorization: Bearer $A_TOKEN" -H 'X-User-Id: mallory'
    check "a client's X-User-Id is replaced by the token's sub" \
          [ "$CODE" = 200 -a "$BODY" = "user=$A_USER_ID" ]

    req "GET /api/tasks with A's token, 5 more times"
    ok=0
    for i in 1 2 3 4 5; do
        CODE=$(curl -s --noproxy "*" -o /dev/null -w '%{http_code}' --max-time 20 \
                    -H "Authorization: Bearer $A_TOKEN" \
                    "http://127.0.0.1:$NGX_PORT/api/tasks")
        [ "$CODE" = 200 ] && ok=$((ok + 1))
    done
    ans "$ok of 5 answered 200"
    check "A's token: 200 every time" [ "$ok" = 5 ]
    if [ "$KEYS" = request ]; then
        hits=$(( $(jwks_hits) - hits0 ))
        ans "A served its JWKS $hits time(s) to nginx for 7 requests"
        check "the JWKS was fetched once, then kept (jwt_auth_key_cache)" [ "$hits" = 1 ]
    fi

    tampered=$(tool tamper "$A_TOKEN" sub mallory)
    req "GET /api/tasks Authorization: Bearer $(short "$tampered") (A's token, sub changed)"
    api tampered -H "Authorization: Bearer $tampered"
    check "tampered token: 401 error=\"invalid_token\"" invalid_token

    req "GET /api/tasks Authorization: Bearer $(short "$B_TOKEN") (B's token: other keys)"
    api token-B -H "Authorization: Bearer $B_TOKEN"
    check "B's token: 401 error=\"invalid_token\"" invalid_token

    req "GET /api/tasks Authorization: Bearer (A's token), after B's"
    api token-A-again -H "Authorization: Bearer $A_TOKEN"
    check "A's token still: 200 user=$A_USER_ID" \
          [ "$CODE" = 200 -a "$BODY" = "user=$A_USER_ID" ]
    if [ "$KEYS" = request ]; then
        hits=$(( $(jwks_hits) - hits0 ))
        ans "A served its JWKS $hits time(s) in all (B's unknown kid may cause one refetch)"
        check "at most one refetch for B's unknown kid" [ "$hits" -le 2 ]
    fi

    say "  nginx's access log:"
    sed 's/^/      /' "$RUN/logs/access.log"
    say "  nginx's error log, the module's lines:"
    grep -i 'jwt' "$RUN/logs/error.log" | sed 's/^/      /' | tail -20

    stop_all
}

# ---------------------------------------------------------------- main

main() {
    local a i
    while [ $# -gt 0 ]; do
        case $1 in
        --issuer-only) ISSUER_ONLY=1 ;;
        --key-file) KEYS="file" ;;
        -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
        EdDSA|ES256|ES512|RS256|PS256) ALGS+=("$1") ;;
        *) die "unknown argument $1 (algorithms: EdDSA ES256 ES512 RS256 PS256)" ;;
        esac
        shift
    done
    if [ ${#ALGS[@]} = 0 ]; then
        for a in ${E2E_ALGS:-EdDSA ES256 ES512 RS256 PS256}; do
            case $a in
            EdDSA|ES256|ES512|RS256|PS256) ALGS+=("$a") ;;
            *) die "E2E_ALGS: unknown algorithm $a" ;;
            esac
        done
    fi
    # from here on, whatever happens, the last line says how it went
    trap on_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    if [ "$ISSUER_ONLY" = 0 ]; then e2e_preflight nginx; else e2e_preflight; fi
    [ $((PORT_BASE + 10 * ${#ALGS[@]})) -le 65535 ] || die "E2E_PORT_BASE is too high"
    say "algorithms: ${ALGS[*]}; ports from $PORT_BASE"

    i=0
    for ALG in "${ALGS[@]}"; do
        run_alg "$i"
        stop_all
        i=$((i + 1))
    done
}

main "$@"
