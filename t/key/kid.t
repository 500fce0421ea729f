# kid routing with a JWKS of several keys (t/keys/several.jwks: RSA r1,
# r2; P-256 e1, e2; P-384 e384; P-521 e521; Ed25519 d1, d2).  A token
# with a kid is verified only by the key with that kid (or by keys that
# have no kid: secrets, PEM keys, a JWK without one); a kid no key has, or
# whose key is of another type, gets 401 unknown_key ("no key has the
# token's kid"); a token without a kid is verified by whichever key of
# its type signed it.
use FindBin;
use lib "$FindBin::Bin/../lib";
BEGIN { $ENV{TEST_NGINX_KEYS} //= "$FindBin::Bin/../keys" }
use JWTAuthTest;
use JWTAuthKeys;
use Test::Nginx::Socket 'no_plan';

sub signed {
    my ($alg, $key, $kid, $sub) = @_;
    return jwt_pk($alg, $key, { kid => $kid }, claims(sub => $sub));
}

# the right kid
our $r1 = signed('RS256', 'rsa1.key', 'r1', 'user-r1');
our $r2 = signed('PS256', 'rsa2.key', 'r2', 'user-r2');
our $e1 = signed('ES256', 'ec256a.key', 'e1', 'user-e1');
our $e2 = signed('ES256', 'ec256b.key', 'e2', 'user-e2');
our $e384 = signed('ES384', 'ec384.key', 'e384', 'user-e384');
our $e521 = signed('ES512', 'ec521.key', 'e521', 'user-e521');
our $d1 = signed('EdDSA', 'ed1.key', 'd1', 'user-d1');
our $d2 = signed('EdDSA', 'ed2.key', 'd2', 'user-d2');

# the kid of the other key of the same type
our $rsa2_as_r1 = signed('RS256', 'rsa2.key', 'r1', 'user-r2');
our $ec256b_as_e1 = signed('ES256', 'ec256b.key', 'e1', 'user-e2');
our $ed2_as_d1 = signed('EdDSA', 'ed2.key', 'd1', 'user-d2');

# no key has the kid; the kid's key is of another type
our $unknown = signed('RS256', 'rsa1.key', 'no-such-kid', 'user-r1');
our $upper = signed('RS256', 'rsa1.key', 'R1', 'user-r1');
our $es_as_r1 = signed('ES256', 'ec256a.key', 'r1', 'user-e1');
our $eddsa_as_e1 = signed('EdDSA', 'ed1.key', 'e1', 'user-d1');
our $rs_as_d2 = signed('RS256', 'rsa2.key', 'd2', 'user-r2');

# no kid: found among the keys of its type
our $r2_nokid = signed('RS256', 'rsa2.key', undef, 'user-r2');
our $e2_nokid = signed('ES256', 'ec256b.key', undef, 'user-e2');
our $d2_nokid = signed('EdDSA', 'ed2.key', undef, 'user-d2');
our $e521_nokid = signed('ES512', 'ec521.key', undef, 'user-e521');
our $rsa_other_nokid = jwt_pk('RS256', 'rsa1024.key');  # in no set

# a kid with keys that have none
our $hs_kid = jwt_hs({ alg => 'HS256', kid => 'no-such-kid' },
                     claims(sub => 'user-hs'), SECRET);
our $ed1_kid = signed('EdDSA', 'ed1.key', 'no-such-kid', 'user-d1');

our $bad_signature = 'WWW-Authenticate: Bearer realm="tasks", '
    . 'error="invalid_token", error_description="signature does not verify"';
our $unknown_key = 'WWW-Authenticate: Bearer realm="tasks", '
    . 'error="invalid_token", error_description="no key has the token\'s kid"';

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: each kid routes to its key: RSA, P-256, P-384, P-521 and Ed25519 tokens pass
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/several.jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/r1", "GET /api/r2", "GET /api/e1", "GET /api/e2",
 "GET /api/e384", "GET /api/e521", "GET /api/d1", "GET /api/d2"]
