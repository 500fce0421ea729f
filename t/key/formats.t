# Key file formats, detected from the content: PEM SPKI ("BEGIN PUBLIC
# KEY"), PEM PKCS#1 ("BEGIN RSA PUBLIC KEY"), PEM X.509 certificates (RSA
# and EC), a single JWK of each type (RSA, EC P-256/P-384/P-521, OKP
# Ed25519, oct as a secret), and a JWKS whose encryption key and
# unsupported keys (X25519, secp256k1) are skipped with a warning.  Also:
# several key files in one place, key files next to secrets, keys of one
# level replacing the inherited ones, and a relative path (relative to
# the configuration prefix).
use FindBin;
use lib "$FindBin::Bin/../lib";
BEGIN { $ENV{TEST_NGINX_KEYS} //= "$FindBin::Bin/../keys" }
use JWTAuthTest;
use JWTAuthKeys;
use Test::Nginx::Socket 'no_plan';

sub user { claims(sub => $_[0]) }

our $rs256 = jwt_pk('RS256', 'rsa1.key', undef, user('user-rs256'));
our $ps256 = jwt_pk('PS256', 'rsa1.key', undef, user('user-ps256'));
our $ps512 = jwt_pk('PS512', 'rsa1.key', undef, user('user-ps512'));
our $rs256_rsa2 = jwt_pk('RS256', 'rsa2.key', undef, user('user-rsa2'));
our $es256 = jwt_pk('ES256', 'ec256a.key', undef, user('user-es256'));
our $es256_b = jwt_pk('ES256', 'ec256b.key', undef, user('user-es256b'));
our $es384 = jwt_pk('ES384', 'ec384.key', undef, user('user-es384'));
our $es512 = jwt_pk('ES512', 'ec521.key', undef, user('user-es512'));
our $eddsa = jwt_pk('EdDSA', 'ed1.key', undef, user('user-eddsa'));
our $eddsa_2 = jwt_pk('EdDSA', 'ed2.key', undef, user('user-ed2'));
our $hs256 = token(sub => 'user-hs256');
our $hs256_other = jwt_hs({ alg => 'HS256' }, user('user-hs256'), OTHER_SECRET);

# the keys of mixed.jwks, by kid, and its skipped encryption key
our $mixed_rsa = jwt_pk('RS256', 'rsa1.key', { kid => 'rsa-1' }, user('user-rsa-1'));
our $mixed_ec = jwt_pk('ES256', 'ec256a.key', { kid => 'ec-1' }, user('user-ec-1'));
our $mixed_ed = jwt_pk('EdDSA', 'ed1.key', { kid => 'ed-1' }, user('user-ed-1'));
our $mixed_enc = jwt_pk('RS256', 'rsa2.key', { kid => 'enc-1' }, user('user-enc-1'));

our $rsa1_pub = key_text('rsa1.pub.pem');

our $bad_signature = 'WWW-Authenticate: Bearer realm="tasks", '
    . 'error="invalid_token", error_description="signature does not verify"';
our $not_allowed = 'WWW-Authenticate: Bearer realm="tasks", '
    . 'error="invalid_token", error_description="alg is not allowed here"';
our $unknown_key = 'WWW-Authenticate: Bearer realm="tasks", '
    . 'error="invalid_token", error_description="no key has the token\'s kid"';

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: PEM SPKI ("BEGIN PUBLIC KEY") of an RSA key: RS256 and PS256 pass, another key's token does not
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::rs256",
 "Authorization: Bearer $::ps256",
 "Authorization: Bearer $::rs256_rsa2"]
--- error_code eval
[200, 200, 401]
--- response_body eval
["user=user-rs256\n", "user=user-ps256\n", qr/401/]
--- response_headers eval
["!WWW-Authenticate", "!WWW-Authenticate", $::bad_signature]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 2: PEM PKCS#1 ("BEGIN RSA PUBLIC KEY"): RS256 and PS512 pass, another key's token does not
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.rsapub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::rs256",
 "Authorization: Bearer $::ps512",
 "Authorization: Bearer $::rs256_rsa2"]
--- error_code eval
[200, 200, 401]
--- response_body eval
["user=user-rs256\n", "user=user-ps512\n", qr/401/]
--- response_headers eval
["!WWW-Authenticate", "!WWW-Authenticate", $::bad_signature]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 3: a PEM X.509 certificate of an RSA key: its public key verifies
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.cert.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::rs256",
 "Authorization: Bearer $::rs256_rsa2"]
--- error_code eval
[200, 401]
--- response_body eval
["user=user-rs256\n", qr/401/]
--- response_headers eval
["!WWW-Authenticate", $::bad_signature]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 4: a PEM X.509 certificate of a P-256 key: its public key verifies ES256
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.cert.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::es256",
 "Authorization: Bearer $::es256_b",
 "Authorization: Bearer $::rs256"]
--- error_code eval
[200, 401, 401]
--- response_body eval
["user=user-es256\n", qr/401/, qr/401/]
--- response_headers eval
["!WWW-Authenticate", $::bad_signature, $::not_allowed]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 5: an RSA JWK: RS256 and PS512 pass, another key's token does not
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
 "Authorization: Bearer $::ps512",
 "Authorization: Bearer $::rs256_rsa2"]
