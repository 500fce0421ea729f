# Strict JOSE headers and registered claims (RFC 7515 section 4.1, RFC
# 7519 section 4.1, RFC 8725): every token here is signed with the right
# secret, so only the strict rules refuse it; before them, each got 200.
#
#   - registered header members of the wrong JSON type (a null or numeric
#     "kid" is not "no kid"), "enc" on a signed token, "b64" (which RFC
#     7797 requires in "crit", itself refused): bad_header;
#   - registered claims of the wrong type, whether or not the location
#     checks them: bad_claim;
#   - a token with "aud" where the location configures no audience (RFC
#     7519, 4.1.3): bad_audience, unless "jwt_auth_audience off" accepts
#     any audience.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

sub with_header {
    my (%members) = @_;
    return jwt_hs({ alg => 'HS256', %members }, claims(), SECRET);
}

sub challenge {
    my ($description) = @_;
    return 'WWW-Authenticate: Bearer realm="api", error="invalid_token", '
         . "error_description=\"$description\"";
}

# [token, description of its refusal]
our @bad_headers = (
    [with_header(kid => undef), "header's kid is not a string"],
    [with_header(kid => 7), "header's kid is not a string"],
    [with_header(kid => ['k1']), "header's kid is not a string"],
    [with_header(typ => JSON::PP::true()), "header's typ is not a string"],
    [with_header(cty => 1), "header's cty is not a string"],
    [with_header(jku => {}), "header's jku is not a string"],
    [with_header(x5u => 0), "header's x5u is not a string"],
    [with_header(x5t => []), "header's x5t is not a string"],
    [with_header('x5t#S256' => 1), "header's x5t#S256 is not a string"],
    [with_header(x5c => 'MIIB'), "header's x5c is not an array of strings"],
    [with_header(x5c => [1]), "header's x5c is not an array of strings"],
    [with_header(jwk => 'k'), "header's jwk is not an object"],
    [with_header(enc => 'A256GCM'),
     'header has enc: an encrypted token, not a signed one'],
    [with_header(b64 => JSON::PP::false()), 'header has b64, which needs crit'],
);

# the same members, of the right types, pass
our @good_headers = (
    with_header(kid => 'k1', typ => 'JWT', cty => 'json',
                jku => 'https://issuer.example/jwks',
                x5u => 'https://issuer.example/cert', x5t => 'abc',
                'x5t#S256' => 'def', x5c => ['MIIB', 'MIIC'],
                jwk => { kty => 'oct' }),
    with_header(x5c => []),
);

our @bad_claims = (
    [token(iat => 'yesterday'), 'iat is not a number'],
    [token(iat => undef, nbf => JSON::PP::true()), 'nbf is not a number'],
    [token(exp => '2099-01-01'), 'exp is not a number'],
    [token(jti => 12345), 'jti is not a string'],
    [token(iss => ['https://issuer.example']), 'iss is not a string'],
    [token(iss => undef, aud => ['api', 7]),
     'aud is not a string or an array of strings'],
    [token(aud => { api => 1 }), 'aud is not a string or an array of strings'],
);

our @good_claims = (
    token(iat => now(), nbf => now() - 10, jti => 'j-1',
          iss => 'https://issuer.example'),
    token(iat => now() + 0.5),
);

our $aud_string = token(aud => 'https://app.example.com');
our $aud_array = token(aud => ['https://app.example.com', 'other']);
our $aud_empty_array = token(aud => []);
our $no_aud = token();

add_block_preprocessor(\&jwt_auth_defaults);
run_tests();

__DATA__

=== TEST 1: registered header members of the wrong type, enc and b64 are refused with bad_header
--- config
    location /api/ {
        jwt_auth "api";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
[map { "GET /api/$_" } 1 .. @::bad_headers]
--- more_headers eval
[map { "Authorization: Bearer $_->[0]" } @::bad_headers]
--- error_code eval
[(401) x @::bad_headers]
--- response_headers eval
[map { ::challenge($_->[1]) } @::bad_headers]



=== TEST 2: bad_header is the reason code, logged at info
--- config
    location /api/ {
        jwt_auth "api";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/x
--- more_headers eval
"Authorization: Bearer " . $::bad_headers[1][0]
--- error_code: 401
--- error_log
jwt_auth: rejected, bad_header: header's kid is not a string



=== TEST 3: the same members with their registered types pass
--- config
    location /api/ {
        jwt_auth "api";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/1", "GET /api/2"]
--- more_headers eval
[map { "Authorization: Bearer $_" } @::good_headers]
--- response_body eval
["user=\n", "user=\n"]



=== TEST 4: registered claims of the wrong type are refused with bad_claim, though the location checks neither iss nor aud
--- config
    location /api/ {
        jwt_auth "api";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
[map { "GET /api/$_" } 1 .. @::bad_claims]
--- more_headers eval
[map { "Authorization: Bearer $_->[0]" } @::bad_claims]
--- error_code eval
[(401) x @::bad_claims]
--- response_headers eval
[map { ::challenge($_->[1]) } @::bad_claims]



=== TEST 5: registered claims of their types pass (a real iat too)
--- config
    location /api/ {
        jwt_auth "api";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/1", "GET /api/2"]
--- more_headers eval
[map { "Authorization: Bearer $_" } @::good_claims]
--- response_body eval
["user=\n", "user=\n"]



=== TEST 6: a token with an aud, string or array, where no audience is configured is refused (RFC 7519, 4.1.3); one without passes
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /api/4"]
--- more_headers eval
["Authorization: Bearer $::aud_string", "Authorization: Bearer $::aud_array",
 "Authorization: Bearer $::aud_empty_array", "Authorization: Bearer $::no_aud"]
--- error_code eval
[401, 401, 401, 200]
--- response_headers eval
[::challenge('token has an audience, and none is configured'),
 ::challenge('token has an audience, and none is configured'),
 ::challenge('token has an audience, and none is configured'),
 "!WWW-Authenticate"]



=== TEST 7: jwt_auth_audience off accepts any audience, and none
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_audience off;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /api/4"]
--- more_headers eval
["Authorization: Bearer $::aud_string", "Authorization: Bearer $::aud_array",
 "Authorization: Bearer $::aud_empty_array", "Authorization: Bearer $::no_aud"]
--- response_body eval
[("user=user-1\n") x 4]



=== TEST 8: jwt_auth_audience off still refuses an aud of the wrong type
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_audience off;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/1
--- more_headers eval
"Authorization: Bearer " . $::bad_claims[-1][0]
--- error_code: 401
--- response_headers eval
::challenge('aud is not a string or an array of strings')



=== TEST 9: an audience listed in a location replaces an outer "off"
--- http_config
    jwt_auth_audience off;
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_audience other;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /any/ {
        jwt_auth "api";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/1", "GET /any/1"]
--- more_headers eval
["Authorization: Bearer $::aud_string", "Authorization: Bearer $::aud_string"]
--- error_code eval
[401, 200]
--- response_headers eval
[::challenge('audience is not accepted'), "!WWW-Authenticate"]



=== TEST 10: config error: jwt_auth_audience off with an audience
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_audience off https://app.example.com;
    }
--- must_die
--- suppress_stderr
--- error_log
"jwt_auth_audience" directive takes no other parameter with "off"



=== TEST 11: config error: jwt_auth_audience off and a list at one level
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_audience https://app.example.com;
        jwt_auth_audience off;
    }
--- must_die
--- suppress_stderr
--- error_log
"jwt_auth_audience" directive cannot be "off" and list audiences at one level
