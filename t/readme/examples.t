# The configuration examples of README.md, as written there, in front of a
# stand-in backend (a second server on the test port, picked by the Host
# that proxy_pass sends).  If README changes, this file changes with it.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use JWTAuthKeys;
use Test::Nginx::Socket 'no_plan';

$ENV{TEST_NGINX_KEYS} //= KEYS;

$ENV{BETTER_AUTH_SECRET} = SECRET;

our $good = token(sub => 'user-42');
our $expired = token(sub => 'user-42', exp => now() - 600);

# the claims example: roles, scopes, an email
our $admin = token(sub => 'ann', role => 'admin', email => 'ann@example.com');
our $member = token(sub => 'bob', role => 'member', email => 'bob@example.com',
                    scope => 'tasks:read');
our $writer = token(sub => 'cid', role => 'member', scope => 'tasks:read tasks:write');

# Better Auth's session cookie: no sub, no typ, the user id inside
our $session = jwt_hs({ alg => 'HS256' },
    { session => { userId => 'ba-user-7', token => 'opaque' },
      user => { id => 'ba-user-7', email => 'eve@example.com' },
      exp => now() + 300 }, SECRET);

# Better Auth's JWT plugin: EdDSA with a kid, iss and aud the app's URL
our $ba_eddsa = jwt_pk('EdDSA', 'ed1.key', { kid => 'd1' },
    claims(sub => 'ba-user-1', iss => 'https://app.example.com',
           aud => 'https://app.example.com', exp => now() + 900));
our $ba_other_app = jwt_pk('EdDSA', 'ed1.key', { kid => 'd1' },
    claims(sub => 'ba-user-1', iss => 'https://app.example.com',
           aud => 'https://other.example.com', exp => now() + 900));
our $ba_other_key = jwt_pk('EdDSA', 'ed2.key', { kid => 'd1' },
    claims(sub => 'ba-user-1', iss => 'https://app.example.com',
           aud => 'https://app.example.com', exp => now() + 900));

# an OpenID Connect provider's RS256 token
our $oidc = jwt_pk('RS256', 'rsa1.key', { kid => 'r1' },
    claims(sub => 'oidc-user', iss => 'https://id.example.com/realms/main',
           aud => 'api'));
our $oidc_es = jwt_pk('ES256', 'ec256a.key', { kid => 'e1' },
    claims(sub => 'oidc-user', iss => 'https://id.example.com/realms/main',
           aud => 'api'));

# Keycloak's roles
our $reader = token(sub => 'kc-1',
                    realm_access => { roles => ['reports-reader', 'offline'] });
our $no_role = token(sub => 'kc-2', realm_access => { roles => ['offline'] });

# Revocation: a user's tokens of two sessions, issued a minute ago, and one
# issued at the time the sign-out example posts as its "before" (the
# Python example's int(time.time()) + 1)
our $signed_out_at = now() + 1;
our $rv_session_1 = token(sub => 'user-42', session => { id => 'sess-1' },
                          iat => now() - 60);
our $rv_session_2 = token(sub => 'user-42', session => { id => 'sess-2' },
                          iat => now() - 60);
our $rv_signed_in_again = token(sub => 'user-42',
                                session => { id => 'sess-3' },
                                iat => $signed_out_at);

# A number within 2 seconds of now + $offset, now being when the answer is
# matched: the times nginx gives entries (lifetime= after now)
sub near {
    my ($offset) = @_;
    return qr/(\d+)(?(?{ abs($^N - time() - $offset) <= 2 })|(*FAIL))/;
}

# The revocation example's state file (state=revoked.json: relative to
# the prefix, the server root) must not outlive its block: a store read
# from it would not start empty, and Test::Nginx removes the server root
# between blocks, which a file of its own there would stop.
sub forget_revocations {
    unlink server_root() . '/revoked.json';
}
add_block_preprocessor(\&forget_revocations);
add_test_cleanup_handler(\&forget_revocations);

