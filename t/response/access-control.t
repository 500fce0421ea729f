# jwt_auth among nginx's other access controls and configuration levels:
# satisfy any / all with allow and deny, limit_except (CORS preflight
# without a token), inheritance from http and server to locations,
# "jwt_auth off", secrets rotation (any configured secret verifies), and
# secrets read from the environment (env=) or from a file (file=, one
# trailing newline dropped, relative paths from the configuration's
# directory).
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use File::Temp ();
use Test::Nginx::Socket 'no_plan';

# The secrets of the env= and file= tests.  nginx inherits this process's
# environment under both runners; env= is read when nginx loads its
# configuration.
$ENV{JWT_AUTH_TEST_SECRET} = SECRET64;

our $secret_dir = File::Temp::tempdir('jwt-auth-secrets-XXXXXX', TMPDIR => 1, CLEANUP => 1);
$ENV{TEST_NGINX_JWT_SECRET_DIR} = $secret_dir;

sub write_secret {
    my ($name, $bytes) = @_;
    open my $fh, '>', "$secret_dir/$name" or die "$secret_dir/$name: $!\n";
    binmode $fh;
    print $fh $bytes;
    close $fh or die "$secret_dir/$name: $!\n";
}

write_secret('lf.secret', SECRET . "\n");
write_secret('crlf.secret', SECRET . "\r\n");
write_secret('bare.secret', SECRET);
write_secret('two-lf.secret', SECRET . "\n\n");
write_secret('spaces.secret', ' ' . SECRET . " \n");

our $good = token();
our $good64 = jwt_hs({ alg => 'HS512' }, claims(sub => 'user-512'), SECRET64);
our $other = jwt_hs({ alg => 'HS256' }, claims(sub => 'user-2'), OTHER_SECRET);
our $third = jwt_hs({ alg => 'HS256' }, claims(sub => 'user-3'),
                    'a-third-secret-nobody-configured');