--- error_code eval
[200, 200, 401]
--- response_body eval
["user=user-rs256\n", "user=user-ps512\n", qr/401/]
--- response_headers eval
["!WWW-Authenticate", "!WWW-Authenticate", $::bad_signature]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 6: an EC JWK on P-256: ES256 passes, another P-256 key's token does not
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.jwk;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::es256",
 "Authorization: Bearer $::es256_b"]
--- error_code eval
[200, 401]
--- response_body eval
["user=user-es256\n", qr/401/]
--- response_headers eval
["!WWW-Authenticate", $::bad_signature]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 7: an OKP JWK (Ed25519): EdDSA passes, another Ed25519 key's token does not
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ed1.jwk;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::eddsa",
 "Authorization: Bearer $::eddsa_2"]
--- error_code eval
[200, 401]
--- response_body eval
["user=user-eddsa\n", qr/401/]
--- response_headers eval
["!WWW-Authenticate", $::bad_signature]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 8: an oct JWK is a secret: HS256 with its bytes passes, another secret and RS256 do not
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/oct.jwk;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::hs256",
 "Authorization: Bearer $::hs256_other",
 "Authorization: Bearer $::rs256"]
--- error_code eval
[200, 401, 401]
--- response_body eval
["user=user-hs256\n", qr/401/, qr/401/]
--- response_headers eval
["!WWW-Authenticate", $::bad_signature, $::not_allowed]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 9: a JWKS with an encryption key and unsupported keys: its RSA, EC and Ed25519 signing keys verify
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/mixed.jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::mixed_rsa",
 "Authorization: Bearer $::mixed_ec",
 "Authorization: Bearer $::mixed_ed"]
--- error_code eval
[200, 200, 200]
--- response_body eval
["user=user-rsa-1\n", "user=user-ec-1\n", "user=user-ed-1\n"]
--- suppress_stderr
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 10: the JWKS's skipped keys are named in a warning when nginx starts, each by its kid
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/mixed.jwks;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::mixed_rsa"
--- suppress_stderr
--- error_log
[warn]
mixed.jwks": 3 key(s) skipped: kid "enc-1" (
kid "x25519-1" (
kid "k256-1" (
--- no_error_log
[error]
[alert]
[crit]



=== TEST 11: the JWKS's encryption key verifies nothing: its kid is unknown, and without the kid it is not tried
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/mixed.jwks;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::mixed_enc",
 "Authorization: Bearer $::rs256_rsa2"]
--- error_code eval
[401, 401]
--- response_headers eval
[$::unknown_key, $::bad_signature]
--- suppress_stderr
--- no_error_log
[error]
[alert]
[crit]



=== TEST 12: several key files in one location, of several formats: each key verifies its tokens
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.rsapub.pem;
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.jwk;
        jwt_auth_key_file $TEST_NGINX_KEYS/ed1.pub.pem;
        jwt_auth_key_file $TEST_NGINX_KEYS/oct.jwk;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d", "GET /api/e"]
--- more_headers eval
["Authorization: Bearer $::rs256",
 "Authorization: Bearer $::es256",
 "Authorization: Bearer $::eddsa",
 "Authorization: Bearer $::hs256",
 "Authorization: Bearer $::es256_b"]
--- error_code eval
[200, 200, 200, 200, 401]
--- response_body eval
["user=user-rs256\n", "user=user-es256\n", "user=user-eddsa\n",
 "user=user-hs256\n", qr/401/]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 13: keys of one level replace the inherited ones: http's key file, a server's secret, a location's key file
--- http_config
    jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
--- config
    location /inherited/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /secret/ {
        jwt_auth "tasks";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /ec/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /inherited/a", "GET /inherited/b",
 "GET /secret/a", "GET /secret/b",
 "GET /ec/a", "GET /ec/b"]
--- more_headers eval
["Authorization: Bearer $::rs256", "Authorization: Bearer $::hs256",
 "Authorization: Bearer $::hs256", "Authorization: Bearer $::rs256",
 "Authorization: Bearer $::es256", "Authorization: Bearer $::rs256"]
--- error_code eval
[200, 401, 200, 401, 200, 401]
--- response_body eval
["user=user-rs256\n", qr/401/, "user=user-hs256\n", qr/401/,
 "user=user-es256\n", qr/401/]
--- response_headers eval
["!WWW-Authenticate", $::not_allowed, "!WWW-Authenticate", $::not_allowed,
 "!WWW-Authenticate", $::not_allowed]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 14: a relative path is relative to the configuration prefix (conf/)
--- user_files eval
[["rsa1.pub.pem", $::rsa1_pub]]
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file ../html/rsa1.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::rs256"
--- response_body
user=user-rs256
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 15: an EC JWK on P-384: ES384 passes
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec384.jwk;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::es384"
--- response_body
user=user-es384
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 16: an EC JWK on P-521: ES512 passes
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec521.jwk;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::es512"
--- response_body
user=user-es512
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]