# Better Auth's session cookie cache with the "jwe" strategy, made with
# better-auth 1.7.25 and SECRET (t/unit/jwe-fixtures.mjs; expires in 2125)
our $ba_jwe = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIiwia2lkIjoiV21xdlNZLW43QmFYalpxeEJUVkgtYUREeEM1RW8xYnhVVTVmZmIxMUNIUSJ9..t6Qtl5ZcR0Y25te9ItcE1A.6H9y4O6GDiSPt0REc2KE4KrUhWHyjMJ92jZTXki8qlTW3LiTSfiYG2R6Z19SevdKY-T6MnysHrxO6-3u-kc2JQnMkiXVkSMVVBYO_cFIQzyfi7Sj4aRmf7GXf4_IKQ6HlpOvTaViv1FBH2_9ocjt0zjgmahsbQFbL120tfR7mcPNRY1Wp72dp1prPU4vdRxqdc73f82psRMwj_TSfj0RzKBfDHvZ93S1JKboN4sO34Twky9lOAwpmPsXMUcub16cCYYcGXPkwK4f8Ip1jp-dzyaDxFb3tssdmNfpKIGJ4begrnzd1sQFG0aCzOltkKF6T57OpgacNDbS1nCLQk8pBwPkFX9XXeGAPZvGp7dKv0y7C0sNNhSmF-vqo0KEukKm1fnkMKzoJO6vRDqqXoXFwOqwyJVE_z8bveAvCvWKqk6EpnhvWVpK5orppm6wZ3WMiMfPUgJ_wQENARPl2tlDAIlE-oE_mucTpYKf4NGG772fKnv1_BxHPWN7qfWd1fZlaeOViUmkwgjNdgt5iSvTrNuevz69ZEwBzN_mk3Ga5v4eaU7myc9eezMYbwihwvQN5FwVmSeOcvS_HRaXKLNFDpO0xpc1lbMDkUjkDp6oQZr2bJBL3f223oqghSiuajaIwmaAFxF2Sf0fniJ5Q8QihxglcY8ALtF-u9cR9TreJBk.D2WzognBDZngR2CYDJbnxRik2WuV1dJesqI3lkPYOEw';

# the jwt() plugin's own session cookie cache: its typ and audience
our $ba_session_cache = jwt_pk('EdDSA', 'ed1.key',
    { kid => 'd1', typ => 'better-auth.session-cache+jwt' },
    claims(sub => 'ba-user-1', iss => 'https://app.example.com',
           aud => 'better-auth:session-cache', exp => now() + 300));
our $ba_cache_no_typ = jwt_pk('EdDSA', 'ed1.key', { kid => 'd1' },
    claims(sub => 'ba-user-1', iss => 'https://app.example.com',
           aud => 'better-auth:session-cache', exp => now() + 300));

run_tests();

__DATA__

=== TEST 1: the task API: no token gets the bare challenge
--- http_config
    jwt_auth_secret env=BETTER_AUTH_SECRET;

    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            return 200 "backend $request_uri user=$http_x_user_id\n";
        }
    }
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://backend;
    }

    location /api/auth/ {
        proxy_pass http://backend;
    }
--- request
GET /api/tasks
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks"
--- error_log
jwt_auth: rejected, missing_token: no token
--- no_error_log
[error]



=== TEST 2: the task API: an expired token is refused with the reason
--- http_config
    jwt_auth_secret env=BETTER_AUTH_SECRET;

    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            return 200 "backend $request_uri user=$http_x_user_id\n";
        }
    }
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://backend;
    }

    location /api/auth/ {
        proxy_pass http://backend;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::expired"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token has expired"
--- error_log
jwt_auth: rejected, expired: token has expired
--- no_error_log
[error]



=== TEST 3: the task API: a valid token reaches the backend with its sub, the client's X-User-Id is gone
--- http_config
    jwt_auth_secret env=BETTER_AUTH_SECRET;

    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            return 200 "backend $request_uri user=$http_x_user_id\n";
        }
    }
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://backend;
    }

    location /api/auth/ {
        proxy_pass http://backend;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good\r\nX-User-Id: someone-else"
--- response_body
backend /api/tasks user=user-42
--- no_error_log
[error]



=== TEST 4: the task API: the sign-in routes are public
--- http_config
    jwt_auth_secret env=BETTER_AUTH_SECRET;

    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            return 200 "backend $request_uri user=$http_x_user_id\n";
        }
    }
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://backend;
    }

    location /api/auth/ {
        proxy_pass http://backend;
    }
