# Public-key algorithms through nginx: for each of RS256/384/512,
# PS256/384/512, ES256/384/512 and EdDSA, a valid token signed with the
# private key of the configured public key passes and the upstream (a
# location of the same server, reached by proxy_pass) sees X-User-Id;
# the payload of another user under that token's signature, a signature
# made with another key of the same type, a signature cut short, and no
# signature at all get 401 bad_signature.  The last blocks check the log
# line of a few of these refusals.
use FindBin;
use lib "$FindBin::Bin/../lib";
BEGIN { $ENV{TEST_NGINX_KEYS} //= "$FindBin::Bin/../keys" }
use JWTAuthTest;
use JWTAuthKeys;
use Test::Nginx::Socket 'no_plan';

# alg => [the key that signs (its public key is configured), another key
# of the same type and size]
my %keys = (
    RS256 => ['rsa1', 'rsa2'],
    RS384 => ['rsa1', 'rsa2'],
    RS512 => ['rsa1', 'rsa2'],
    PS256 => ['rsa1', 'rsa2'],
    PS384 => ['rsa1', 'rsa2'],
    PS512 => ['rsa1', 'rsa2'],
    ES256 => ['ec256a', 'ec256b'],
    ES384 => ['ec384', 'ec384b'],
    ES512 => ['ec521', 'ec521b'],
    EdDSA => ['ed1', 'ed2'],
);

our (%good, %tampered, %other_key, %truncated, %no_sig);

for my $alg (sort keys %keys) {
    my ($mine, $other) = @{ $keys{$alg} };
    my $claims = claims(sub => 'user-' . lc $alg);

    $good{$alg} = jwt_pk($alg, "$mine.key", undef, $claims);

    # the payload of "admin" under the signature of the good token
    my ($h, $p, $s) = split /\./, $good{$alg};
    $tampered{$alg} = join '.', $h, b64url(json_text(claims(sub => 'admin'))),
                                $s;
    $no_sig{$alg} = "$h.$p.";

    $other_key{$alg} = jwt_pk($alg, "$other.key", undef, $claims);
    $truncated{$alg} = jwt_pk_truncated($alg, "$mine.key", undef, $claims);
}

our $bad_signature = 'WWW-Authenticate: Bearer realm="tasks", '
    . 'error="invalid_token", error_description="signature does not verify"';

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: RS256: a valid token passes and the upstream sees X-User-Id
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good{RS256}"
--- response_body
user=user-rs256
--- response_headers
!WWW-Authenticate
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 2: RS256: another user's payload, rsa2's signature, a signature cut short, none: all bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::tampered{RS256}",
 "Authorization: Bearer $::other_key{RS256}",
 "Authorization: Bearer $::truncated{RS256}",
 "Authorization: Bearer $::no_sig{RS256}"]
--- error_code eval
[401, 401, 401, 401]
--- response_headers eval
[($::bad_signature) x 4]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 3: RS384: a valid token passes and the upstream sees X-User-Id
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good{RS384}"
--- response_body
user=user-rs384
--- response_headers
!WWW-Authenticate
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 4: RS384: another user's payload, rsa2's signature, a signature cut short, none: all bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::tampered{RS384}",
 "Authorization: Bearer $::other_key{RS384}",
 "Authorization: Bearer $::truncated{RS384}",
 "Authorization: Bearer $::no_sig{RS384}"]
--- error_code eval
[401, 401, 401, 401]
--- response_headers eval
[($::bad_signature) x 4]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 5: RS512: a valid token passes and the upstream sees X-User-Id
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good{RS512}"
--- response_body
user=user-rs512
--- response_headers
!WWW-Authenticate
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 6: RS512: another user's payload, rsa2's signature, a signature cut short, none: all bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::tampered{RS512}",
 "Authorization: Bearer $::other_key{RS512}",
 "Authorization: Bearer $::truncated{RS512}",
 "Authorization: Bearer $::no_sig{RS512}"]
--- error_code eval
[401, 401, 401, 401]
--- response_headers eval
[($::bad_signature) x 4]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 7: PS256: a valid token passes and the upstream sees X-User-Id
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good{PS256}"
--- response_body
user=user-ps256
--- response_headers
!WWW-Authenticate
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 8: PS256: another user's payload, rsa2's signature, a signature cut short, none: all bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::tampered{PS256}",
 "Authorization: Bearer $::other_key{PS256}",
 "Authorization: Bearer $::truncated{PS256}",
 "Authorization: Bearer $::no_sig{PS256}"]
