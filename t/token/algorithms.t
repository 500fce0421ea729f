# Algorithms with shared secrets: "none" is never accepted, unknown names
# are not supported, a public-key algorithm is not allowed where only
# secrets are configured, jwt_auth_algorithms restricts what tokens may
# use, and by default the allowed set is what the secrets are long enough
# for (HS256 >= 32 bytes, HS384 >= 48, HS512 >= 64).  The alg is checked
# before the signature.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

# unsigned tokens: "alg":"none" with an empty signature, or with one
our $none = do {
    my $t = jwt_hs({ alg => 'none', typ => 'JWT' }, claims(), SECRET);
    $t =~ s/[^.]+\z//;
    $t;
};
our $none_signed = jwt_hs({ alg => 'none' }, claims(), SECRET);
our $none_upper = jwt_hs({ alg => 'NONE' }, claims(), SECRET);
our $rs256 = jwt_hs({ alg => 'RS256', typ => 'JWT' }, claims(), SECRET);
our $eddsa = jwt_hs({ alg => 'EdDSA', kid => 'k1' }, claims(), SECRET);
our $lower = jwt_hs({ alg => 'hs256' }, claims(), SECRET);
our $empty_alg = jwt_hs({ alg => '' }, claims(), SECRET);

our $hs256 = jwt_hs({ alg => 'HS256' }, claims(sub => 'u256'), SECRET64);
our $hs384 = jwt_hs({ alg => 'HS384' }, claims(sub => 'u384'), SECRET64);
our $hs512 = jwt_hs({ alg => 'HS512' }, claims(sub => 'u512'), SECRET64);
our $hs384_48 = jwt_hs({ alg => 'HS384' }, claims(sub => 'u384'), SECRET48);
our $hs512_48 = jwt_hs({ alg => 'HS512' }, claims(sub => 'u512'), SECRET48);

# HS384/HS512 signed with the 32-byte secret
our $hs384_32 = jwt_hs({ alg => 'HS384' }, claims(), SECRET);
our $hs512_32 = jwt_hs({ alg => 'HS512' }, claims(), SECRET);

# an HS512 header with a signature that is no signature at all
our $hs512_garbage = do {
    my $t = jwt_hs({ alg => 'HS512' }, claims(), SECRET);
    $t =~ s/[^.]+\z/AAAA/;
    $t;
};

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: alg none with an empty signature is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::none"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="alg none is never accepted"
--- error_log
jwt_auth: rejected, alg_not_allowed: alg none is never accepted
--- no_error_log
[error]
[alert]
[crit]



=== TEST 2: alg none with a (valid HS256) signature is refused all the same
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::none_signed"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="alg none is never accepted"
--- error_log
jwt_auth: rejected, alg_not_allowed: alg none is never accepted
--- no_error_log
[error]
[alert]
[crit]



=== TEST 3: alg NONE (other case) is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::none_upper"
--- error_code: 401
--- error_log eval
qr/jwt_auth: rejected, alg_not_allowed: alg (none is never accepted|is not supported)/
--- no_error_log
[error]
[alert]
[crit]



=== TEST 4: RS256 with only a secret configured: no key can verify it, so it is not allowed here
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::rs256"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="alg is not allowed here"
--- error_log
jwt_auth: rejected, alg_not_allowed: alg is not allowed here
--- no_error_log
[error]
[alert]
[crit]