--- request
POST /api/auth/signin
{"email":"a@example.com"}
--- response_body
backend /api/auth/signin user=
--- no_error_log
[error]



=== TEST 5: JSON bodies for API clients, with the reason and the challenge
--- http_config
    jwt_auth_secret env=BETTER_AUTH_SECRET;

    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            return 200 "backend $request_uri user=$http_x_user_id\n";
        }
    }
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        error_page 401 /401.json;
        proxy_pass http://backend;
    }

    location = /401.json {
        internal;
        default_type application/json;
        return 401 '{"error":"unauthorized","reason":"$jwt_auth_error"}\n';
    }
--- request eval
["GET /api/tasks", "GET /api/tasks", "GET /api/tasks"]
--- more_headers eval
["", "Authorization: Bearer $::expired", "Authorization: Bearer $::good"]
--- error_code eval
[401, 401, 200]
--- response_headers eval
[
    "WWW-Authenticate: Bearer realm=\"tasks\"\nContent-Type: application/json",
    "WWW-Authenticate: Bearer realm=\"tasks\", error=\"invalid_token\", error_description=\"token has expired\"\nContent-Type: application/json",
    "!WWW-Authenticate",
]
--- response_body eval
[
    qq({"error":"unauthorized","reason":"missing_token"}\n),
    qq({"error":"unauthorized","reason":"expired"}\n),
    "backend /api/tasks user=user-42\n",
]
--- no_error_log
[error]



=== TEST 6: CORS preflight passes without a token, other methods need one
--- http_config
    jwt_auth_secret env=BETTER_AUTH_SECRET;

    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            return 200 "backend $request_method user=$http_x_user_id\n";
        }
    }
--- config
    location /api/ {
        limit_except OPTIONS {
            jwt_auth "tasks";
        }
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://backend;
    }
--- request eval
["OPTIONS /api/tasks", "DELETE /api/tasks/1", "DELETE /api/tasks/1"]
--- more_headers eval
["X-User-Id: forged", "", "Authorization: Bearer $::good\r\nX-User-Id: forged"]
--- error_code eval
[200, 401, 200]
--- response_body_like eval
["^backend OPTIONS user=\$", "<html>.*\\b401\\b", "^backend DELETE user=user-42\$"]
--- no_error_log
[error]



=== TEST 7: an allow-listed network or a valid token
--- http_config
    jwt_auth_secret env=BETTER_AUTH_SECRET;

    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            return 200 "backend $request_uri\n";
        }
    }
--- config
    location /internal/ {
        satisfy any;
        allow 10.0.0.0/8;
        deny all;
        jwt_auth "internal";
        proxy_pass http://backend;
    }
--- request eval
["GET /internal/stats", "GET /internal/stats"]
--- more_headers eval
["", "Authorization: Bearer $::good"]
--- error_code eval
[401, 200]
--- response_headers eval
["WWW-Authenticate: Bearer realm=\"internal\"", "!WWW-Authenticate"]
--- response_body_like eval
["<html>.*\\b401\\b", "^backend /internal/stats\$"]
--- no_error_log
[error]