--- more_headers eval
["Authorization: Bearer $::r1",
 "Authorization: Bearer $::r2",
 "Authorization: Bearer $::e1",
 "Authorization: Bearer $::e2",
 "Authorization: Bearer $::e384",
 "Authorization: Bearer $::e521",
 "Authorization: Bearer $::d1",
 "Authorization: Bearer $::d2"]
--- error_code eval
[(200) x 8]
--- response_body eval
["user=user-r1\n", "user=user-r2\n", "user=user-e1\n", "user=user-e2\n",
 "user=user-e384\n", "user=user-e521\n", "user=user-d1\n", "user=user-d2\n"]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 2: a token signed by one key under the kid of another key of its type: bad_signature (only the kid's key is tried)
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/several.jwks;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/rsa", "GET /api/ec", "GET /api/ed"]
--- more_headers eval
["Authorization: Bearer $::rsa2_as_r1",
 "Authorization: Bearer $::ec256b_as_e1",
 "Authorization: Bearer $::ed2_as_d1"]
--- error_code eval
[401, 401, 401]
--- response_headers eval
[($::bad_signature) x 3]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 3: the kid of another key of the type: the refusal is logged as bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/several.jwks;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::rsa2_as_r1"
--- error_code: 401
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 4: a kid no key has: 401 unknown_key, with its challenge and its log line
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/several.jwks;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::unknown"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="no key has the token's kid"
--- error_log
jwt_auth: rejected, unknown_key: no key has the token's kid
--- no_error_log
[error]
[alert]
[crit]



=== TEST 5: unknown_key is what $jwt_auth_error holds
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/several.jwks;
        error_page 401 = @why;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location @why {
        return 401 "error=$jwt_auth_error\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::unknown"
--- error_code: 401
--- response_body
error=unknown_key



=== TEST 6: kids are compared exactly: "R1" is not "r1"
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/several.jwks;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::upper"
--- error_code: 401
--- response_headers eval
$::unknown_key
--- no_error_log
[error]
[alert]
[crit]



=== TEST 7: a kid whose key is of another type (ES256 under an RSA kid, EdDSA under a P-256 kid, RS256 under an Ed25519 kid): unknown_key
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/several.jwks;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::es_as_r1",
 "Authorization: Bearer $::eddsa_as_e1",
 "Authorization: Bearer $::rs_as_d2"]
--- error_code eval
[401, 401, 401]
--- response_headers eval
[($::unknown_key) x 3]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 8: a kid whose key is of another type: logged as unknown_key
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/several.jwks;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::es_as_r1"
--- error_code: 401
--- error_log
jwt_auth: rejected, unknown_key: no key has the token's kid
--- no_error_log
[error]
[alert]
[crit]



=== TEST 9: no kid: the key that signed is found among the keys of the token's type
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/several.jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/rsa", "GET /api/ec", "GET /api/ed", "GET /api/p521"]
--- more_headers eval
["Authorization: Bearer $::r2_nokid",
 "Authorization: Bearer $::e2_nokid",
 "Authorization: Bearer $::d2_nokid",
 "Authorization: Bearer $::e521_nokid"]
--- error_code eval
[200, 200, 200, 200]
--- response_body eval
["user=user-r2\n", "user=user-e2\n", "user=user-d2\n", "user=user-e521\n"]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 10: no kid, and no key of the set signed it: bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/several.jwks;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::rsa_other_nokid"
--- error_code: 401
--- response_headers eval
$::bad_signature
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 11: keys without a kid are tried for any kid: a secret, a PEM key, a JWK without kid
--- config
    location /secret/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/several.jwks;
        jwt_auth_secret "better-auth-secret-for-tests-256";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /pem/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/several.jwks;
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /jwk/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ed1.jwk;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /secret/a", "GET /pem/a", "GET /jwk/a"]
--- more_headers eval
["Authorization: Bearer $::hs_kid",
 "Authorization: Bearer $::unknown",
 "Authorization: Bearer $::ed1_kid"]
--- error_code eval
[200, 200, 200]
--- response_body eval
["user=user-hs\n", "user=user-r1\n", "user=user-d1\n"]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]
