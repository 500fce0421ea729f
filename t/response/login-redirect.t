# Pages without a valid token go to the sign-in page, with the page they
# asked for in ?next=, escaped by $jwt_auth_escaped_request_uri so that a
# query of several arguments comes back whole; the API keeps its JSON 401.
# The configuration is conf-examples/login-redirect.conf's.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

our $good = token(sub => 'user-7');

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: a page without a token: 302 to /login with the whole path and query in next=; with a token, the page
--- config
    location /app/ {
        jwt_auth "app" token=$cookie_session;
        error_page 401 = @login;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location @login {
        return 302 /login?next=$jwt_auth_escaped_request_uri;
    }
--- request eval
["GET /app/tasks?a=1&b=2", "GET /app/t%C3%A9%20x?q=a+b%23f", "GET /app/tasks?a=1&b=2"]
--- more_headers eval
["X-None: 1", "X-None: 1", "Cookie: session=$::good"]
--- error_code eval
[302, 302, 200]
--- response_headers_like eval
["Location: http://localhost(?::\\d+)?/login\\?next=/app/tasks%3Fa=1%26b=2",
 "Location: http://localhost(?::\\d+)?/login\\?next=/app/t%25C3%25A9%2520x%3Fq=a%2Bb%2523f",
 "Location:"]



=== TEST 2: the variable outside any check: the request's URI, escaped
--- config
    location /x/ {
        return 200 "$jwt_auth_escaped_request_uri\n";
    }
--- request
GET /x/a?b=1&c=d%20e
--- response_body
/x/a%3Fb=1%26c=d%2520e