=== TEST 8: claims for routing and policy: admins only, with a 403 for others
--- http_config
    jwt_auth_secret env=BETTER_AUTH_SECRET;

    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            return 200 "backend $request_method $request_uri user=$http_x_user_id email=$http_x_user_email\n";
        }
    }

    map $jwt_claim_role $is_admin {
        admin    1;
        default  0;
    }

    limit_req_zone $jwt_auth_user zone=per_user:10m rate=1r/s;

    log_format jwt '$remote_addr $jwt_auth_user "$request" $status '
                   '$jwt_auth_error';
--- config
    access_log logs/api.log jwt;

    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        jwt_auth_set_header X-User-Email email;
        limit_req zone=per_user burst=5 nodelay;
        proxy_pass http://backend;

        location /api/admin/ {
            jwt_auth_require $is_admin error=403;
            proxy_pass http://backend;
        }

        location /api/tasks/ {
            limit_except GET {
                jwt_auth_require_claim scope tasks:write;
            }
            proxy_pass http://backend;
        }
    }
--- request eval
["GET /api/admin/users", "GET /api/admin/users"]
--- more_headers eval
["Authorization: Bearer $::admin", "Authorization: Bearer $::member"]
--- error_code eval
[200, 403]
--- response_headers eval
["!WWW-Authenticate",
 "WWW-Authenticate: Bearer realm=\"tasks\", error=\"insufficient_scope\", error_description=\"requirement \$is_admin is not met\""]
--- response_body_like eval
["^backend GET /api/admin/users user=ann email=ann\@example.com\$", "<html>.*\\b403\\b"]
--- no_error_log
[error]



=== TEST 9: claims for routing and policy: writes need the tasks:write scope, reads do not
--- http_config
    jwt_auth_secret env=BETTER_AUTH_SECRET;

    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            return 200 "backend $request_method $request_uri user=$http_x_user_id email=$http_x_user_email\n";
        }
    }

    map $jwt_claim_role $is_admin {
        admin    1;
        default  0;
    }

    limit_req_zone $jwt_auth_user zone=per_user:10m rate=1r/s;

    log_format jwt '$remote_addr $jwt_auth_user "$request" $status '
                   '$jwt_auth_error';
--- config
    access_log logs/api.log jwt;

    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        jwt_auth_set_header X-User-Email email;
        limit_req zone=per_user burst=5 nodelay;
        proxy_pass http://backend;

        location /api/admin/ {
            jwt_auth_require $is_admin error=403;
            proxy_pass http://backend;
        }

        location /api/tasks/ {
            limit_except GET {
                jwt_auth_require_claim scope tasks:write;
            }
            proxy_pass http://backend;
        }
    }
--- request eval
["GET /api/tasks/1", "POST /api/tasks/1", "POST /api/tasks/1"]
--- more_headers eval
["Authorization: Bearer $::member", "Authorization: Bearer $::member",
 "Authorization: Bearer $::writer"]
--- error_code eval
[200, 403, 200]
--- response_body_like eval
["^backend GET /api/tasks/1 user=bob email=bob\@example.com\$", "<html>.*\\b403\\b",
 "^backend POST /api/tasks/1 user=cid email=\$"]
--- no_error_log
[error]



=== TEST 10: claims for routing and policy: one user over the limit does not slow another
--- http_config
    jwt_auth_secret env=BETTER_AUTH_SECRET;

    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            return 200 "backend $request_method $request_uri user=$http_x_user_id email=$http_x_user_email\n";
        }
    }

    map $jwt_claim_role $is_admin {
        admin    1;
        default  0;
    }

    limit_req_zone $jwt_auth_user zone=per_user:10m rate=1r/s;

    log_format jwt '$remote_addr $jwt_auth_user "$request" $status '
                   '$jwt_auth_error';
--- config
    access_log logs/api.log jwt;

    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        jwt_auth_set_header X-User-Email email;
        limit_req zone=per_user burst=5 nodelay;
        proxy_pass http://backend;

        location /api/admin/ {
            jwt_auth_require $is_admin error=403;
            proxy_pass http://backend;
        }

        location /api/tasks/ {
            limit_except GET {
                jwt_auth_require_claim scope tasks:write;
            }
            proxy_pass http://backend;
        }
    }

    location = /log {
        alias logs/api.log;
    }
