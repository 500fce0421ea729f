# An internal redirect (index, try_files, error_page) does not verify the
# token again when the new location verifies with the same keys and
# policy (its verifier): the check of the first location stands, and the
# new location's own requirements and identity headers still apply.  A
# location with other keys, or another token source, checks afresh.
#
# How a block sees the number of verifications: the debug log line
# "jwt_auth: verifying the token" of each signature check, counted with
# grep_error_log; and, within one location, $jwt_auth_cache_status (a
# token verified in full is put into the cache, so a second verification
# in the same request would find it there and say HIT).  Where the new
# location answers, it does so after the access phase (a file, a proxied
# upstream): "return" would answer in the rewrite phase, before any check.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

our $user = token(sub => 'user-1', role => 'user');
our $admin = token(sub => 'admin-1', role => 'admin');
our $other = jwt_hs({ alg => 'HS256' }, claims(sub => 'other-1'),
                    OTHER_SECRET);

add_block_preprocessor(\&jwt_auth_defaults);
no_shuffle();
no_root_location();
run_tests();

__DATA__

=== TEST 1: index: GET / is verified once (MISS), the same token again is a cache hit
--- http_config
    jwt_auth_cache zone=redirect:1m;
--- config
    location / {
        jwt_auth "api";
        index index.html;
        add_header X-Cache $jwt_auth_cache_status always;
        add_header X-User $jwt_auth_user always;
    }
--- user_files
>>> index.html
hello
--- request eval
["GET /", "GET /"]
--- more_headers eval
["Authorization: Bearer $::user", "Authorization: Bearer $::user"]
--- response_body eval
["hello\n", "hello\n"]
--- response_headers eval
["X-Cache: MISS\nX-User: user-1", "X-Cache: HIT\nX-User: user-1"]



=== TEST 2: index without the cache: one verification for GET / and its redirect to /index.html
--- config
    location / {
        jwt_auth "api";
        index index.html;
    }
--- user_files
>>> index.html
hello
--- more_headers eval
"Authorization: Bearer $::user"
--- request
GET /
--- response_body
hello
--- error_log
internal redirect: "/index.html?"
--- grep_error_log: jwt_auth: verifying the token
--- grep_error_log_out
jwt_auth: verifying the token



=== TEST 3: try_files to a named location with a requirement of its own: the requirement applies, the token is not verified again
--- http_config
    jwt_auth_cache zone=redirect:1m;
--- config
    location /api/ {
        jwt_auth "api";
        try_files /nonexistent @admin;
    }
    location @admin {
        jwt_auth "api";
        jwt_auth_require_claim role admin;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        rewrite ^ /echo/ break;
        proxy_pass http://unix:$TEST_NGINX_SERVER_ROOT/logs/echo.sock;
    }
--- request eval
["GET /api/x", "GET /api/x"]
--- more_headers eval
["Authorization: Bearer $::admin", "Authorization: Bearer $::user"]
--- error_code eval
[200, 403]
--- response_body_like eval
["^user=admin-1\n\\z", "<html>.*\\b403\\b"]
--- response_headers eval
["X-Cache: MISS", "X-Cache: MISS"]



=== TEST 4: try_files to a named location with a requirement of its own: one verification
--- config
    location /api/ {
        jwt_auth "api";
        try_files /nonexistent @admin;
    }
    location @admin {
        jwt_auth "api";
        jwt_auth_require_claim role admin;
        jwt_auth_set_header X-User-Id sub;
        rewrite ^ /echo/ break;
        proxy_pass http://unix:$TEST_NGINX_SERVER_ROOT/logs/echo.sock;
    }
--- more_headers eval
"Authorization: Bearer $::admin"
--- request
GET /api/x
--- response_body
user=admin-1
--- grep_error_log: jwt_auth: verifying the token
--- grep_error_log_out
jwt_auth: verifying the token



=== TEST 5: error_page: the error page, under the same jwt_auth, is checked without a second verification
--- http_config
    jwt_auth_cache zone=redirect:1m;
--- config
    jwt_auth "api";
    location /docs/ {
        error_page 404 /not-found.html;
    }
    location = /not-found.html {
        add_header X-Cache $jwt_auth_cache_status always;
        add_header X-User $jwt_auth_user always;
    }
--- user_files
>>> not-found.html
no such page
--- more_headers eval
"Authorization: Bearer $::user"
--- request
GET /docs/missing
--- error_code: 404
--- response_body
no such page
--- response_headers
X-Cache: MISS
X-User: user-1
--- grep_error_log: jwt_auth: verifying the token
--- grep_error_log_out
jwt_auth: verifying the token



