# HS256/384/512 verification with the shared secret: a valid token passes
# and the upstream (a location of the same server, reached by proxy_pass)
# sees the user id in X-User-Id; a tampered payload or signature, or a
# token signed with another secret, gets 401 bad_signature.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

our $good = token();

# the payload of another user under the signature of $good
our $tampered_payload = do {
    my ($h, undef, $s) = split /\./, $good;
    join '.', $h, b64url(json_text(claims(sub => 'admin'))), $s;
};

# one character of the signature changed (the first: the last one also
# carries padding bits)
our $tampered_sig = do {
    my ($h, $p, $s) = split /\./, $good;
    substr($s, 0, 1) = substr($s, 0, 1) eq 'A' ? 'B' : 'A';
    "$h.$p.$s";
};

our $wrong_secret = jwt_hs({ alg => 'HS256', typ => 'JWT' }, claims(), OTHER_SECRET);

our $short_sig = do {
    my ($h, $p, $s) = split /\./, $good;
    "$h.$p." . substr($s, 0, 40);
};

our $no_sig = do {
    my ($h, $p) = split /\./, $good;
    "$h.$p.";
};

# a signature of the right length made with HS512 under an HS256 header
our $sig_of_hs512 = do {
    my ($h, $p) = split /\./, $good;
    "$h.$p." . signature("$h.$p", 'HS512', SECRET64);
};

our $hs384 = jwt_hs({ alg => 'HS384', typ => 'JWT' }, claims(sub => 'user-384'), SECRET48);
our $hs512 = jwt_hs({ alg => 'HS512', typ => 'JWT' }, claims(sub => 'user-512'), SECRET64);
our $hs256_long = jwt_hs({ alg => 'HS256' }, claims(sub => 'user-256'), SECRET64);
our $hs384_long = jwt_hs({ alg => 'HS384' }, claims(sub => 'user-384'), SECRET64);

# Better Auth's cookie-cache header has no "typ"; kid is ignored
our $no_typ = jwt_hs({ alg => 'HS256' }, claims(sub => 'user-2'), SECRET);
our $with_kid = jwt_hs({ alg => 'HS256', kid => 'k1', typ => 'JWT' }, claims(sub => 'user-3'), SECRET);

# a secret that looks like base64 is used as the bytes written, not decoded
our $b64_secret = 'YmV0dGVyLWF1dGgtc2VjcmV0LWZvci10ZXN0cy0yNTY=';
our $signed_with_text = jwt_hs({ alg => 'HS256' }, claims(), $b64_secret);
our $signed_with_decoded = jwt_hs({ alg => 'HS256' }, claims(),
                                  'better-auth-secret-for-tests-256');

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: a valid HS256 token passes and the upstream sees X-User-Id
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id uri=$uri\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good"
--- response_body
user=user-1 uri=/echo/tasks
--- response_headers
!WWW-Authenticate
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 2: the payload of another user under a valid signature: bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::tampered_payload"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="signature does not verify"
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 3: one character of the signature changed: bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::tampered_sig"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="signature does not verify"
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 4: a token signed with another secret: bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::wrong_secret"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="signature does not verify"
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 5: a truncated signature: bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::short_sig"
--- error_code: 401
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 6: an empty signature: bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::no_sig"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="signature does not verify"
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 7: an HS512 signature under an HS256 header: bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "a-secret-of-64-bytes-that-is-long-enough-for-hs512-tokens-too-64";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sig_of_hs512"
--- error_code: 401
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 8: HS384 with a 48-byte secret passes
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "a-secret-of-48-bytes-that-is-long-enough-for-384";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::hs384"
--- response_body
user=user-384
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 9: HS512 with a 64-byte secret passes
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "a-secret-of-64-bytes-that-is-long-enough-for-hs512-tokens-too-64";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::hs512"
--- response_body
user=user-512
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 10: a 64-byte secret also verifies HS256 and HS384
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "a-secret-of-64-bytes-that-is-long-enough-for-hs512-tokens-too-64";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::hs256_long", "Authorization: Bearer $::hs384_long"]
--- error_code eval
[200, 200]
--- response_body eval
["user=user-256\n", "user=user-384\n"]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 11: a header without typ, or with a kid, passes
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::no_typ", "Authorization: Bearer $::with_kid"]
--- error_code eval
[200, 200]
--- response_body eval
["user=user-2\n", "user=user-3\n"]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 12: the secret's bytes are used as written, never base64-decoded
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "YmV0dGVyLWF1dGgtc2VjcmV0LWZvci10ZXN0cy0yNTY=";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::signed_with_text", "Authorization: Bearer $::signed_with_decoded"]
--- error_code eval
[200, 401]
--- response_body_like eval
["^user=user-1\n\\z", "<html>.*\\b401\\b"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 13: the same valid token passes again and again
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3"]
--- more_headers eval
["Authorization: Bearer $::good", "Authorization: Bearer $::good", "Authorization: Bearer $::good"]
--- error_code eval
[200, 200, 200]
--- response_body eval
["user=user-1\n", "user=user-1\n", "user=user-1\n"]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]