--- request eval
[("GET /api/notes") x 8, "GET /log"]
--- more_headers eval
[("Authorization: Bearer $::member") x 7, "Authorization: Bearer $::admin", ""]
--- error_code eval
[200, 200, 200, 200, 200, 200, 503, 200, 200]
--- response_body_like eval
[("^backend GET /api/notes user=bob email=bob\@example.com\$") x 6,
 "503 Service Temporarily Unavailable",
 "^backend GET /api/notes user=ann email=ann\@example.com\$",
 "127.0.0.1 bob \"GET /api/notes HTTP/1.1\" 503 \n.*127.0.0.1 ann \"GET /api/notes HTTP/1.1\" 200 \n"]
--- no_error_log
[alert]
[crit]



=== TEST 11: Better Auth's session cookie: the token from better-auth.session_data (also __Secure- and in chunks), the user at session.userId
--- http_config
    jwt_auth_secret env=BETTER_AUTH_SECRET;

    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            return 200 "backend $request_uri user=$http_x_user_id\n";
        }
    }
--- config
    location /app/ {
        jwt_auth "app" cookie=better-auth.session_data;
        jwt_auth_user_claim session.userId;
        jwt_auth_set_header X-User-Id session.userId;
        proxy_pass http://backend;
    }
--- request eval
["GET /app/board", "GET /app/board", "GET /app/board", "GET /app/board"]
--- more_headers eval
["Cookie: theme=dark; better-auth.session_data=$::session; other=1\nX-User-Id: forged",
 "Cookie: theme=dark; __Secure-better-auth.session_data=$::session",
 "Cookie: better-auth.session_data.1=" . substr($::session, 100)
     . "; better-auth.session_data.0=" . substr($::session, 0, 100),
 "Cookie: theme=dark"]
--- error_code eval
[200, 200, 200, 401]
--- response_body_like eval
[("^backend /app/board user=ba-user-7\$") x 3, "<html>.*\\b401\\b"]
--- response_headers eval
[("!WWW-Authenticate") x 3, "WWW-Authenticate: Bearer realm=\"app\""]
--- no_error_log
[error]



=== TEST 12: Keycloak's realm roles: a required role, and the roles passed on
--- http_config
    jwt_auth_secret env=BETTER_AUTH_SECRET;

    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            return 200 "backend $request_uri roles=$http_x_roles\n";
        }
    }

    jwt_auth_claim_set $jwt_roles realm_access roles;
--- config
    location /reports/ {
        jwt_auth "reports";
        jwt_auth_require_claim realm_access.roles reports-reader;
        proxy_set_header X-Roles $jwt_roles;
        proxy_pass http://backend;
    }
--- request eval
["GET /reports/q3", "GET /reports/q3"]
--- more_headers eval
["Authorization: Bearer $::reader", "Authorization: Bearer $::no_role"]
--- error_code eval
[200, 403]
--- response_body_like eval
["^backend /reports/q3 roles=reports-reader,offline\$", "<html>.*\\b403\\b"]
--- response_headers eval
["!WWW-Authenticate",
 "WWW-Authenticate: Bearer realm=\"reports\", error=\"insufficient_scope\", error_description=\"claim realm_access.roles has no accepted value\""]
--- no_error_log
[error]



=== TEST 13: Better Auth's JWKS: fetched through /_jwks, iss and aud checked
--- http_config
    upstream better_auth {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name better_auth;
        location = /api/auth/jwks {
            default_type application/json;
            alias $TEST_NGINX_KEYS/several.jwks;
        }
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            return 200 "backend $request_uri user=$http_x_user_id\n";
        }
    }
--- config
    location = /_jwks {
        internal;
        proxy_pass http://better_auth/api/auth/jwks;
    }

    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        jwt_auth_issuer https://app.example.com;
        jwt_auth_audience https://app.example.com;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://backend;
    }
