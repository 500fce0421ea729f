# t/e2e/e2e-lib.sh: what the end-to-end checks against Better Auth share
# (t/e2e/better-auth.sh, t/e2e/better-auth-cookies.sh source it): the
# settings from the environment, the output and its PASS/FAIL count, the
# processes started and their stopping, the installation of better-auth,
# a Better Auth server and nginx started in the background.
#
# The sourcing script sets SCRIPT (its name, for messages) first; the
# functions use the globals RUN (the run folder), NGX_PORT (nginx's port)
# and, for post_json, ORIGIN.  It calls e2e_preflight, then sets
# "trap on_exit EXIT" so that the last line is "N passed, M failed".

BETTER_AUTH_VERSION=1.7.25

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

abspath() {
    case $1 in
    /*) printf '%s\n' "$1" ;;
    *)  printf '%s\n' "$PWD/$1" ;;
    esac
}

NGINX=${NGINX_BIN:-/usr/sbin/nginx}
MODULE=$(abspath "${JWT_AUTH_MODULE:-$ROOT/build/nginx/objs/ngx_http_jwt_auth_module.so}")
E2E_DIR=$(abspath "${E2E_DIR:-$ROOT/build/e2e}")
NODE_MODULES=$E2E_DIR/node_modules
RUN_ROOT=$(abspath "${E2E_RUN_DIR:-$E2E_DIR}")
PORT_BASE=${E2E_PORT_BASE:-19300}
SERVER_JS=$HERE/better-auth-server.mjs
TOOL_JS=$HERE/jwt-tool.mjs
PASSWORD='e2e-Password-0123'

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
    BOLD=$'\e[1m' DIM=$'\e[2m' GREEN=$'\e[32m' RED=$'\e[31m' OFF=$'\e[0m'
else
    BOLD='' DIM='' GREEN='' RED='' OFF=''
fi

PASSED=0
FAILED=0
PIDS=()             # processes started and not yet stopped
NAMES=()            # their names, same order

# ---------------------------------------------------------------- output

say()  { printf '%s\n' "$*"; }
step() { printf '\n%s%s%s\n' "$BOLD" "$*" "$OFF"; }
req()  { printf '  %s-> %s%s\n' "$DIM" "$*" "$OFF"; }
ans()  { printf '  %s<- %s%s\n' "$DIM" "$*" "$OFF"; }
pass() { PASSED=$((PASSED + 1)); printf '  %sPASS%s %s\n' "$GREEN" "$OFF" "$*"; }
fail() { FAILED=$((FAILED + 1)); printf '  %sFAIL%s %s\n' "$RED" "$OFF" "$*"; }
die()  { printf '%s%s: %s%s\n' "$RED" "$SCRIPT" "$*" "$OFF" >&2; exit 1; }

# check DESCRIPTION COMMAND...: pass if the command succeeds
check() {
    local what=$1
    shift
    if "$@"; then pass "$what"; return 0; fi
    fail "$what"
    return 1
}

# the first LIMIT characters of a file or string, on one line
clip() {
    local s=$1 limit=${2:-300}
    s=${s//$'\r'/}
    s=${s//$'\n'/ }
    if [ "${#s}" -gt "$limit" ]; then s="${s:0:limit}..."; fi
    printf '%s' "$s"
}

# a token shown short: its first 24 and last 8 characters
short() {
    local t=$1
    if [ "${#t}" -gt 40 ]; then printf '%s...%s' "${t:0:24}" "${t: -8}"
    else printf '%s' "$t"; fi
}

tool() { node "$TOOL_JS" "$@"; }

# ------------------------------------------------------------- processes

alive() { kill -0 "$1" 2> /dev/null; }

# remember a process started in the background
track() { PIDS+=("$1"); NAMES+=("$2"); }

# stop every tracked process: TERM, then KILL after 5 s; waits for each
stop_all() {
    local i pid
    for i in "${!PIDS[@]}"; do
        pid=${PIDS[$i]}
        alive "$pid" && kill -TERM "$pid" 2> /dev/null
    done
    for i in "${!PIDS[@]}"; do
        pid=${PIDS[$i]}
        for _ in $(seq 50); do
            alive "$pid" || break
            sleep 0.1
        done
        if alive "$pid"; then
            say "  ${NAMES[$i]} (pid $pid) did not stop on TERM: killed"
            kill -KILL "$pid" 2> /dev/null
        fi
        wait "$pid" 2> /dev/null
    done
    PIDS=()
    NAMES=()
}

on_exit() {
    local rc=$?
    trap - EXIT INT TERM
    stop_all
    # a stop by a signal or an error outside the steps is a failure too
    if [ "$rc" != 0 ] && [ "$FAILED" = 0 ]; then FAILED=1; fi
    if [ "$PASSED$FAILED" = 00 ]; then FAILED=1; fi
    printf '\n%s passed, %s failed\n' "$PASSED" "$FAILED"
    [ "$FAILED" = 0 ] && exit 0
    exit 1
}

# is nothing listening on 127.0.0.1:PORT?
port_free() {
    ! (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null
}

# wait_http URL PID: until URL answers 200 (up to 30 s) while PID lives
wait_http() {
    local url=$1 pid=$2 i
    for i in $(seq 300); do
        alive "$pid" || return 2
        [ "$(curl -s --noproxy "*" -o /dev/null -w '%{http_code}' --max-time 2 "$url")" = 200 ] \
            && return 0
        sleep 0.1
    done
    return 1
}

# ------------------------------------------------------------ the issuer

need() {
    command -v "$1" > /dev/null 2>&1 || die "$1 is needed: $2"
}

install_better_auth() {
    local have
    have=$(node -p 'require(process.argv[1]).version' \
               "$NODE_MODULES/better-auth/package.json" 2> /dev/null)
    if [ "$have" = "$BETTER_AUTH_VERSION" ]; then
        say "better-auth $have (in $NODE_MODULES)"
        return 0
    fi
    say "installing better-auth@$BETTER_AUTH_VERSION into $E2E_DIR with npm"
    mkdir -p "$E2E_DIR"
    npm install --prefix "$E2E_DIR" --no-audit --no-fund --save-exact \
        "better-auth@$BETTER_AUTH_VERSION" \
        || die "npm install better-auth@$BETTER_AUTH_VERSION failed"
    have=$(node -p 'require(process.argv[1]).version' \
               "$NODE_MODULES/better-auth/package.json" 2> /dev/null)
    [ "$have" = "$BETTER_AUTH_VERSION" ] \
        || die "better-auth $BETTER_AUTH_VERSION is not in $NODE_MODULES after npm install"
}

# start_issuer NAME PORT ALG [ARG...]: a Better Auth server in the
# background, with more arguments of better-auth-server.mjs if given
start_issuer() {
    local name=$1 port=$2 alg=$3 pid rc
    shift 3
    req "start Better Auth $name: node better-auth-server.mjs --port $port --alg $alg${*:+ $*}"
    E2E_NODE_MODULES=$NODE_MODULES \
        node "$SERVER_JS" --port "$port" --alg "$alg" "$@" \
        > "$RUN/better-auth-$name.log" 2>&1 < /dev/null &
    pid=$!
    track "$pid" "Better Auth $name"
    wait_http "http://127.0.0.1:$port/api/auth/ok" "$pid"
    rc=$?
    if [ "$rc" = 0 ]; then
        pass "Better Auth $name is up on 127.0.0.1:$port (pid $pid, $alg)"
        return 0
    fi
    if [ "$rc" = 2 ]; then fail "Better Auth $name exited; its log:"
    else fail "Better Auth $name did not answer on :$port; its log:"; fi
    sed 's/^/      /' "$RUN/better-auth-$name.log" | tail -20
    return 1
}

# post_json URL JSON OUT [curl args...]: prints the status code; the
# Origin is ORIGIN, or the URL's own
post_json() {
    local url=$1 body=$2 out=$3
    shift 3
    curl -s --noproxy "*" -o "$out" -w '%{http_code}' --max-time 20 \
         -H 'content-type: application/json' \
         -H "origin: ${ORIGIN:-${url%%/api/*}}" \
         --data-binary "$body" "$@" "$url"
}

# fetch_jwks NAME PORT: GET /api/auth/jwks into $RUN/jwks-NAME.json
fetch_jwks() {
    local name=$1 port=$2 code ok
    req "GET http://127.0.0.1:$port/api/auth/jwks"
    code=$(curl -s --noproxy "*" -o "$RUN/jwks-$name.json" -w '%{http_code}' --max-time 20 \
                "http://127.0.0.1:$port/api/auth/jwks")
    ans "$code $(clip "$(cat "$RUN/jwks-$name.json")" 600)"
    ok=0
    [ "$code" = 200 ] && tool get keys.0.kid < "$RUN/jwks-$name.json" > /dev/null \
        2>&1 && ok=1
    check "JWKS of $name: 200 with keys" [ "$ok" = 1 ]
}

# ---------------------------------------------------------------- nginx

start_nginx() {
    local out pid rc
    req "$NGINX -p $RUN/ -c nginx.conf -t"
    out=$("$NGINX" -p "$RUN/" -c nginx.conf -e "$RUN/logs/error.log" -t 2>&1)
    rc=$?
    ans "$(clip "$out" 600)"
    check "nginx -t accepts the configuration" [ "$rc" = 0 ] || return 1

    req "$NGINX -p $RUN/ -c nginx.conf -g 'daemon off;' &"
    "$NGINX" -p "$RUN/" -c nginx.conf -e "$RUN/logs/error.log" \
        -g 'daemon off;' > "$RUN/logs/nginx.out" 2>&1 < /dev/null &
    pid=$!
    track "$pid" nginx
    wait_http "http://127.0.0.1:$NGX_PORT/up" "$pid"
    rc=$?
    if [ "$rc" = 0 ]; then
        pass "nginx is up on 127.0.0.1:$NGX_PORT (pid $pid)"
        return 0
    fi
    fail "nginx did not start; its error log:"
    tail -20 "$RUN/logs/error.log" "$RUN/logs/nginx.out" 2> /dev/null | sed 's/^/      /'
    return 1
}

# ------------------------------------------------------------ preflight

# e2e_preflight [nginx]: what is needed is there (with nginx: nginx and the
# module too), this run folder is this run's alone, better-auth installed
e2e_preflight() {
    case $PORT_BASE in
    ''|*[!0-9]*) die "E2E_PORT_BASE must be a number" ;;
    esac
    need node "Node.js 20 or later"
    need npm "npm, to install better-auth"
    need curl "curl"
    need flock "flock (util-linux)"
    node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' \
        || die "Node.js 20 or later is needed (this is $(node --version))"
    if [ "${1:-}" = nginx ]; then
        [ -x "$NGINX" ] || die "no nginx at $NGINX (NGINX_BIN)"
        [ -f "$MODULE" ] || die "no module at $MODULE: build it with make (or set JWT_AUTH_MODULE)"
    fi

    # one run at a time in a run folder
    mkdir -p "$RUN_ROOT" || die "cannot make $RUN_ROOT"
    exec 9> "$RUN_ROOT/.lock"
    flock -n 9 || die "another run is using $RUN_ROOT (set E2E_RUN_DIR and E2E_PORT_BASE)"

    install_better_auth
    say "node $(node --version), module $MODULE, nginx $NGINX"
}
