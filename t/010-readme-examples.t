# The configuration examples of README.md, as written there, in front of a
# stand-in backend (a second server on the test port, picked by the Host
# that proxy_pass sends).  If README changes, this file changes with it.
use FindBin;
use lib "$FindBin::Bin/lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

$ENV{BETTER_AUTH_SECRET} = SECRET;

our $good = token(sub => 'user-42');
our $expired = token(sub => 'user-42', exp => now() - 600);

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
jwt_auth: rejected, missing_token: no bearer token
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
["^backend OPTIONS user=\$", "401 Authorization Required", "^backend DELETE user=user-42\$"]
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
["401 Authorization Required", "^backend /internal/stats\$"]
--- no_error_log
[error]