--- request eval
["GET /api/tasks", "GET /api/tasks", "GET /api/tasks"]
--- more_headers eval
["Authorization: Bearer $::ba_eddsa", "Authorization: Bearer $::ba_other_app",
 "Authorization: Bearer $::ba_other_key"]
--- error_code eval
[200, 401, 401]
--- response_headers eval
["!WWW-Authenticate",
 "WWW-Authenticate: Bearer realm=\"tasks\", error=\"invalid_token\", error_description=\"audience is not accepted\"",
 "WWW-Authenticate: Bearer realm=\"tasks\", error=\"invalid_token\", error_description=\"signature does not verify\""]
--- response_body_like eval
["^backend /api/tasks user=ba-user-1\$", "<html>.*\\b401\\b",
 "<html>.*\\b401\\b"]
--- no_error_log
[error]
[warn]



=== TEST 14: an OpenID Connect provider's keys from a file, RS256 only
--- http_config
    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            return 200 "backend $request_uri user=$http_x_user_id\n";
        }
    }
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_key_file $TEST_NGINX_KEYS/several.jwks;
        jwt_auth_algorithms RS256;
        jwt_auth_issuer https://id.example.com/realms/main;
        jwt_auth_audience api;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://backend;
    }
--- request eval
["GET /api/reports", "GET /api/reports"]
--- more_headers eval
["Authorization: Bearer $::oidc", "Authorization: Bearer $::oidc_es"]
--- error_code eval
[200, 401]
--- response_headers eval
["!WWW-Authenticate",
 "WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\", error_description=\"alg is not allowed here\""]
--- response_body_like eval
["^backend /api/reports user=oidc-user\$", "<html>.*\\b401\\b"]
--- no_error_log
[error]



=== TEST 15: auth_request into a jwt_auth location that ends with try_files =204: an admin passes, a member gets 403, no token 401
--- http_config
    jwt_auth_secret env=BETTER_AUTH_SECRET;

    upstream app {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name app;
        location / {
            return 200 "app $request_uri\n";
        }
    }
--- config
    location /app/ {
        auth_request /_auth;
        proxy_pass http://app;
    }

    location = /_auth {
        internal;
        jwt_auth "app";
        jwt_auth_require_claim role admin;
        try_files /nonexistent =204;
    }
--- request eval
["GET /app/reports", "GET /app/reports", "GET /app/reports"]
--- more_headers eval
["Authorization: Bearer $::admin", "Authorization: Bearer $::member", ""]
--- error_code eval
[200, 403, 401]
--- response_body_like eval
["^app /app/reports\n\\z", "<html>.*\\b403\\b", "<html>.*\\b401\\b"]
--- response_headers eval
["!WWW-Authenticate", "", 'WWW-Authenticate: Bearer realm="app"']



=== TEST 16: revocation: the backend's sign-out posts the session (no exp: lifetime=7d), and the session's token is refused from the next request on while the user's other session passes; "sign out everywhere" ({"sub", "before"} as the FastAPI example posts it) refuses that one too, not a token issued since; GET lists both entries
--- http_config
    jwt_auth_secret env=BETTER_AUTH_SECRET;

    jwt_auth_revocation zone=revoked:10m state=revoked.json lifetime=7d
                        session=session.id;

    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            return 200 "backend $request_uri user=$http_x_user_id\n";
        }
    }
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://backend;
    }

    location = /_revocations {
        allow 127.0.0.1;
        deny all;
        jwt_auth_revocation_api revoked;
    }
--- request eval
["GET /api/tasks", "POST /_revocations\n{\"session\": \"sess-1\"}",
 "GET /api/tasks", "GET /api/tasks",
 "POST /_revocations\n{\"sub\": \"user-42\", \"before\": $::signed_out_at}",
 "GET /api/tasks", "GET /api/tasks", "GET /_revocations"]
