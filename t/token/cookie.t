# jwt_auth's cookie= source: the token of a cookie by its name, as Better
# Auth sets its cookies (whole, with the __Secure- or __Host- prefix of an
# https base URL, or split into numbered chunks joined in order), and the
# order of precedence of bearer, cookie= and token= as they are written.
# Cookies that cannot be taken (a name or a chunk twice, a missing chunk,
# chunks too large together) are refused as malformed, with the reason.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

our $good = token(sub => 'cookie-user');
our $other = token(sub => 'bearer-user');
our $bad = jwt_hs({ alg => 'HS256' }, claims(), OTHER_SECRET);

# a token long enough to need chunks above 8192 bytes when doubled
our $big = token(sub => 'big', pad => 'p' x 4500);

our $N = 'better-auth.session_data';

sub chunks {
    my ($token, $name, @sizes) = @_;
    my @c;
    my $i = 0;
    for my $size (@sizes) {
        push @c, "$name.$i=" . substr($token, 0, $size, '');
        $i++;
    }
    push @c, "$name.$i=$token" if length $token;
    return @c;
}

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: cookie=: the whole cookie among others, in one or two Cookie headers; X-User-Id from it, the client's copy dropped
--- config
    location /api/ {
        jwt_auth "app" cookie=better-auth.session_data;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Cookie: theme=dark; $::N=$::good; lang=en\nX-User-Id: forged",
 "Cookie: theme=dark\nCookie: $::N=$::good",
 "Cookie: $::N=\"$::good\""]
--- response_body eval
[("user=cookie-user\n") x 3]
--- no_error_log
[error]



=== TEST 2: the prefixed names Better Auth uses over https: __Secure- and __Host-
--- config
    location /api/ {
        jwt_auth "app" cookie=better-auth.session_data;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Cookie: __Secure-$::N=$::good",
 "Cookie: __Host-$::N=$::good"]
--- response_body eval
[("user=cookie-user\n") x 2]



=== TEST 3: a prefixed name comes first: a plain cookie beside it (which any subdomain could set) is not used
--- config
    location /api/ {
        jwt_auth "app" cookie=better-auth.session_data;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Cookie: $::N=$::bad; __Secure-$::N=$::good",
 "Cookie: __Secure-$::N=$::bad; $::N=$::good",
 "Cookie: __Secure-$::N=$::bad; __Host-$::N=$::good"]
--- error_code eval
[200, 401, 200]
--- response_headers eval
["X-Error:", "X-Error: bad_signature", "X-Error:"]



=== TEST 4: chunks: joined in index order, whatever their order in the header; ten and more of them
--- config
    large_client_header_buffers 4 16k;
    location /api/ {
        jwt_auth "app" cookie=better-auth.session_data;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Cookie: " . CORE::join('; ', ::chunks($::good, $::N, 60)),
 "Cookie: " . CORE::join('; ', CORE::reverse(::chunks($::good, $::N, 40, 40, 40))),
 "Cookie: x=1; " . CORE::join('; ', ::chunks($::good, "__Secure-$::N", 30)),
 "Cookie: " . CORE::join('; ', CORE::reverse(::chunks($::good, $::N, (10) x 11)))]
--- response_body eval
[("user=cookie-user\n") x 4]



=== TEST 5: the whole cookie wins over chunks left beside it (Better Auth reads it so); names that only look like a chunk are not chunks
--- config
    location /api/ {
        jwt_auth "app" cookie=better-auth.session_data;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Cookie: $::N.0=stale; $::N=$::good; $::N.1=stale",
 "Cookie: $::N.00=x; $::N.x=y; $::N\_0=z; $::N.100=w; " . CORE::join('; ', ::chunks($::good, $::N, 50)),
 "Cookie: $::N.01=$::good"]
--- error_code eval
[200, 200, 401]
--- response_headers eval
["X-Error:", "X-Error:", "X-Error: missing_token"]



