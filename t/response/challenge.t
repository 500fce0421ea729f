# Responses and variables: the RFC 6750 challenges (realm alone for a
# missing token, error="invalid_token" and error_description for a bad
# one), realms with variables, quotes and backslashes; $jwt_auth_user and
# $jwt_auth_error, also after error_page redirects (a JSON 401 body, a
# login redirect, an intercepted upstream error); the info log line with
# the reason, which never holds the token or the secret.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

our $good = token();
our $expired = token(exp => now() - 600);
our $bad_email = token(email => "ann\@example.com\r\nX-Admin: 1");

# the parts of $expired that must never be logged
our @expired_parts = split /\./, $expired;

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: missing token: 401, the realm alone, nginx's 401 page, the upstream not reached
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
--- response_body_like: <html>.*\b401\b
--- error_log
jwt_auth: rejected, missing_token: no token
--- no_error_log
[error]
[alert]
[crit]



=== TEST 2: invalid token: 401 with error="invalid_token" and the reason, the upstream not reached
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::expired"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token has expired"
--- response_body_like: <html>.*\b401\b
--- error_log
jwt_auth: rejected, expired: token has expired
--- no_error_log
[error]
[alert]
[crit]



=== TEST 3: a realm with variables
--- config
    location /api/ {
        jwt_auth "tasks on $host ($request_method)";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks on localhost (GET)"
--- no_error_log
[error]
[alert]
[crit]



=== TEST 4: quotes and backslashes of a configured realm are escaped
--- config
    location /api/ {
        jwt_auth 'say "hi" \\ now';
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::expired"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="say \"hi\" \\ now", error="invalid_token", error_description="token has expired"
--- no_error_log
[error]
[alert]
[crit]



=== TEST 5: quotes and backslashes a client puts into the realm cannot break out of it
--- config
    location /api/ {
        jwt_auth "tasks $http_x_realm";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers
X-Realm: x", error="none\", y="\
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks x\", error=\"none\\\", y=\"\\"
--- no_error_log
[error]
[alert]
[crit]



=== TEST 6: a realm variable holding CR LF (a decoded $uri) cannot split the response
--- config
    location /api/ {
        jwt_auth "tasks $uri";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/x%0D%0AX-Injected:%20yes
--- error_code: 401
--- response_headers
!X-Injected
--- no_error_log
[error]
[alert]
[crit]



=== TEST 7: a valid token: $jwt_auth_user is the user, $jwt_auth_error is empty
--- config
    location /api/ {
        jwt_auth "tasks";
        add_header X-JWT-User "[$jwt_auth_user]" always;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "upstream reached\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good"
--- response_headers
X-JWT-User: [user-1]
X-JWT-Error: []
--- response_body
upstream reached
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 8: $jwt_auth_error is missing_token, expired, ...; $jwt_auth_user is empty then
--- config
    location /api/ {
        jwt_auth "tasks";
        add_header X-JWT-User "[$jwt_auth_user]" always;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["", "Authorization: Bearer $::expired", "Authorization: Bearer not.a-token"]
--- error_code eval
[401, 401, 401]
--- response_headers eval
["X-JWT-User: []\nX-JWT-Error: [missing_token]",
 "X-JWT-User: []\nX-JWT-Error: [expired]",
 "X-JWT-User: []\nX-JWT-Error: [malformed]"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 9: a token refused for a passed-on claim leaves $jwt_auth_user empty
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Email email;
        add_header X-JWT-User "[$jwt_auth_user]" always;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::bad_email"
--- error_code: 401
--- response_headers
X-JWT-User: []
X-JWT-Error: [bad_claim]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 10: the variables are empty where jwt_auth is off
--- config
    location /public/ {
        add_header X-JWT-User "[$jwt_auth_user]" always;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "upstream reached\n";
    }
--- request
GET /public/tasks
--- more_headers eval
"Authorization: Bearer $::good"
--- response_headers
X-JWT-User: []
X-JWT-Error: []
--- response_body
upstream reached
--- no_error_log
[error]
[alert]
[crit]



=== TEST 11: error_page 401 with a JSON body: the reason survives the redirect, so does the challenge
--- config
    location /api/ {
        jwt_auth "tasks";
        error_page 401 /401.json;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location = /401.json {
        internal;
        default_type application/json;
        return 401 '{"error":"$jwt_auth_error"}\n';
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["", "Authorization: Bearer $::expired"]
--- error_code eval
[401, 401]
--- response_headers eval
["Content-Type: application/json\nWWW-Authenticate: Bearer realm=\"tasks\"",
 "Content-Type: application/json\nWWW-Authenticate: Bearer realm=\"tasks\", error=\"invalid_token\", error_description=\"token has expired\""]
--- response_body eval
["{\"error\":\"missing_token\"}\n", "{\"error\":\"expired\"}\n"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 12: error_page 401 to a named location that redirects to a login page with the reason
--- config
    location /app/ {
        jwt_auth "tasks" token=$cookie_session;
        error_page 401 = @login;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location @login {
        return 302 /login?reason=$jwt_auth_error;
    }
--- request eval
["GET /app/a", "GET /app/b", "GET /app/c"]
--- more_headers eval
["", "Cookie: session=$::expired", "Cookie: session=$::good"]
--- error_code eval
[302, 302, 200]
--- response_headers_like eval
["Location: .*/login\\?reason=missing_token", "Location: .*/login\\?reason=expired", "Content-Type: text/plain"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 13: $jwt_auth_user survives an error_page redirect after the upstream answered 404
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_intercept_errors on;
        error_page 404 /404.json;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location = /404.json {
        internal;
        default_type application/json;
        return 404 '{"user":"$jwt_auth_user","error":"$jwt_auth_error"}\n';
    }
    location /echo/ {
        return 404;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good"
--- error_code: 404
--- response_body
{"user":"user-1","error":""}
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 14: the rejection is logged at info with the reason code and description
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::expired"
--- error_code: 401
--- error_log eval
qr/\[info\] .*jwt_auth: rejected, expired: token has expired/
--- no_error_log
[error]
[alert]
[crit]



=== TEST 15: at log level info, neither the token nor the secret is ever logged
--- log_level: info
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::expired"
--- error_code: 401
--- error_log
jwt_auth: rejected, expired: token has expired
--- no_error_log eval
[$::expired_parts[0], $::expired_parts[1], $::expired_parts[2],
 "better-auth-secret-for-tests-256", "[error]", "[alert]", "[crit]"]



=== TEST 16: a missing token is logged at info, a valid one not at all
--- log_level: info
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["", "Authorization: Bearer $::good"]
--- error_code eval
[401, 200]
--- no_error_log eval
[(split /\./, $::good), "better-auth-secret-for-tests-256", "[error]", "[alert]", "[crit]"]