--- more_headers eval
["Authorization: Bearer $::rv_session_1", "Content-Type: application/json",
 "Authorization: Bearer $::rv_session_1",
 "Authorization: Bearer $::rv_session_2", "Content-Type: application/json",
 "Authorization: Bearer $::rv_session_2",
 "Authorization: Bearer $::rv_signed_in_again", ""]
--- error_code eval
[200, 200, 401, 200, 200, 401, 200, 200]
--- response_headers eval
["!WWW-Authenticate", "Content-Type: application/json",
 "WWW-Authenticate: Bearer realm=\"tasks\", error=\"invalid_token\", error_description=\"token has been revoked\"",
 "!WWW-Authenticate", "Content-Type: application/json",
 "WWW-Authenticate: Bearer realm=\"tasks\", error=\"invalid_token\", error_description=\"token has been revoked\"",
 "!WWW-Authenticate", "Content-Type: application/json"]
--- response_body eval
["backend /api/tasks user=user-42\n", "{\"stored\":1,\"expired\":0}\n",
 qr/<html>.*\b401\b/s, "backend /api/tasks user=user-42\n",
 "{\"stored\":1,\"expired\":0}\n", qr/<html>.*\b401\b/s,
 "backend /api/tasks user=user-42\n",
 qr/\A\{"entries":\[\{"session":"sess-1","exp":${\ ::near(7 * 86400)}\},
    \{"sub":"user-42","before":$::signed_out_at,
    "exp":${\ ($::signed_out_at + 7 * 86400)}\}\],"count":2\}\n\z/x]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 17: Better Auth's session cookie cache, strategy jwe: decrypted with the key derived from BETTER_AUTH_SECRET, the user at session.userId
--- http_config
    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            return 200 "backend $request_uri user=$http_x_user_id\n";
        }
    }
--- config
    location /app/ {
        jwt_auth "app" cookie=better-auth.session_data;
        jwt_auth_type encrypted;
        jwt_auth_jwe_key env=BETTER_AUTH_SECRET better-auth;
        jwt_auth_user_claim session.userId;
        jwt_auth_set_header X-User-Id session.userId;
        proxy_pass http://backend;
    }
--- request eval
["GET /app/board", "GET /app/board"]
--- more_headers eval
["Cookie: better-auth.session_data=$::ba_jwe",
 "Cookie: better-auth.session_data=$::session"]
--- error_code eval
[200, 401]
--- response_body_like eval
["^backend /app/board user=user-1\$", "<html>.*\\b401\\b"]
--- response_headers eval
["!WWW-Authenticate",
 "WWW-Authenticate: Bearer realm=\"app\", error=\"invalid_token\", error_description=\"a signed token (JWS), where jwt_auth_type is encrypted or nested\""]
--- no_error_log
[error]



=== TEST 18: Better Auth's jwt() plugin session cookie cache: its audience and typ; a bearer token as the cookie is refused, as is a token of that audience without the typ
--- http_config
    upstream better_auth {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name better_auth;
        location = /api/auth/jwks {
            default_type application/json;
            alias $TEST_NGINX_KEYS/several.jwks;
        }
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            return 200 "backend $request_uri user=$http_x_user_id\n";
        }
    }

    map $jwt_header_typ $better_auth_session_cache {
        "better-auth.session-cache+jwt"  1;
    }
--- config
    location = /_jwks {
        internal;
        proxy_pass http://better_auth/api/auth/jwks;
    }

    location /app/ {
        jwt_auth "app" cookie=better-auth.session_data;
        jwt_auth_key_request /_jwks;
        jwt_auth_issuer https://app.example.com;
        jwt_auth_audience better-auth:session-cache;
        jwt_auth_require $better_auth_session_cache;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://backend;
    }
--- request eval
["GET /app/board", "GET /app/board", "GET /app/board"]
--- more_headers eval
["Cookie: better-auth.session_data=$::ba_session_cache",
 "Cookie: better-auth.session_data=$::ba_eddsa",
 "Cookie: better-auth.session_data=$::ba_cache_no_typ"]