=== TEST 6: a redirect to a location with other keys verifies afresh, with its keys
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        jwt_auth_secret "some-other-secret-of-32-bytes-xx";
        try_files /nonexistent @other;
    }
    location @other {
        jwt_auth "other";
        jwt_auth_secret "some-other-secret-of-32-bytes-xx";
        jwt_auth_set_header X-User-Id sub;
        rewrite ^ /echo/ break;
        proxy_pass http://unix:$TEST_NGINX_SERVER_ROOT/logs/echo.sock;
    }
--- request eval
["GET /api/x", "GET /api/x"]
--- more_headers eval
["Authorization: Bearer $::user", "Authorization: Bearer $::other"]
--- error_code eval
[401, 200]
--- response_body_like eval
["<html>.*\\b401\\b", "^user=other-1\n\\z"]
--- response_headers eval
['WWW-Authenticate: Bearer realm="other", error="invalid_token", error_description="signature does not verify"', "!WWW-Authenticate"]



=== TEST 7: a redirect to a location with other keys: one verification in each
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        jwt_auth_secret "some-other-secret-of-32-bytes-xx";
        try_files /nonexistent @other;
    }
    location @other {
        jwt_auth "other";
        jwt_auth_secret "some-other-secret-of-32-bytes-xx";
        jwt_auth_set_header X-User-Id sub;
        rewrite ^ /echo/ break;
        proxy_pass http://unix:$TEST_NGINX_SERVER_ROOT/logs/echo.sock;
    }
--- more_headers eval
"Authorization: Bearer $::other"
--- request
GET /api/x
--- response_body
user=other-1
--- grep_error_log: jwt_auth: verifying the token
--- grep_error_log_out
jwt_auth: verifying the token
jwt_auth: verifying the token



=== TEST 8: a redirect to a location that takes the token from elsewhere checks that token
--- config
    location /api/ {
        jwt_auth "api";
        try_files /nonexistent @cookie;
    }
    location @cookie {
        jwt_auth "cookie" token=$cookie_session;
        jwt_auth_set_header X-User-Id sub;
        rewrite ^ /echo/ break;
        proxy_pass http://unix:$TEST_NGINX_SERVER_ROOT/logs/echo.sock;
    }
--- request eval
["GET /api/x", "GET /api/x"]
--- more_headers eval
["Authorization: Bearer $::user\nCookie: session=$::admin",
 "Authorization: Bearer $::user\nCookie: session=a.b.c"]
--- error_code eval
[200, 401]
--- response_body_like eval
["^user=admin-1\n\\z", "<html>.*\\b401\\b"]



=== TEST 9: the identity headers of the new location come from the token verified before the redirect
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_set_header X-User-Id sub;
        try_files /nonexistent @backend;
    }
    location @backend {
        jwt_auth "api";
        jwt_auth_set_header X-User-Role role;
        rewrite ^ /echo/ break;
        proxy_pass http://unix:$TEST_NGINX_SERVER_ROOT/logs/echo.sock;
    }
    location = /echo/ {
        return 200 "role=$http_x_user_role\n";
    }
--- more_headers eval
"Authorization: Bearer $::admin\nX-User-Role: root"
--- request
GET /api/x
--- response_body
role=admin



=== TEST 10: on a cache hit, the new location's identity headers and claims come from the token itself: X-User-Role and $jwt_claim_role after the redirect are the same on the HIT as on the MISS
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_cache zone=redirect:1m;
        jwt_auth_set_header X-User-Id sub;
        try_files /nonexistent @backend;
    }
    location @backend {
        jwt_auth "api";
        jwt_auth_cache zone=redirect:1m;
        jwt_auth_set_header X-User-Role role;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_set_header X-Claim-Role $jwt_claim_role;
        rewrite ^ /echo/ break;
        proxy_pass http://unix:$TEST_NGINX_SERVER_ROOT/logs/echo.sock;
    }
    location = /echo/ {
        return 200 "role=$http_x_user_role claim=$http_x_claim_role\n";
    }
--- request eval
["GET /api/x", "GET /api/y"]
--- more_headers eval
[("Authorization: Bearer $::admin\nX-User-Role: root") x 2]
--- response_headers eval
["X-Cache: MISS", "X-Cache: HIT"]
--- response_body eval
[("role=admin claim=admin\n") x 2]
--- no_error_log
[error]