--- error_code eval
[401, 401, 401, 401]
--- response_headers eval
[($::bad_signature) x 4]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 9: PS384: a valid token passes and the upstream sees X-User-Id
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good{PS384}"
--- response_body
user=user-ps384
--- response_headers
!WWW-Authenticate
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 10: PS384: another user's payload, rsa2's signature, a signature cut short, none: all bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::tampered{PS384}",
 "Authorization: Bearer $::other_key{PS384}",
 "Authorization: Bearer $::truncated{PS384}",
 "Authorization: Bearer $::no_sig{PS384}"]
--- error_code eval
[401, 401, 401, 401]
--- response_headers eval
[($::bad_signature) x 4]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 11: PS512: a valid token passes and the upstream sees X-User-Id
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good{PS512}"
--- response_body
user=user-ps512
--- response_headers
!WWW-Authenticate
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 12: PS512: another user's payload, rsa2's signature, a signature cut short, none: all bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::tampered{PS512}",
 "Authorization: Bearer $::other_key{PS512}",
 "Authorization: Bearer $::truncated{PS512}",
 "Authorization: Bearer $::no_sig{PS512}"]
--- error_code eval
[401, 401, 401, 401]
--- response_headers eval
[($::bad_signature) x 4]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 13: ES256: a valid token passes and the upstream sees X-User-Id
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good{ES256}"
--- response_body
user=user-es256
--- response_headers
!WWW-Authenticate
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 14: ES256: another user's payload, ec256b's signature, a signature cut short, none: all bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::tampered{ES256}",
 "Authorization: Bearer $::other_key{ES256}",
 "Authorization: Bearer $::truncated{ES256}",
 "Authorization: Bearer $::no_sig{ES256}"]
--- error_code eval
[401, 401, 401, 401]
--- response_headers eval
[($::bad_signature) x 4]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 15: ES384: a valid token passes and the upstream sees X-User-Id
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec384.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good{ES384}"
--- response_body
user=user-es384
--- response_headers
!WWW-Authenticate
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 16: ES384: another user's payload, ec384b's signature, a signature cut short, none: all bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec384.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::tampered{ES384}",
 "Authorization: Bearer $::other_key{ES384}",
 "Authorization: Bearer $::truncated{ES384}",
 "Authorization: Bearer $::no_sig{ES384}"]
--- error_code eval
[401, 401, 401, 401]
--- response_headers eval
[($::bad_signature) x 4]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 17: ES512: a valid token passes and the upstream sees X-User-Id
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec521.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good{ES512}"
--- response_body
user=user-es512
--- response_headers
!WWW-Authenticate
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 18: ES512: another user's payload, ec521b's signature, a signature cut short, none: all bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec521.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::tampered{ES512}",
 "Authorization: Bearer $::other_key{ES512}",
 "Authorization: Bearer $::truncated{ES512}",
 "Authorization: Bearer $::no_sig{ES512}"]
--- error_code eval
[401, 401, 401, 401]
--- response_headers eval
[($::bad_signature) x 4]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 19: EdDSA: a valid token passes and the upstream sees X-User-Id
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ed1.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good{EdDSA}"
--- response_body
user=user-eddsa
--- response_headers
!WWW-Authenticate
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 20: EdDSA: another user's payload, ed2's signature, a signature cut short, none: all bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ed1.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::tampered{EdDSA}",
 "Authorization: Bearer $::other_key{EdDSA}",
 "Authorization: Bearer $::truncated{EdDSA}",
 "Authorization: Bearer $::no_sig{EdDSA}"]
--- error_code eval
[401, 401, 401, 401]
--- response_headers eval
[($::bad_signature) x 4]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 21: RS256, another user's payload: the refusal is logged with its reason
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::tampered{RS256}"
--- error_code: 401
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 22: PS512 signed by another RSA key: the refusal is logged with its reason
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::other_key{PS512}"
--- error_code: 401
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 23: ES384 with a signature cut short: the refusal is logged with its reason
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec384.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::truncated{ES384}"
--- error_code: 401
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 24: EdDSA signed by another Ed25519 key: the refusal is logged with its reason
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ed1.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::other_key{EdDSA}"
--- error_code: 401
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]
