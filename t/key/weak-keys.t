# Keys anyone can sign for are refused, found by the keyset fuzz target
# (t/fuzz/crashes): an Ed25519 public key that is a point of small order
# (here the neutral point, y = 1: then S = 0 and R the neutral point
# verify every message, and OpenSSL does not refuse such a key), and an
# RSA key with the exponent 1 (the padded digest is its own signature).
# Before, the forged token of TEST 1 got 200 as "admin".  An RSA-PSS key
# restricted to SHA-256 verified PS384 tokens by a 500; it now verifies
# PS256 only, and another PS* is refused as not allowed.
use FindBin;
use lib "$FindBin::Bin/../lib";
BEGIN { $ENV{TEST_NGINX_KEYS} //= "$FindBin::Bin/../keys" }
use JWTAuthTest;
use JWTAuthKeys;
use Test::Nginx::Socket 'no_plan';

our $neutral_jwk = '{"kty":"OKP","crv":"Ed25519","x":"' . b64url("\x01" . "\x00" x 31) . '"}';
our $neutral_jwks = '{"keys":[' . $neutral_jwk . ']}';
our $e1_jwk = '{"kty":"RSA","e":"AQ","n":"' . b64url("\xc1" . "\x5a" x 254 . "\x01") . '"}';

# R = the neutral point, S = 0: valid for the neutral key, whatever the message
our $forged = do {
    my $h = b64url('{"alg":"EdDSA"}');
    my $p = b64url(json_text(claims(sub => 'admin')));
    "$h.$p." . b64url("\x01" . "\x00" x 63);
};

our $pss = do { local $/; open my $f, '<', "$FindBin::Bin/../fuzz/crashes/keyset-3" or die; <$f> };
our $ps384 = jwt_pk('PS384', 'rsa1.key', undef, claims());

add_block_preprocessor(\&jwt_auth_defaults);
run_tests();

__DATA__

=== TEST 1: nginx -t refuses an Ed25519 key of small order
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_key_file $TEST_NGINX_SERVER_ROOT/html/neutral.jwk;
    }
--- user_files eval
[['neutral.jwk', $::neutral_jwk]]
--- must_die
--- suppress_stderr
--- error_log
the Ed25519 key is a point of small order, for which anyone could sign



=== TEST 2: a JWKS fetched with such a key is refused whole: the forged token gets 500, never 200
--- config
    location = /_jwks {
        internal;
        alias html/neutral.jwks;
    }
    location /api/ {
        jwt_auth "api";
        jwt_auth_key_request /_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['neutral.jwks', $::neutral_jwks]]
--- request
GET /api/x
--- more_headers eval
"Authorization: Bearer $::forged"
--- error_code: 500
--- error_log
the key request "/_jwks" gave no keys: the Ed25519 key is a point of small order



=== TEST 3: nginx -t refuses an RSA key with the exponent 1
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_key_file $TEST_NGINX_SERVER_ROOT/html/e1.jwk;
    }
--- user_files eval
[['e1.jwk', $::e1_jwk]]
--- must_die
--- suppress_stderr
--- error_log
the RSA key's modulus or exponent is not valid (both odd, the exponent at least 3)



=== TEST 4: an RSA-PSS key restricted to SHA-256: a PS384 token is refused as not allowed (401), not a 500
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_key_file $TEST_NGINX_SERVER_ROOT/html/pss.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['pss.pem', $::pss]]
--- request
GET /api/x
--- more_headers eval
"Authorization: Bearer $::ps384"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="alg is not allowed here"
--- no_error_log
[crit]
