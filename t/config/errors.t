# Configuration errors: nginx refuses to start (as "nginx -t" would) with
# a one-line message for every mistake: short, unset or unreadable
# secrets, "none" and unknown algorithms, algorithms no secret is long
# enough for, jwt_auth without a secret, bad token= syntax, duplicates,
# and identity headers that cannot be set.  A secret is never printed.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

# nginx inherits this environment
delete $ENV{JWT_AUTH_NO_SUCH_VARIABLE};
$ENV{JWT_AUTH_SHORT_SECRET} = 'short-secret';

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: a secret of 31 bytes: shorter than HS256 allows
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "better-auth-secret-for-tests-25";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_secret: the secret is shorter than 32 bytes, the least HS256 allows (RFC 7518, 3.2); this one has 31
--- no_error_log
better-auth-secret-for-tests-25



=== TEST 2: an empty secret
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_secret: the secret is shorter than 32 bytes, the least HS256 allows (RFC 7518, 3.2); this one has 0



=== TEST 3: a short secret among good ones
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        jwt_auth_secret "0123456789";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_secret: the secret is shorter than 32 bytes, the least HS256 allows (RFC 7518, 3.2); this one has 10



=== TEST 4: env= names a variable that is not set
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret env=JWT_AUTH_NO_SUCH_VARIABLE;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_secret: environment variable "JWT_AUTH_NO_SUCH_VARIABLE" is not set



=== TEST 5: env= names a variable holding a short secret
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret env=JWT_AUTH_SHORT_SECRET;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_secret: the secret is shorter than 32 bytes, the least HS256 allows (RFC 7518, 3.2); this one has 12
--- no_error_log
short-secret



=== TEST 6: file= names a file that does not exist (absolute path)
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret file=/nonexistent/jwt-auth-test/jwt.secret;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_secret: cannot open "/nonexistent/jwt-auth-test/jwt.secret"



=== TEST 7: file= names a file that does not exist (relative path, shown absolute)
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret file=no-such.secret;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log eval
[qr{jwt_auth_secret: cannot open "/\S*/conf/no-such\.secret"}, "[emerg]"]



=== TEST 8: file= names a file holding a short secret
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret file=../html/short.secret;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_secret: the secret is shorter than 32 bytes, the least HS256 allows (RFC 7518, 3.2); this one has 5
--- user_files
>>> short.secret
short



=== TEST 9: jwt_auth_algorithms none
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_algorithms HS256 none;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_algorithms: "none" can never be allowed: it means an unsigned token



=== TEST 10: jwt_auth_algorithms NONE (any case)
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_algorithms NONE;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_algorithms: "NONE" can never be allowed: it means an unsigned token



=== TEST 11: jwt_auth_algorithms with an unknown algorithm
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_algorithms HS256 RS999;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_algorithms: unknown algorithm "RS999" (supported: HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA)



=== TEST 12: jwt_auth_algorithms names are case-sensitive
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_algorithms hs256;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_algorithms: unknown algorithm "hs256" (supported: HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA)



=== TEST 13: jwt_auth_algorithms HS512 with only a 32-byte secret
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        jwt_auth_algorithms HS256 HS512;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_algorithms: no configured key can verify HS512 (HS256, HS384 and HS512 need a secret of at least 32, 48 and 64 bytes; the others a public key of their type)



=== TEST 14: jwt_auth_algorithms HS384 with only a 32-byte secret
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        jwt_auth_algorithms HS384;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_algorithms: no configured key can verify HS384 (HS256, HS384 and HS512 need a secret of at least 32, 48 and 64 bytes; the others a public key of their type)



=== TEST 15: jwt_auth_algorithms twice in one block
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_algorithms HS256;
        jwt_auth_algorithms HS256;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
"jwt_auth_algorithms" directive is duplicate



=== TEST 16: jwt_auth without any secret
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- no_default_key
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth is on but no jwt_auth_secret, jwt_auth_key_file or jwt_auth_key_request is configured for it



=== TEST 17: jwt_auth with a parameter other than token=
--- config
    location /api/ {
        jwt_auth "tasks" foo;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
invalid parameter "foo" of jwt_auth: expected bearer, cookie=name or token=$variable



=== TEST 18: token= without a $
--- config
    location /api/ {
        jwt_auth "tasks" token=cookie;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth: "token=cookie" must name a variable, as in token=$cookie_session



=== TEST 19: token= with a lone $
--- config
    location /api/ {
        jwt_auth "tasks" token=$;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth: "token=$" must name a variable, as in token=$cookie_session



=== TEST 20: token= names an unknown variable
--- config
    location /api/ {
        jwt_auth "tasks" token=$no_such_variable;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
unknown "no_such_variable" variable



=== TEST 21: jwt_auth twice in one block
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth "other";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
"jwt_auth" directive is duplicate



=== TEST 22: jwt_auth off with a token= parameter
--- config
    location /api/ {
        jwt_auth off token=$cookie_session;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
"jwt_auth" directive takes no other parameter with "off"



=== TEST 23: jwt_auth without a parameter
--- config
    location /api/ {
        jwt_auth;
        jwt_auth_secret "better-auth-secret-for-tests-256";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
invalid number of arguments in "jwt_auth" directive



=== TEST 24: jwt_auth_secret is not allowed in limit_except
--- config
    location /api/ {
        limit_except OPTIONS {
            jwt_auth "tasks";
            jwt_auth_secret "better-auth-secret-for-tests-256";
        }
        jwt_auth_secret "better-auth-secret-for-tests-256";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
"jwt_auth_secret" directive is not allowed here



=== TEST 25: jwt_auth_set_header with a name that is no header name
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header "X-User:Id" sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_set_header: "X-User:Id" is not a header name (letters, digits, "-" and "_")



=== TEST 26: jwt_auth_set_header with a space in the name
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header "X User" sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_set_header: "X User" is not a header name (letters, digits, "-" and "_")



=== TEST 27: jwt_auth_set_header Authorization: a header nginx interprets
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header Authorization sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_set_header: "Authorization" is a header nginx itself interprets; use another name, such as X-User-Id



=== TEST 28: jwt_auth_set_header host (any case): a header nginx interprets
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header host sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_set_header: "host" is a header nginx itself interprets; use another name, such as X-User-Id



=== TEST 29: jwt_auth_set_header Cookie: a header nginx interprets
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header Cookie sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_set_header: "Cookie" is a header nginx itself interprets; use another name, such as X-User-Id



=== TEST 30: jwt_auth_set_header Content-Length: a header nginx interprets
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header Content-Length sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_set_header: "Content-Length" is a header nginx itself interprets; use another name, such as X-User-Id



=== TEST 31: jwt_auth_set_header with the same name twice (in another case)
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        jwt_auth_set_header x-user-id uid;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_set_header: "x-user-id" is set twice



=== TEST 32: jwt_auth_set_header with one parameter
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
invalid number of arguments in "jwt_auth_set_header" directive



=== TEST 33: jwt_auth_issuer with an empty value
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_issuer https://app.example.com "";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_issuer: an empty value matches no token



=== TEST 34: jwt_auth_audience with an empty value
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_audience "";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_audience: an empty value matches no token



=== TEST 35: jwt_auth_leeway that is no time
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_leeway soon;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
"jwt_auth_leeway" directive invalid value



=== TEST 36: jwt_auth_user_claim twice in one block
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_user_claim uid;
        jwt_auth_user_claim sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
"jwt_auth_user_claim" directive is duplicate
