# How the token cache finds an entry: by the token's last bytes (its
# signature's, uniformly distributed since only valid tokens enter), then
# by the whole token compared byte for byte.  A token that shares a
# cached token's tail but differs anywhere else is not that entry; long
# tokens are found as cheaply as short ones.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

our $good = token(sub => 'user-1');
our $other = token(sub => 'user-2');

# the same signature, hence the same tail, under another payload
our $same_tail = do {
    my ($h, undef, $s) = split /\./, $good;
    join '.', $h, b64url(json_text(claims(sub => 'admin'))), $s;
};

# one character changed at the start: same tail, same length
our $same_length = do {
    (my $t = $good) =~ s/^e/f/;
    $t;
};

our $long = token_of_length(8192);

add_block_preprocessor(\&jwt_auth_defaults);
no_shuffle();
run_tests();

__DATA__

=== TEST 1: tokens with a cached token's tail are not its entry: the forged payload gets 401 bad_signature, the mangled one 401, both MISS; the cached token stays a HIT
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_cache zone=lookup:1m;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /api/4", "GET /api/5"]
--- more_headers eval
["Authorization: Bearer $::good", "Authorization: Bearer $::same_tail",
 "Authorization: Bearer $::same_length", "Authorization: Bearer $::good",
 "Authorization: Bearer $::other"]
--- error_code eval
[200, 401, 401, 200, 200]
--- response_headers eval
["X-Cache: MISS", "X-Cache: MISS", "X-Cache: MISS", "X-Cache: HIT",
 "X-Cache: MISS"]
--- response_body_like eval
["^user=user-1\n\\z", "<html>.*\\b401\\b",
 "<html>.*\\b401\\b", "^user=user-1\n\\z", "^user=user-2\n\\z"]



=== TEST 2: a token of 8192 bytes, the largest, is stored and found: MISS, then HIT with its identity
--- http_config
    large_client_header_buffers 4 32k;
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_cache zone=lookup:1m;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/1", "GET /api/2"]
--- more_headers eval
["Authorization: Bearer $::long", "Authorization: Bearer $::long"]
--- response_headers eval
["X-Cache: MISS", "X-Cache: HIT"]
--- response_body eval
["user=user-1\n", "user=user-1\n"]
