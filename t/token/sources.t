# Where the token comes from: "Authorization: Bearer <token>" (the scheme
# in any case, spaces after it tolerated; other schemes are no token at
# all), or the variable of token= (a cookie, an argument, a header, a map
# over the Cookie header, a variable set in the rewrite phase), which then
# is the only source.  An absent or empty token is missing_token: 401 with
# the realm alone in the challenge.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

our $good = token();
our $bad = jwt_hs({ alg => 'HS256' }, claims(), OTHER_SECRET);

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: the Bearer scheme in lower, upper and mixed case
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: bearer $::good", "Authorization: BEARER $::good", "Authorization: bEaReR $::good"]
--- error_code eval
[200, 200, 200]
--- response_body eval
["user=user-1\n", "user=user-1\n", "user=user-1\n"]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 2: several spaces between the scheme and the token, and after it
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer     $::good    "
--- response_body
user=user-1
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 3: no Authorization header: missing_token, the realm alone in the challenge
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
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
[alert]
[crit]



=== TEST 4: Basic credentials are no bearer token: missing_token
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers
Authorization: Basic dXNlcjpwYXNzd29yZA==
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks"
--- error_log
jwt_auth: rejected, missing_token: no token
--- no_error_log
[error]
[alert]
[crit]



=== TEST 5: another scheme carrying a valid token is no bearer token: missing_token
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Token $::good"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks"
--- error_log
jwt_auth: rejected, missing_token: no token
--- no_error_log
[error]
[alert]
[crit]



=== TEST 6: "Bearer" glued to the token is no bearer token: missing_token
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer$::good"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks"
--- error_log
jwt_auth: rejected, missing_token: no token
--- no_error_log
[error]
[alert]
[crit]



=== TEST 7: "Bearer" with no token after it: missing_token
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer", "Authorization: Bearer    "]
--- error_code eval
[401, 401]
--- response_headers eval
['WWW-Authenticate: Bearer realm="tasks"', 'WWW-Authenticate: Bearer realm="tasks"']
--- error_log
jwt_auth: rejected, missing_token: no token
--- no_error_log
[error]
[alert]
[crit]



=== TEST 8: an empty Authorization header: missing_token
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers
Authorization:
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks"
--- error_log
jwt_auth: rejected, missing_token: no token
--- no_error_log
[error]
[alert]
[crit]



=== TEST 9: token=$cookie_session: the token from a cookie, among others
--- config
    location /api/ {
        jwt_auth "tasks" token=$cookie_session;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Cookie: session=$::good", "Cookie: theme=dark; session=$::good; lang=en"]
--- error_code eval
[200, 200]
--- response_body eval
["user=user-1\n", "user=user-1\n"]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 10: token=$cookie_session: an invalid cookie token gets invalid_token
--- config
    location /api/ {
        jwt_auth "tasks" token=$cookie_session;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Cookie: session=$::bad"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="signature does not verify"
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 11: token=$cookie_session: no such cookie, or an empty one, is missing_token
--- config
    location /api/ {
        jwt_auth "tasks" token=$cookie_session;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["", "Cookie: theme=dark", "Cookie: session=; theme=dark"]
--- error_code eval
[401, 401, 401]
--- response_headers eval
['WWW-Authenticate: Bearer realm="tasks"', 'WWW-Authenticate: Bearer realm="tasks"', 'WWW-Authenticate: Bearer realm="tasks"']
--- error_log
jwt_auth: rejected, missing_token: no token
--- no_error_log
[error]
[alert]
[crit]



=== TEST 12: with token= the Authorization header is not looked at
--- config
    location /api/ {
        jwt_auth "tasks" token=$cookie_session;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks"
--- error_log
jwt_auth: rejected, missing_token: no token
--- no_error_log
[error]
[alert]
[crit]



=== TEST 13: token=$arg_access_token: the token from the query string; an empty argument is missing_token
--- config
    location /api/ {
        jwt_auth "tasks" token=$arg_access_token;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a?access_token=$::good", "GET /api/b?x=1&access_token=", "GET /api/c?x=1"]
--- error_code eval
[200, 401, 401]
--- response_body_like eval
["^user=user-1\n\\z", "<html>.*\\b401\\b", "<html>.*\\b401\\b"]
--- response_headers eval
["!WWW-Authenticate", 'WWW-Authenticate: Bearer realm="tasks"', 'WWW-Authenticate: Bearer realm="tasks"']
--- no_error_log
[error]
[alert]
[crit]



=== TEST 14: token=$http_x_access_token: the token from another request header
--- config
    location /api/ {
        jwt_auth "tasks" token=$http_x_access_token;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"X-Access-Token: $::good"
--- response_body
user=user-1
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 15: token= a map over the Cookie header (Better Auth's better-auth.session_data cookie)
--- http_config
    map $http_cookie $better_auth_cookie {
        default "";
        "~(?:^|;\s*)better-auth\.session_data=(?<value>[^;]+)" $value;
    }
--- config
    location /api/ {
        jwt_auth "tasks" token=$better_auth_cookie;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Cookie: theme=dark; better-auth.session_data=$::good; lang=en"
--- response_body
user=user-1
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 16: token= a variable set in the rewrite phase
--- config
    location /api/ {
        set $jwt $arg_t;
        jwt_auth "tasks" token=$jwt;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
"GET /api/tasks?t=$::good"
--- response_body
user=user-1
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 17: token= is inherited together with the realm
--- config
    jwt_auth "tasks" token=$cookie_session;
    location /api/ {
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        jwt_auth off;
        return 200 "user=$http_x_user_id\n";
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Cookie: session=$::good", "Authorization: Bearer $::good"]
--- error_code eval
[200, 401]
--- response_body_like eval
["^user=user-1\n\\z", "<html>.*\\b401\\b"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 18: a location's own jwt_auth without token= reads Authorization again
--- config
    jwt_auth "tasks" token=$cookie_session;
    location /api/ {
        jwt_auth "api";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        jwt_auth off;
        return 200 "user=$http_x_user_id\n";
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::good", "Cookie: session=$::good"]
--- error_code eval
[200, 401]
--- response_body_like eval
["^user=user-1\n\\z", "<html>.*\\b401\\b"]
--- response_headers eval
["!WWW-Authenticate", 'WWW-Authenticate: Bearer realm="api"']
--- no_error_log
[error]
[alert]
[crit]