=== TEST 6: a missing chunk: malformed, saying which
--- config
    location /api/ {
        jwt_auth "app" cookie=better-auth.session_data;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
[do { my @c = ::chunks($::good, $::N, 50, 50); "Cookie: $c[0]; $c[2]" },
 do { my @c = ::chunks($::good, $::N, 50); "Cookie: $c[1]" }]
--- error_code eval
[401, 401]
--- response_headers eval
["X-Error: malformed\nWWW-Authenticate: Bearer realm=\"app\", error=\"invalid_token\", error_description=\"cookie better-auth.session_data lacks its chunk .1\"",
 "X-Error: malformed\nWWW-Authenticate: Bearer realm=\"app\", error=\"invalid_token\", error_description=\"cookie better-auth.session_data lacks its chunk .0\""]
--- error_log
jwt_auth: rejected, malformed: cookie better-auth.session_data lacks its chunk .



=== TEST 7: a name given twice, a chunk given twice: malformed, nothing picked of the two
--- config
    location /api/ {
        jwt_auth "app" cookie=better-auth.session_data;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Cookie: $::N=$::good; $::N=$::good",
 "Cookie: $::N=$::good\nCookie: $::N=$::bad",
 do { my @c = ::chunks($::good, $::N, 50); "Cookie: $c[0]; $c[1]; $c[0]" }]
--- error_code eval
[401, 401, 401]
--- response_headers eval
["WWW-Authenticate: Bearer realm=\"app\", error=\"invalid_token\", error_description=\"cookie better-auth.session_data is given twice\"",
 "X-Error: malformed",
 "WWW-Authenticate: Bearer realm=\"app\", error=\"invalid_token\", error_description=\"a chunk of cookie better-auth.session_data is given twice\""]



=== TEST 8: chunks larger than 8192 bytes together: malformed (with header buffers that let them through)
--- config
    large_client_header_buffers 4 32k;
    location /api/ {
        jwt_auth "app" cookie=better-auth.session_data;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a"]
--- more_headers eval
["Cookie: " . CORE::join('; ', ::chunks($::big . $::big, $::N, 4000, 4000))]
--- error_code eval
[401]
--- response_headers eval
["WWW-Authenticate: Bearer realm=\"app\", error=\"invalid_token\", error_description=\"the chunks of cookie better-auth.session_data are larger than 8192 bytes together\""]



=== TEST 9: no such cookie, an empty one (a cookie being removed), another name with it as a prefix: missing_token
--- config
    location /api/ {
        jwt_auth "app" cookie=better-auth.session_data;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["X-None: 1", "Cookie: $::N=", "Cookie: " . $::N . "x=$::good; x$::N=$::good",
 "Cookie: BETTER-AUTH.SESSION_DATA=$::good"]
--- error_code eval
[401, 401, 401, 401]
--- response_headers eval
[("X-Error: missing_token\nWWW-Authenticate: Bearer realm=\"app\"") x 4]



=== TEST 10: an invalid token in the cookie is refused as any token is
--- config
    location /api/ {
        jwt_auth "app" cookie=better-auth.session_data;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Cookie: $::N=$::bad", "Cookie: $::N=not-a-token"]
--- error_code eval
[401, 401]
--- response_headers eval
["X-Error: bad_signature", "X-Error: malformed"]



=== TEST 11: bearer then cookie=: the bearer token when there is one (even a bad one), the cookie otherwise
--- config
    location /api/ {
        jwt_auth "app" bearer cookie=better-auth.session_data;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::other\nCookie: $::N=$::good",
 "Cookie: $::N=$::good",
 "Authorization: Bearer $::bad\nCookie: $::N=$::good",
 "Authorization: Basic dTpw\nCookie: $::N=$::good"]
--- error_code eval
[200, 200, 401, 200]
--- response_body_like eval
["^user=bearer-user\$", "^user=cookie-user\$", "", "^user=cookie-user\$"]
--- response_headers eval
["X-Error:", "X-Error:", "X-Error: bad_signature", "X-Error:"]



=== TEST 12: cookie= then bearer: the cookie first; token= as a third source
--- config
    location /api/ {
        jwt_auth "app" cookie=better-auth.session_data bearer token=$arg_access_token;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c?access_token=$::good"]
--- more_headers eval
["Authorization: Bearer $::other\nCookie: $::N=$::good",
 "Authorization: Bearer $::other",
 "X-None: 1"]
--- response_body eval
["user=cookie-user\n", "user=bearer-user\n", "user=cookie-user\n"]



=== TEST 13: the sources are inherited with the realm; a location's own jwt_auth has its own
--- config
    jwt_auth "app" cookie=better-auth.session_data;
    location /api/ {
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /bearer/ {
        jwt_auth "api";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /bearer/a", "GET /bearer/b"]
--- more_headers eval
["Cookie: $::N=$::good", "Cookie: $::N=$::good", "Authorization: Bearer $::other"]
--- error_code eval
[200, 401, 200]



=== TEST 14: config error: cookie= with no name
--- config
    location /api/ {
        jwt_auth "app" cookie=;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth: "cookie=" does not name a cookie, as in cookie=better-auth.session_data



=== TEST 15: config error: a cookie name with a character cookie names cannot have
--- config
    location /api/ {
        jwt_auth "app" "cookie=a;b";
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth: "cookie=a;b" does not name a cookie, as in cookie=better-auth.session_data



=== TEST 16: config error: two sources of one kind
--- config
    location /api/ {
        jwt_auth "app" cookie=a cookie=b;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth: "cookie=b": a second source of its kind



=== TEST 17: config error: an unknown parameter
--- config
    location /api/ {
        jwt_auth "app" header=X-Token;
    }
--- must_die
--- suppress_stderr
--- error_log
invalid parameter "header=X-Token" of jwt_auth: expected bearer, cookie=name or token=$variable