our $expired = token(exp => now() - 600);
our $with_lf = jwt_hs({ alg => 'HS256' }, claims(sub => 'user-lf'), SECRET . "\n");
our $with_spaces = jwt_hs({ alg => 'HS256' }, claims(sub => 'user-sp'), ' ' . SECRET . ' ');

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: satisfy any: an allowed address passes without a token, with no challenge
--- config
    location /api/ {
        satisfy any;
        allow 127.0.0.1;
        deny all;
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- response_headers
!WWW-Authenticate
--- response_body
user=
--- no_error_log
[error]
[alert]
[crit]



=== TEST 2: satisfy any: an allowed address with an invalid token passes, without the identity
--- config
    location /api/ {
        satisfy any;
        allow 127.0.0.1;
        deny all;
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::expired"
--- response_headers
!WWW-Authenticate
--- response_body
user=
--- no_error_log
[error]
[alert]
[crit]



=== TEST 3: satisfy any with deny all: a valid token passes, an invalid or missing one gets 401
--- config
    location /api/ {
        satisfy any;
        deny all;
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::good", "Authorization: Bearer $::expired", ""]
--- error_code eval
[200, 401, 401]
--- response_headers eval
["!WWW-Authenticate",
 'WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token has expired"',
 'WWW-Authenticate: Bearer realm="tasks"']
--- response_body_like eval
["^user=user-1\n\\z", "<html>.*\\b401\\b", "<html>.*\\b401\\b"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 4: satisfy all (the default): an allowed address still needs a token
--- config
    location /api/ {
        allow 127.0.0.1;
        deny all;
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["", "Authorization: Bearer $::good"]
--- error_code eval
[401, 200]
--- response_body_like eval
["<html>.*\\b401\\b", "^user=user-1\n\\z"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 5: satisfy all: a valid token from a denied address gets 403
--- config
    location /api/ {
        deny all;
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good"
--- error_code: 403
--- response_headers
!WWW-Authenticate



=== TEST 6: limit_except OPTIONS: a CORS preflight passes without a token, GET and POST need one
--- config
    location /api/ {
        jwt_auth_set_header X-User-Id sub;
        limit_except OPTIONS {
            jwt_auth "tasks";
        }
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "$request_method user=$http_x_user_id\n";
    }
--- request eval
["OPTIONS /api/tasks", "GET /api/tasks", "POST /api/tasks\nbody", "GET /api/tasks"]
--- more_headers eval
["Origin: https://app.example.com\nAccess-Control-Request-Method: GET\nX-User-Id: admin",
 "Origin: https://app.example.com",
 "Origin: https://app.example.com",
 "Origin: https://app.example.com\nAuthorization: Bearer $::good"]
--- error_code eval
[200, 401, 401, 200]
--- response_body_like eval
["^OPTIONS user=\n\\z", "<html>.*\\b401\\b", "<html>.*\\b401\\b", "^GET user=user-1\n\\z"]
--- response_headers eval
["!WWW-Authenticate", 'WWW-Authenticate: Bearer realm="tasks"', 'WWW-Authenticate: Bearer realm="tasks"', "!WWW-Authenticate"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 7: jwt_auth and the secret at the http level apply to a location that says nothing
--- http_config
    jwt_auth "tasks";
    jwt_auth_secret "better-auth-secret-for-tests-256";
--- config
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
["", "Authorization: Bearer $::good"]
--- error_code eval
[401, 200]
--- response_headers eval
['WWW-Authenticate: Bearer realm="tasks"', "!WWW-Authenticate"]
--- response_body_like eval
["<html>.*\\b401\\b", "^user=user-1\n\\z"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 8: the secret from http, jwt_auth from the server, the realm replaced in a location
--- http_config
    jwt_auth_secret "better-auth-secret-for-tests-256";
--- config
    jwt_auth "server realm";
    location /api/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /admin/ {
        jwt_auth "admin realm";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        jwt_auth off;
        return 200 "upstream reached\n";
    }
--- request eval
["GET /api/a", "GET /admin/a", "GET /admin/b"]
--- more_headers eval
["", "", "Authorization: Bearer $::good"]
--- error_code eval
[401, 401, 200]
--- response_headers eval
['WWW-Authenticate: Bearer realm="server realm"', 'WWW-Authenticate: Bearer realm="admin realm"', "!WWW-Authenticate"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 9: jwt_auth off in a location: no token work at all, even on garbage
--- config
    jwt_auth "tasks";
    location /api/auth/ {
        jwt_auth off;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        jwt_auth off;
        return 200 "public\n";
    }
--- request
GET /api/auth/session
--- more_headers
Authorization: Bearer garbage
--- response_headers
X-JWT-Error: []
--- response_body
public
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 10: a nested location inherits from its outer location; "off" inside one turns it off
--- config
    location /api/ {
        jwt_auth "tasks";
        location /api/private/ {
            proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
        }
        location /api/health {
            jwt_auth off;
            proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
        }
    }
--- request eval
["GET /api/private/x", "GET /api/health"]
--- error_code eval
[401, 200]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 11: rotation: a token signed with either of two secrets passes, with a third it does not
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        jwt_auth_secret "some-other-secret-of-32-bytes-xx";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::good", "Authorization: Bearer $::other", "Authorization: Bearer $::third"]
--- error_code eval
[200, 200, 401]
--- response_body_like eval
["^user=user-1\n\\z", "^user=user-2\n\\z", "<html>.*\\b401\\b"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 12: a location's own secrets replace the inherited ones
--- http_config
    jwt_auth_secret "better-auth-secret-for-tests-256";
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "some-other-secret-of-32-bytes-xx";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::good", "Authorization: Bearer $::other"]
--- error_code eval
[401, 200]
--- response_body_like eval
["<html>.*\\b401\\b", "^user=user-2\n\\z"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 13: jwt_auth_secret env=: the secret from an environment variable (64 bytes: HS512)
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret env=JWT_AUTH_TEST_SECRET;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::good64", "Authorization: Bearer $::good"]
--- error_code eval
[200, 401]
--- response_body_like eval
["^user=user-512\n\\z", "<html>.*\\b401\\b"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 14: jwt_auth_secret file=: one trailing LF is dropped
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret file=$TEST_NGINX_JWT_SECRET_DIR/lf.secret;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good"
--- response_body
user=user-1
--- no_error_log
[error]
[alert]
[crit]



=== TEST 15: jwt_auth_secret file=: one trailing CRLF is dropped
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret file=$TEST_NGINX_JWT_SECRET_DIR/crlf.secret;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good"
--- response_body
user=user-1
--- no_error_log
[error]
[alert]
[crit]



=== TEST 16: jwt_auth_secret file=: a file without a trailing newline is used whole
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret file=$TEST_NGINX_JWT_SECRET_DIR/bare.secret;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good"
--- response_body
user=user-1
--- no_error_log
[error]
[alert]
[crit]



=== TEST 17: jwt_auth_secret file=: of two trailing newlines only one is dropped
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret file=$TEST_NGINX_JWT_SECRET_DIR/two-lf.secret;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::with_lf", "Authorization: Bearer $::good"]
--- error_code eval
[200, 401]
--- response_body_like eval
["^user=user-lf\n\\z", "<html>.*\\b401\\b"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 18: jwt_auth_secret file=: spaces around the secret are part of it
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret file=$TEST_NGINX_JWT_SECRET_DIR/spaces.secret;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::with_spaces", "Authorization: Bearer $::good"]
--- error_code eval
[200, 401]
--- response_body_like eval
["^user=user-sp\n\\z", "<html>.*\\b401\\b"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 19: jwt_auth_secret file= with a relative path: from the configuration's directory
--- user_files
>>> jwt.secret
better-auth-secret-for-tests-256
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret file=../html/jwt.secret;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good"
--- response_body
user=user-1
--- no_error_log
[error]
[alert]
[crit]



=== TEST 20: the same env= secret in two locations (and so across a reload)
Reading the secret must leave nginx's environment as it was, so that a
second read (another location, a reload) finds it again.
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret env=JWT_AUTH_TEST_SECRET;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /admin/ {
        jwt_auth "admin";
        jwt_auth_secret env=JWT_AUTH_TEST_SECRET;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /admin/a"]
--- more_headers eval
["Authorization: Bearer $::good64", "Authorization: Bearer $::good64"]
--- error_code eval
[200, 200]
--- response_body eval
["user=user-512\n", "user=user-512\n"]
--- no_error_log
[error]
[alert]
[crit]
