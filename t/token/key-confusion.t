# Key confusion: a key verifies only its own family and size.  An HS256
# token whose HMAC secret is the bytes of the RSA public key (its PEM,
# its JWK, with or without the last newline) or of an Ed25519 public key
# is refused: alg_not_allowed when no secret is configured (the default
# algorithms are those the keys can verify), bad_signature when one is.
# ES256 against a P-384 key and the reverse, RS256 against an EC key,
# EdDSA against RSA, an RS256 signature under a PS256 header and the
# reverse, a P-384 signature under an ES256 header, and a PS256 token
# against a JWK whose "alg" is RS256: all refused.
use FindBin;
use lib "$FindBin::Bin/../lib";
BEGIN { $ENV{TEST_NGINX_KEYS} //= "$FindBin::Bin/../keys" }
use JWTAuthTest;
use JWTAuthKeys;
use MIME::Base64 ();
use Test::Nginx::Socket 'no_plan';

# HS256 with the public key's bytes as the secret (the classic attack)
my $pem = key_text('rsa1.pub.pem');
(my $pem_chomped = $pem) =~ s/\n\z//;
our $hs_pem = jwt_hs({ alg => 'HS256', typ => 'JWT' }, claims(), $pem);
our $hs_pem_chomped = jwt_hs({ alg => 'HS256' }, claims(), $pem_chomped);
our $hs_jwk = jwt_hs({ alg => 'HS256' }, claims(), key_text('rsa1.jwk'));
our $hs_cert = jwt_hs({ alg => 'HS256' }, claims(), key_text('rsa1.cert.pem'));

# HS256 with the 32 raw bytes of the Ed25519 public key as the secret
our $hs_ed_raw = do {
    my $x = key_text('ed1.jwk') =~ /"x"\s*:\s*"([^"]+)"/ ? $1 : die;
    $x =~ tr{-_}{+/};
    jwt_hs({ alg => 'HS256' }, claims(),
           MIME::Base64::decode_base64($x . '=' x (-length($x) % 4)));
};

our $hs_good = token(sub => 'user-hs');

our $es256 = jwt_pk('ES256', 'ec256a.key', undef, claims(sub => 'user-es256'));
our $es384 = jwt_pk('ES384', 'ec384.key', undef, claims(sub => 'user-es384'));
our $rs256 = jwt_pk('RS256', 'rsa1.key', undef, claims(sub => 'user-rs256'));
our $ps256 = jwt_pk('PS256', 'rsa1.key', undef, claims(sub => 'user-ps256'));
our $rs384 = jwt_pk('RS384', 'rsa1.key', undef, claims(sub => 'user-rs384'));
our $eddsa = jwt_pk('EdDSA', 'ed1.key', undef, claims(sub => 'user-eddsa'));

# one algorithm's signature under another's name
our $rs_as_ps = jwt_pk('RS256', 'rsa1.key', { alg => 'PS256' });
our $ps_as_rs = jwt_pk('PS256', 'rsa1.key', { alg => 'RS256' });
our $p384_as_es256 = jwt_pk('ES384', 'ec384.key', { alg => 'ES256' });
our $es256_as_es384 = jwt_pk('ES256', 'ec256a.key', { alg => 'ES384' });
our $rs512_as_rs256 = jwt_pk('RS512', 'rsa1.key', { alg => 'RS256' });

our $not_allowed = 'WWW-Authenticate: Bearer realm="tasks", '
    . 'error="invalid_token", error_description="alg is not allowed here"';
our $bad_signature = 'WWW-Authenticate: Bearer realm="tasks", '
    . 'error="invalid_token", error_description="signature does not verify"';

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: HS256 signed with the RSA public key's PEM, against that key: alg_not_allowed
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::hs_pem"
--- error_code: 401
--- response_headers eval
$::not_allowed
--- error_log
jwt_auth: rejected, alg_not_allowed: alg is not allowed here
--- no_error_log
[error]
[alert]
[crit]



=== TEST 2: HS256 signed with the key's PEM without its newline, its JWK, or the certificate's PEM: alg_not_allowed
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.jwk;
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.cert.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::hs_pem_chomped",
 "Authorization: Bearer $::hs_jwk",
 "Authorization: Bearer $::hs_cert"]
--- error_code eval
[401, 401, 401]
--- response_headers eval
[($::not_allowed) x 3]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 3: HS256 signed with the RSA key's PEM, a secret configured next to the key: bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_secret "better-auth-secret-for-tests-256";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::hs_pem"
--- error_code: 401
--- response_headers eval
$::bad_signature
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 4: the same location: HS256 with the secret and RS256 with the key pass, the PEM-signed tokens do not
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_secret "better-auth-secret-for-tests-256";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::hs_good",
 "Authorization: Bearer $::rs256",
 "Authorization: Bearer $::hs_pem_chomped",
 "Authorization: Bearer $::hs_jwk"]