--- error_code eval
[200, 401, 401]
--- response_body_like eval
["^backend /app/board user=ba-user-1\$", "<html>.*\\b401\\b",
 "<html>.*\\b401\\b"]
--- response_headers eval
["!WWW-Authenticate",
 "WWW-Authenticate: Bearer realm=\"app\", error=\"invalid_token\", error_description=\"audience is not accepted\"",
 "WWW-Authenticate: Bearer realm=\"app\", error=\"invalid_token\", error_description=\"requirement \$better_auth_session_cache is not met\""]
--- no_error_log
[error]



=== TEST 19: CORS on nginx's own 401 and 403 only: the allowed origin, WWW-Authenticate exposed, a JSON body; the backend's answers and preflights without nginx's CORS headers; another origin gets none
--- http_config
    upstream backend {
        server 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }

    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name backend;
        location / {
            add_header Access-Control-Allow-Origin https://app.example.com;
            return 200 "backend $request_method user=$http_x_user_id\n";
        }
    }

    map $http_origin $cors_origin {
        "https://app.example.com"  $http_origin;
    }
--- config
    location /api/ {
        limit_except OPTIONS {
            jwt_auth "tasks";
        }
        jwt_auth_secret env=BETTER_AUTH_SECRET;
        jwt_auth_set_header X-User-Id sub;
        error_page 401 = @api_401;
        error_page 403 = @api_403;
        proxy_pass http://backend;

        location /api/admin/ {
            limit_except OPTIONS {
                jwt_auth "tasks";
            }
            jwt_auth_require_claim role admin;
            proxy_pass http://backend;
        }
    }

    location @api_401 {
        add_header Access-Control-Allow-Origin $cors_origin always;
        add_header Access-Control-Expose-Headers WWW-Authenticate always;
        add_header Vary Origin always;
        return 401 '{"error":"unauthorized","reason":"$jwt_auth_error"}\n';
    }

    location @api_403 {
        add_header Access-Control-Allow-Origin $cors_origin always;
        add_header Access-Control-Expose-Headers WWW-Authenticate always;
        add_header Vary Origin always;
        return 403 '{"error":"forbidden","reason":"$jwt_auth_error"}\n';
    }
--- request eval
["GET /api/tasks", "GET /api/tasks", "OPTIONS /api/tasks", "GET /api/admin/x",
 "GET /api/tasks"]
--- more_headers eval
["Origin: https://app.example.com",
 "Origin: https://app.example.com\nAuthorization: Bearer $::member",
 "Origin: https://app.example.com",
 "Origin: https://app.example.com\nAuthorization: Bearer $::member",
 "Origin: https://evil.example.com"]
--- error_code eval
[401, 200, 200, 403, 401]
--- response_headers eval
["Access-Control-Allow-Origin: https://app.example.com\nAccess-Control-Expose-Headers: WWW-Authenticate\nWWW-Authenticate: Bearer realm=\"tasks\"",
 "Access-Control-Allow-Origin: https://app.example.com\n!Access-Control-Expose-Headers",
 "Access-Control-Allow-Origin: https://app.example.com\n!Access-Control-Expose-Headers",
 "Access-Control-Allow-Origin: https://app.example.com\nWWW-Authenticate: Bearer realm=\"tasks\", error=\"insufficient_scope\", error_description=\"claim role has no accepted value\"",
 "!Access-Control-Allow-Origin\nWWW-Authenticate: Bearer realm=\"tasks\""]
--- response_body eval
["{\"error\":\"unauthorized\",\"reason\":\"missing_token\"}\n",
 "backend GET user=bob\n", "backend OPTIONS user=\n",
 "{\"error\":\"forbidden\",\"reason\":\"require_claim:role\"}\n",
 "{\"error\":\"unauthorized\",\"reason\":\"missing_token\"}\n"]
--- no_error_log
[error]