=== TEST 5: EdDSA (Better Auth's JWT plugin default) with only a secret configured: not allowed here
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::eddsa"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="alg is not allowed here"
--- error_log
jwt_auth: rejected, alg_not_allowed: alg is not allowed here
--- no_error_log
[error]
[alert]
[crit]



=== TEST 6: alg names are case-sensitive: hs256 is not supported
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::lower"
--- error_code: 401
--- error_log
jwt_auth: rejected, alg_not_allowed: alg is not supported
--- no_error_log
[error]
[alert]
[crit]



=== TEST 7: an empty alg is not supported
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::empty_alg"
--- error_code: 401
--- error_log
jwt_auth: rejected, alg_not_allowed: alg is not supported
--- no_error_log
[error]
[alert]
[crit]



=== TEST 8: by default a 32-byte secret allows HS256 only: HS512 is not allowed here
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::hs512_32"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="alg is not allowed here"
--- error_log
jwt_auth: rejected, alg_not_allowed: alg is not allowed here
--- no_error_log
[error]
[alert]
[crit]



=== TEST 9: by default a 32-byte secret allows HS256 only: HS384 is not allowed here
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::hs384_32"
--- error_code: 401
--- error_log
jwt_auth: rejected, alg_not_allowed: alg is not allowed here
--- no_error_log
[error]
[alert]
[crit]



=== TEST 10: by default a 48-byte secret allows HS384 but not HS512
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "a-secret-of-48-bytes-that-is-long-enough-for-384";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::hs384_48", "Authorization: Bearer $::hs512_48"]
--- error_code eval
[200, 401]
--- response_headers eval
["!WWW-Authenticate", 'WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="alg is not allowed here"']
--- response_body_like eval
["^user=u384\n\\z", "<html>.*\\b401\\b"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 11: by default a 64-byte secret allows HS256, HS384 and HS512
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "a-secret-of-64-bytes-that-is-long-enough-for-hs512-tokens-too-64";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::hs256", "Authorization: Bearer $::hs384", "Authorization: Bearer $::hs512"]
--- error_code eval
[200, 200, 200]
--- response_body eval
["user=u256\n", "user=u384\n", "user=u512\n"]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 12: by default the set is the union over the secrets (32 and 64 bytes: HS512 too)
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        jwt_auth_secret "a-secret-of-64-bytes-that-is-long-enough-for-hs512-tokens-too-64";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::hs512"
--- response_body
user=u512
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 13: an HS512 token signed with the 32-byte secret does not verify with a 64-byte one around
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        jwt_auth_secret "a-secret-of-64-bytes-that-is-long-enough-for-hs512-tokens-too-64";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::hs512_32"
--- error_code: 401
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 14: jwt_auth_algorithms HS256 with a 64-byte secret: HS512 is not allowed here
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "a-secret-of-64-bytes-that-is-long-enough-for-hs512-tokens-too-64";
        jwt_auth_algorithms HS256;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::hs256", "Authorization: Bearer $::hs384", "Authorization: Bearer $::hs512"]
--- error_code eval
[200, 401, 401]
--- response_headers eval
["!WWW-Authenticate",
 'WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="alg is not allowed here"',
 'WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="alg is not allowed here"']
--- response_body_like eval
["^user=u256\n\\z", "<html>.*\\b401\\b", "<html>.*\\b401\\b"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 15: jwt_auth_algorithms HS384 HS512: HS256 is not allowed here
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "a-secret-of-64-bytes-that-is-long-enough-for-hs512-tokens-too-64";
        jwt_auth_algorithms HS384 HS512;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::hs256", "Authorization: Bearer $::hs384", "Authorization: Bearer $::hs512"]
--- error_code eval
[401, 200, 200]
--- response_body_like eval
["<html>.*\\b401\\b", "^user=u384\n\\z", "^user=u512\n\\z"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 16: jwt_auth_algorithms is inherited from the server level
--- config
    jwt_auth_algorithms HS512;
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "a-secret-of-64-bytes-that-is-long-enough-for-hs512-tokens-too-64";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::hs256", "Authorization: Bearer $::hs512"]
--- error_code eval
[401, 200]
--- response_body_like eval
["<html>.*\\b401\\b", "^user=u512\n\\z"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 17: the alg is checked before the signature
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::hs512_garbage"
--- error_code: 401
--- error_log
jwt_auth: rejected, alg_not_allowed: alg is not allowed here
--- no_error_log
jwt_auth: rejected, bad_signature
[error]
[alert]
[crit]