--- error_code eval
[200, 200, 401, 401]
--- response_headers eval
["!WWW-Authenticate", "!WWW-Authenticate", $::bad_signature, $::bad_signature]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 5: HS256 signed with the raw bytes of the Ed25519 public key, against that key: alg_not_allowed
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ed1.jwk;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::hs_ed_raw"
--- error_code: 401
--- response_headers eval
$::not_allowed
--- error_log
jwt_auth: rejected, alg_not_allowed: alg is not allowed here
--- no_error_log
[error]
[alert]
[crit]



=== TEST 6: ES256 against a P-384 key: alg_not_allowed
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec384.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::es256"
--- error_code: 401
--- response_headers eval
$::not_allowed
--- error_log
jwt_auth: rejected, alg_not_allowed: alg is not allowed here
--- no_error_log
[error]
[alert]
[crit]



=== TEST 7: ES384 against a P-256 key: alg_not_allowed
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::es384"
--- error_code: 401
--- response_headers eval
$::not_allowed
--- error_log
jwt_auth: rejected, alg_not_allowed: alg is not allowed here
--- no_error_log
[error]
[alert]
[crit]



=== TEST 8: a P-384 key and a P-256 key: a P-384 signature under an ES256 header, a P-256 one under ES384: bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec384.pub.pem;
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::es256",
 "Authorization: Bearer $::es384",
 "Authorization: Bearer $::p384_as_es256",
 "Authorization: Bearer $::es256_as_es384"]
--- error_code eval
[200, 200, 401, 401]
--- response_body eval
["user=user-es256\n", "user=user-es384\n", qr/401/, qr/401/]
--- response_headers eval
["!WWW-Authenticate", "!WWW-Authenticate", $::bad_signature, $::bad_signature]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 9: RS256 against an EC key: alg_not_allowed
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::rs256"
--- error_code: 401
--- response_headers eval
$::not_allowed
--- error_log
jwt_auth: rejected, alg_not_allowed: alg is not allowed here
--- no_error_log
[error]
[alert]
[crit]



=== TEST 10: EdDSA against an RSA key: alg_not_allowed
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::eddsa"
--- error_code: 401
--- response_headers eval
$::not_allowed
--- error_log
jwt_auth: rejected, alg_not_allowed: alg is not allowed here
--- no_error_log
[error]
[alert]
[crit]



=== TEST 11: ES256, RS256 and HS256 against an Ed25519 key; EdDSA, RS256 against a P-256 key: alg_not_allowed
--- config
    location /ed/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ed1.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /ec/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.jwk;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /ed/a", "GET /ed/b", "GET /ed/c", "GET /ec/a", "GET /ec/b"]
--- more_headers eval
["Authorization: Bearer $::es256",
 "Authorization: Bearer $::rs256",
 "Authorization: Bearer $::hs_good",
 "Authorization: Bearer $::eddsa",
 "Authorization: Bearer $::rs256"]
--- error_code eval
[401, 401, 401, 401, 401]
--- response_headers eval
[($::not_allowed) x 5]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 12: an RSA key: an RS256 signature under a PS256 header, a PS256 one under RS256, RS512 under RS256: bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::rs_as_ps",
 "Authorization: Bearer $::ps_as_rs",
 "Authorization: Bearer $::rs512_as_rs256"]
--- error_code eval
[401, 401, 401]
--- response_headers eval
[($::bad_signature) x 3]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 13: a JWK with "alg": "RS256" verifies RS256 only: PS256 and RS384 from the same key are refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1-rs256.jwk;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::rs256",
 "Authorization: Bearer $::ps256",
 "Authorization: Bearer $::rs384"]
--- error_code eval
[200, 401, 401]
--- response_body eval
["user=user-rs256\n", qr/401/, qr/401/]
--- response_headers eval
["!WWW-Authenticate", $::not_allowed, $::not_allowed]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 14: a JWK with "alg": "RS256": a PS256 token is logged as alg_not_allowed
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1-rs256.jwk;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::ps256"
--- error_code: 401
--- error_log
jwt_auth: rejected, alg_not_allowed: alg is not allowed here
--- no_error_log
[error]
[alert]
[crit]



=== TEST 15: the same RSA key without "alg" verifies RS256, PS256 and RS384
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.jwk;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::rs256",
 "Authorization: Bearer $::ps256",
 "Authorization: Bearer $::rs384"]
--- error_code eval
[200, 200, 200]
--- response_body eval
["user=user-rs256\n", "user=user-ps256\n", "user=user-rs384\n"]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 16: jwt_auth_algorithms narrows what the keys could verify: RS256 only, PS256 and ES256 refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.pub.pem;
        jwt_auth_algorithms RS256;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::rs256",
 "Authorization: Bearer $::ps256",
 "Authorization: Bearer $::es256"]
--- error_code eval
[200, 401, 401]
--- response_body eval
["user=user-rs256\n", qr/401/, qr/401/]
--- response_headers eval
["!WWW-Authenticate", $::not_allowed, $::not_allowed]
--- no_error_log
[error]
[alert]
[crit]
