# jwt_auth_cache: the verified-token cache in shared memory.  A token
# that passed every check of a location is remembered, byte for byte,
# with its user id, the values of jwt_auth_set_header and its header and
# payload as text; the same token again in the same location is a HIT
# (no signature check, no JSON parse), yet the claim variables and the
# requirements still work, and the requirements are checked every time.
# An entry lasts until the token's exp or the cache's valid= time,
# whichever comes first, counts only in the location that stored it, and
# only while the key that verified the token is still one of the
# location's keys.  Invalid tokens never enter the cache; when the zone is
# full the least recently used entries make room.
#
# Every block observes the cache through $jwt_auth_cache_status, added to
# every response ("add_header X-Cache ... always"): HIT, MISS (looked up,
# not found: checked in full), BYPASS (no token to look up); nothing where
# no cache is configured ("-" in an access log).  Protected locations
# proxy to /echo/, which answers with the identity header it was given.
#
# Time: blocks that need time to pass wait with a request to /pause, a file
# sent at 1000 bytes a second (limit_rate).  nginx sends at most
# 1000 * (whole seconds since the request started + 1) bytes, headers
# included, so a file of N000 bytes cannot be sent before nginx's clock
# reads N more than when the request started: the request after the pause
# runs at least N seconds (by nginx's clock, which the cache uses) after
# every request before it, at a cost of N-1 to N seconds of wall time.
#
# TEST 1 runs first (no_shuffle) because one of its tokens has an exp
# three seconds after this file is loaded (tokens are made at load time,
# exp in whole seconds): its first requests come well before that, and
# the ones after its 3-second pause (by nginx's clock, started after the
# file was loaded) at exp or later, when the token has expired.  Its
# short-lived cache has valid=2s, not 1s: the request right after the one
# that stored a token may come in the next second by nginx's clock, and
# must be a HIT.
#
# nginx runs one worker under both runners and is restarted for every
# block, so the cache is empty at the start of each block.  No block uses
# repeat_each: a repeated request would find its token cached.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use JWTAuthKeys;
use JSON::PP ();
use Test::Nginx::Socket 'no_plan';

# "Authorization: Bearer TOKEN"
sub bearer {
    my ($token) = @_;
    return "Authorization: Bearer $token";
}

# "X-Cache: STATUS" lines, one response_headers entry each
sub xcache {
    return map { "X-Cache: $_" } @_;
}

our $ann = token(sub => 'user-a', role => 'admin');
our $bob = token(sub => 'user-b', role => 'member');
our $cid = token(sub => 'user-c', role => 'member');

# expires three seconds from now: see TEST 1
our $soon = token(sub => 'user-soon', exp => now() + 3);

# a token whose claims use every kind of JSON value; the payload that
# $jwt_payload gives is this text (compact, members in the token's order)
our %rich_claims = %{ claims(sub => 'user-r', role => 'admin',
                             groups => ['ops', 'dev'],
                             org => { id => 'org-1', tier => 2 },
                             ratio => 2.5, verified => JSON::PP::true()) };
our $rich = jwt_hs({ alg => 'HS256', typ => 'JWT' }, \%rich_claims, SECRET);
our $rich_payload = json_text(\%rich_claims);

# refused tokens: signed with another secret, expired, from another issuer
our $forged = jwt_hs({ alg => 'HS256', typ => 'JWT' },
                     claims(sub => 'user-a', role => 'admin'), OTHER_SECRET);
our $expired = token(sub => 'user-a', exp => now() - 600);
our $issued = token(sub => 'user-i', iss => 'https://auth.example.com');
our $foreign = token(sub => 'user-f', iss => 'https://evil.example.com');

# $ann with the first character of its signature changed: the same
# header and payload, bytes that differ from the cached token's only there
our $ann_mangled = $ann;
{
    my $at = rindex($ann, '.') + 1;
    substr($ann_mangled, $at, 1) = substr($ann, $at, 1) eq 'A' ? 'B' : 'A';
}

# Full zone.  A 32k zone has five free pages, and an entry of a token
# with 1000 bytes of padding (about 1.5 KB of token plus 1.1 KB of
# payload text) takes one page, so five such tokens fill it; sixteen
# fillers go through it three times over.
sub padded {
    my ($sub, %more) = @_;
    return token(sub => $sub, pad => 'x' x 1000, %more);
}
our $pad_a = padded('pad-a');
our $pad_k = padded('pad-k');
our @fill = map { padded(sprintf 'fill-%02d', $_) } 1 .. 16;

# TEST 11: A, A, K, then the fillers with K asked again after every other
# one, then A (evicted: least recently used), K (kept by its use), the
# last filler (recent) and the first one (evicted long ago)
our (@lru_req, @lru_hdr, @lru_cache, @lru_body);
sub lru_ask {
    my ($token, $sub, $status) = @_;
    push @lru_req, 'GET /api/' . (@lru_req + 1);
    push @lru_hdr, bearer($token);
    push @lru_cache, "X-Cache: $status";
    push @lru_body, "user=$sub\n";
}
lru_ask($pad_a, 'pad-a', 'MISS');
lru_ask($pad_a, 'pad-a', 'HIT');
lru_ask($pad_k, 'pad-k', 'MISS');
for my $i (1 .. @fill) {
    lru_ask($fill[$i - 1], sprintf('fill-%02d', $i), 'MISS');
    lru_ask($pad_k, 'pad-k', 'HIT') if $i % 2 == 0;
}
lru_ask($pad_a, 'pad-a', 'MISS');
lru_ask($pad_k, 'pad-k', 'HIT');
lru_ask($fill[-1], 'fill-16', 'HIT');
lru_ask($fill[0], 'fill-01', 'MISS');

# TEST 12: junk as large as the fillers, which would push K out of the
# zone if it were stored: signed with another secret, or expired
our @junk = ((map { jwt_hs({ alg => 'HS256', typ => 'JWT' },
                           claims(sub => "junk-$_", pad => 'x' x 1000),
                           OTHER_SECRET) } 1 .. 12),
             (map { padded("old-$_", exp => now() - 600) } 1 .. 8));

# Key removal (TEST 9, TEST 10): JWKS served by the issuer location, the
# version picked by the X-Jwks header of the main request (through $jwks,
# a variable the subrequest shares), as in t/key-request/jwks.t.
sub jwk_of {
    my ($file, %extra) = @_;
    return { %{ JSON::PP::decode_json(key_text($file)) }, %extra };
}
sub jwks_text {
    return JSON::PP->new->canonical(1)->encode({ keys => [@_] });
}

#   X-Jwks: v1       ed-a (Ed25519 ed1) and ec-a (P-256 ec256a)
#   X-Jwks: v2       ed-a is gone; ec-a stays, ed-b (ed2) is new
#   X-Jwks: named    rsa-r (rsa1, RS256) and rsa-p (rsa2, RS256)
#   X-Jwks: renamed  rsa1 under the kid rsa-r2; rsa2 for PS256 only
our $v1 = jwks_text(jwk_of('ed1.jwk', kid => 'ed-a', use => 'sig'),
                    jwk_of('ec256a.jwk', kid => 'ec-a'));
our $v2 = jwks_text(jwk_of('ec256a.jwk', kid => 'ec-a'),
                    jwk_of('ed2.jwk', kid => 'ed-b', use => 'sig'));
our $named = jwks_text(jwk_of('rsa1.jwk', kid => 'rsa-r', alg => 'RS256'),
                       jwk_of('rsa2.jwk', kid => 'rsa-p', alg => 'RS256'));
our $renamed = jwks_text(jwk_of('rsa1.jwk', kid => 'rsa-r2', alg => 'RS256'),
                         jwk_of('rsa2.jwk', kid => 'rsa-p', alg => 'PS256'));

our @files = (['v1.json', $v1], ['v2.json', $v2], ['named.json', $named],
              ['renamed.json', $renamed],
              ['pause3.txt', 'x' x 3000], ['pause5.txt', 'x' x 5000]);

our $ed_a = jwt_pk('EdDSA', 'ed1.key', { kid => 'ed-a' },
                   claims(sub => 'user-ed-a'));
our $ec_a = jwt_pk('ES256', 'ec256a.key', { kid => 'ec-a' },
                   claims(sub => 'user-ec-a'));
our $ed_b = jwt_pk('EdDSA', 'ed2.key', { kid => 'ed-b' },
                   claims(sub => 'user-ed-b'));
our $rs_r = jwt_pk('RS256', 'rsa1.key', { kid => 'rsa-r' },
                   claims(sub => 'user-rs-r'));
our $rs_p = jwt_pk('RS256', 'rsa2.key', { kid => 'rsa-p' },
                   claims(sub => 'user-rs-p'));

# "Authorization: Bearer TOKEN" and "X-Jwks: VERSION"
sub ask {
    my ($token, $version) = @_;
    return bearer($token) . "\nX-Jwks: $version";
}

sub challenge {
    my ($error, $description) = @_;
    return qq{WWW-Authenticate: Bearer realm="tasks", error="$error", }
         . qq{error_description="$description"};
}

our $unknown_key = challenge('invalid_token', "no key has the token's kid");
our $has_expired = challenge('invalid_token', 'token has expired');
our $bad_signature = challenge('invalid_token', 'signature does not verify');
our $bad_issuer = challenge('invalid_token', 'issuer is not accepted');
our $not_admin = challenge('insufficient_scope',
                           'claim role has no accepted value');
our $not_admin_401 = challenge('invalid_token',
                               'claim role has no accepted value');
our $is_admin_unmet = challenge('insufficient_scope',
                                'requirement $is_admin is not met');

no_shuffle();
add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: expiry: valid=2s ends an entry (MISS after 3 s, then stored again); a location's own jwt_auth_cache without valid= has the 10m default, not the server's 2s; an entry ends at the token's exp: 401 expired, not a stale HIT
--- config
    jwt_auth_cache zone=short:32k valid=2s;

    location = /pause {
        limit_rate 1000;
        alias $TEST_NGINX_SERVER_ROOT/html/pause3.txt;
    }
    location /short/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /own/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=own:32k;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /exp/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=own valid=10m;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- timeout: 15
--- request eval
["GET /short/1", "GET /short/2", "GET /own/1", "GET /exp/1", "GET /exp/2",
 "GET /pause",
 "GET /short/3", "GET /short/4", "GET /own/2", "GET /exp/3", "GET /exp/4"]
--- more_headers eval
[::bearer($::ann), ::bearer($::ann), ::bearer($::ann), ::bearer($::soon),
 ::bearer($::soon), "",
 ::bearer($::ann), ::bearer($::ann), ::bearer($::ann), ::bearer($::soon),
 ::bearer($::soon)]
--- error_code eval
[200, 200, 200, 200, 200, 200, 200, 200, 200, 401, 401]
--- response_headers eval
[::xcache('MISS', 'HIT', 'MISS', 'MISS', 'HIT'), "!X-Cache",
 ::xcache('MISS', 'HIT', 'HIT'),
 "X-Cache: MISS\n$::has_expired", "X-Cache: MISS\n$::has_expired"]
--- response_body_like eval
["\\Auser=user-a\n\\z", "\\Auser=user-a\n\\z", "\\Auser=user-a\n\\z",
 "\\Auser=user-soon\n\\z", "\\Auser=user-soon\n\\z", "\\Ax{3000}\\z",
 "\\Auser=user-a\n\\z", "\\Auser=user-a\n\\z", "\\Auser=user-a\n\\z",
 "<html>.*\\b401\\b", "<html>.*\\b401\\b"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 2: miss then hit: the same token twice is MISS then HIT, the upstream gets the same identity headers; on a HIT the client's own copies are still removed, also of a header whose claim the token lacks
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=tokens:1m;
        jwt_auth_set_header X-User-Id sub;
        jwt_auth_set_header X-User-Role role;
        jwt_auth_set_header X-User-Email email;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id role=$http_x_user_role email=$http_x_user_email\n";
    }
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /api/4", "GET /api/5"]
--- more_headers eval
[::bearer($::ann), ::bearer($::ann), ::bearer($::bob),
 ::bearer($::bob) . "\nX-User-Id: user-a\nX-User-Role: admin\n"
 . "X-User-Email: ann\@example.com",
 ::bearer($::ann)]
--- response_headers eval
[::xcache('MISS', 'HIT', 'MISS', 'HIT', 'HIT')]
--- response_body eval
["user=user-a role=admin email=\n", "user=user-a role=admin email=\n",
 "user=user-b role=member email=\n", "user=user-b role=member email=\n",
 "user=user-a role=admin email=\n"]
--- no_error_log
[error]
[warn]
[alert]
[crit]



=== TEST 3: a HIT keeps the variables: $jwt_claim_*, $jwt_header_*, jwt_auth_claim_set, $jwt_payload and $jwt_auth_user are the same on the HIT as on the MISS, in add_header and proxy_set_header
--- http_config
    jwt_auth_claim_set $jwt_org_id org id;
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=tokens:1m;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        add_header X-User "[$jwt_auth_user]" always;
        add_header X-Role "[$jwt_claim_role]" always;
        add_header X-Groups "[$jwt_claim_groups]" always;
        add_header X-Org "[$jwt_claim_org]" always;
        add_header X-Org-Id "[$jwt_org_id]" always;
        add_header X-Ratio "[$jwt_claim_ratio]" always;
        add_header X-Verified "[$jwt_claim_verified]" always;
        add_header X-Alg "[$jwt_header_alg]" always;
        add_header X-Typ "[$jwt_header_typ]" always;
        proxy_set_header X-Role $jwt_claim_role;
        proxy_set_header X-Payload $jwt_payload;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id role=$http_x_role\n$http_x_payload\n";
    }
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3"]
--- more_headers eval
[::bearer($::rich), ::bearer($::rich), ::bearer($::rich)]
--- response_headers eval
[map { "X-Cache: $_\nX-User: [user-r]\nX-Role: [admin]\nX-Groups: [ops,dev]\n"
       . "X-Org: [{\"id\":\"org-1\",\"tier\":2}]\nX-Org-Id: [org-1]\n"
       . "X-Ratio: [2.5]\nX-Verified: [true]\nX-Alg: [HS256]\nX-Typ: [JWT]" }
     'MISS', 'HIT', 'HIT']
--- response_body eval
[("user=user-r role=admin\n$::rich_payload\n") x 3]
--- no_error_log
[error]
[warn]
[alert]
[crit]



=== TEST 4: jwt_auth_require_claim role admin on cached tokens: the admin's HIT passes; a member gets 403 on the MISS and on every HIT after it (the requirement is checked every time), with his user id kept
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=tokens:1m;
        jwt_auth_require_claim role admin;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        add_header X-JWT-User "[$jwt_auth_user]" always;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /api/4", "GET /api/5",
 "GET /api/6"]
--- more_headers eval
[::bearer($::ann), ::bearer($::ann), ::bearer($::bob), ::bearer($::bob),
 ::bearer($::bob), ::bearer($::ann)]
--- error_code eval
[200, 200, 403, 403, 403, 200]
--- response_headers eval
["X-Cache: MISS\nX-JWT-User: [user-a]\nX-JWT-Error: []\n!WWW-Authenticate",
 "X-Cache: HIT\nX-JWT-User: [user-a]\nX-JWT-Error: []\n!WWW-Authenticate",
 "X-Cache: MISS\nX-JWT-User: [user-b]\nX-JWT-Error: [require_claim:role]\n$::not_admin",
 "X-Cache: HIT\nX-JWT-User: [user-b]\nX-JWT-Error: [require_claim:role]\n$::not_admin",
 "X-Cache: HIT\nX-JWT-User: [user-b]\nX-JWT-Error: [require_claim:role]\n$::not_admin",
 "X-Cache: HIT\nX-JWT-User: [user-a]\nX-JWT-Error: []\n!WWW-Authenticate"]
--- response_body_like eval
["\\Auser=user-a\n\\z", "\\Auser=user-a\n\\z", "<html>.*\\b403\\b",
 "<html>.*\\b403\\b", "<html>.*\\b403\\b", "\\Auser=user-a\n\\z"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 5: jwt_auth_require $is_admin error=403 (a map over a claim) and jwt_auth_require_claim error=401 on cached tokens: the same status on every HIT as on the MISS; $jwt_auth_user set on HITs
--- http_config
    map $jwt_claim_role $is_admin {
        admin   1;
        default 0;
    }
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=tokens:1m;
        jwt_auth_require $is_admin error=403;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        add_header X-JWT-User "[$jwt_auth_user]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /strict/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=tokens;
        jwt_auth_require_claim role admin error=401;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        add_header X-JWT-User "[$jwt_auth_user]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /api/4", "GET /api/5",
 "GET /strict/1", "GET /strict/2", "GET /strict/3"]
--- more_headers eval
[::bearer($::bob), ::bearer($::bob), ::bearer($::bob), ::bearer($::ann),
 ::bearer($::ann), ::bearer($::cid), ::bearer($::cid), ::bearer($::ann)]
--- error_code eval
[403, 403, 403, 200, 200, 401, 401, 200]
--- response_headers eval
["X-Cache: MISS\nX-JWT-User: [user-b]\n$::is_admin_unmet",
 "X-Cache: HIT\nX-JWT-User: [user-b]\n$::is_admin_unmet",
 "X-Cache: HIT\nX-JWT-User: [user-b]\n$::is_admin_unmet",
 "X-Cache: MISS\nX-JWT-User: [user-a]\n!WWW-Authenticate",
 "X-Cache: HIT\nX-JWT-User: [user-a]\n!WWW-Authenticate",
 "X-Cache: MISS\nX-JWT-User: [user-c]\n$::not_admin_401",
 "X-Cache: HIT\nX-JWT-User: [user-c]\n$::not_admin_401",
 "X-Cache: MISS\nX-JWT-User: [user-a]\n!WWW-Authenticate"]
--- response_body_like eval
["<html>.*\\b403\\b", "<html>.*\\b403\\b", "<html>.*\\b403\\b", "\\Auser=user-a\n\\z",
 "\\Auser=user-a\n\\z", "<html>.*\\b401\\b",
 "<html>.*\\b401\\b", "\\Auser=user-a\n\\z"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 6: entries: different tokens are different entries; the same token is a MISS first in each location, whether the location names the zone with its size, by name alone, or inherits the server's jwt_auth_cache; jwt_auth_cache off and jwt_auth off: no status
--- config
    jwt_auth_cache zone=srv:64k;

    location /a/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /b/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /c/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=shared;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /d/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=shared:32k valid=1h;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /off/ {
        jwt_auth "tasks";
        jwt_auth_cache off;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /open/ {
        jwt_auth off;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /a/1", "GET /a/2", "GET /a/3", "GET /a/4",
 "GET /b/1", "GET /b/2", "GET /c/1", "GET /c/2", "GET /d/1", "GET /d/2",
 "GET /c/3", "GET /off/1", "GET /off/2", "GET /open/1"]
--- more_headers eval
[::bearer($::ann), ::bearer($::bob), ::bearer($::ann), ::bearer($::bob),
 ::bearer($::ann), ::bearer($::ann), ::bearer($::ann), ::bearer($::ann),
 ::bearer($::ann), ::bearer($::ann), ::bearer($::bob), ::bearer($::ann),
 ::bearer($::ann), ::bearer($::ann)]
--- response_headers eval
[::xcache('MISS', 'MISS', 'HIT', 'HIT', 'MISS', 'HIT', 'MISS', 'HIT',
          'MISS', 'HIT', 'MISS'), "!X-Cache", "!X-Cache", "!X-Cache"]
--- response_body eval
["user=user-a\n", "user=user-b\n", "user=user-a\n", "user=user-b\n",
 "user=user-a\n", "user=user-a\n", "user=user-a\n", "user=user-a\n",
 "user=user-a\n", "user=user-a\n", "user=user-b\n", "user=user-a\n",
 "user=user-a\n", "user=\n"]
--- no_error_log
[error]
[warn]
[alert]
[crit]



=== TEST 7: invalid tokens are never cached: a forged, an expired, a mangled token and one of another issuer get 401 and MISS every time; a token stored in one location is checked in full (401 bad_issuer) where the policy is stricter
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=tokens:1m;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /strict/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=tokens;
        jwt_auth_issuer https://auth.example.com;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /api/4", "GET /api/5",
 "GET /api/6", "GET /api/7", "GET /api/8",
 "GET /strict/1", "GET /strict/2", "GET /strict/3", "GET /strict/4",
 "GET /strict/5", "GET /strict/6"]
--- more_headers eval
[::bearer($::forged), ::bearer($::forged), ::bearer($::expired),
 ::bearer($::expired), ::bearer($::ann), ::bearer($::ann_mangled),
 ::bearer($::ann_mangled), ::bearer($::ann),
 ::bearer($::foreign), ::bearer($::foreign), ::bearer($::ann),
 ::bearer($::ann), ::bearer($::issued), ::bearer($::issued)]
--- error_code eval
[401, 401, 401, 401, 200, 401, 401, 200, 401, 401, 401, 401, 200, 200]
--- response_headers eval
["X-Cache: MISS\n$::bad_signature", "X-Cache: MISS\n$::bad_signature",
 "X-Cache: MISS\n$::has_expired", "X-Cache: MISS\n$::has_expired",
 "X-Cache: MISS\n!WWW-Authenticate", "X-Cache: MISS\n$::bad_signature",
 "X-Cache: MISS\n$::bad_signature", "X-Cache: HIT\n!WWW-Authenticate",
 "X-Cache: MISS\n$::bad_issuer", "X-Cache: MISS\n$::bad_issuer",
 "X-Cache: MISS\n$::bad_issuer", "X-Cache: MISS\n$::bad_issuer",
 "X-Cache: MISS\n!WWW-Authenticate", "X-Cache: HIT\n!WWW-Authenticate"]
--- response_body_like eval
[("<html>.*\\b401\\b") x 4, "\\Auser=user-a\n\\z",
 ("<html>.*\\b401\\b") x 2, "\\Auser=user-a\n\\z",
 ("<html>.*\\b401\\b") x 4, "\\Auser=user-i\n\\z",
 "\\Auser=user-i\n\\z"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 8: $jwt_auth_cache_status in an access log: BYPASS without a token, MISS, HIT, and empty (not "-") where no cache is configured
--- http_config
    log_format cache '$uri $status $jwt_auth_cache_status';
--- config
    location /c/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=tokens:1m;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        access_log logs/cache.log cache;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /n/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        access_log logs/cache.log cache;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location = /cache-log {
        alias $TEST_NGINX_SERVER_ROOT/logs/cache.log;
    }
--- request eval
["GET /c/1", "GET /c/2", "GET /c/3", "GET /c/4", "GET /n/1", "GET /n/2",
 "GET /cache-log"]
--- more_headers eval
["", ::bearer($::ann), ::bearer($::ann), "", ::bearer($::ann), "", ""]
--- error_code eval
[401, 200, 200, 401, 200, 401, 200]
--- response_headers eval
["X-Cache: BYPASS\nWWW-Authenticate: Bearer realm=\"tasks\"",
 "X-Cache: MISS", "X-Cache: HIT",
 "X-Cache: BYPASS\nWWW-Authenticate: Bearer realm=\"tasks\"",
 "!X-Cache", "!X-Cache", ""]
--- response_body eval
[qr/<html>.*\b401\b/s, "user=user-a\n", "user=user-a\n",
 qr/<html>.*\b401\b/s, "user=user-a\n",
 qr/<html>.*\b401\b/s,
 "/c/1 401 BYPASS\n/c/2 200 MISS\n/c/3 200 HIT\n/c/4 401 BYPASS\n"
 . "/n/1 200 \n/n/2 401 \n"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 9: key removal: after a JWKS refresh that no longer lists the key, its token is a MISS, checked in full: 401 unknown_key; a token of a key still listed stays a HIT
--- http_config
    log_format issuer '$status $request_uri';
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
        access_log logs/issuer.log issuer;
    }
    location = /issuer-log {
        alias $TEST_NGINX_SERVER_ROOT/logs/issuer.log;
    }
    location = /pause {
        limit_rate 1000;
        alias $TEST_NGINX_SERVER_ROOT/html/pause5.txt;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_key_cache 1s;
        jwt_auth_cache zone=tokens:1m;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- timeout: 15
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /api/4", "GET /pause",
 "GET /api/5", "GET /api/6", "GET /api/7", "GET /api/8", "GET /api/9",
 "GET /issuer-log"]
--- more_headers eval
[::ask($::ed_a, 'v1'), ::ask($::ed_a, 'v1'), ::ask($::ec_a, 'v1'),
 ::ask($::ec_a, 'v1'), "",
 ::ask($::ed_a, 'v2'), ::ask($::ec_a, 'v2'), ::ask($::ed_a, 'v2'),
 ::ask($::ed_b, 'v2'), ::ask($::ed_b, 'v2'), ""]
--- error_code eval
[200, 200, 200, 200, 200, 401, 200, 401, 200, 200, 200]
--- response_headers eval
[::xcache('MISS', 'HIT', 'MISS', 'HIT'), "!X-Cache",
 "X-Cache: MISS\n$::unknown_key", "X-Cache: HIT",
 "X-Cache: MISS\n$::unknown_key", ::xcache('MISS', 'HIT'), ""]
--- response_body_like eval
["\\Auser=user-ed-a\n\\z", "\\Auser=user-ed-a\n\\z",
 "\\Auser=user-ec-a\n\\z", "\\Auser=user-ec-a\n\\z", "\\Ax{5000}\\z",
 "<html>.*\\b401\\b", "\\Auser=user-ec-a\n\\z",
 "<html>.*\\b401\\b", "\\Auser=user-ed-b\n\\z",
 "\\Auser=user-ed-b\n\\z",
 "\\A200 /issuer/v1.json\n200 /issuer/v2.json\n\\z"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 10: keys changed under a token: a JWKS refresh that keeps a key's material but under another kid, or for another alg, makes its cached token count no more: MISS and the 401 a full check gives
--- http_config
    log_format issuer '$status $request_uri';
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
        access_log logs/issuer.log issuer;
    }
    location = /issuer-log {
        alias $TEST_NGINX_SERVER_ROOT/logs/issuer.log;
    }
    location = /pause {
        limit_rate 1000;
        alias $TEST_NGINX_SERVER_ROOT/html/pause5.txt;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_key_cache 1s;
        jwt_auth_cache zone=tokens:1m;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- timeout: 15
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /api/4", "GET /pause",
 "GET /api/5", "GET /api/6", "GET /api/7", "GET /api/8", "GET /issuer-log"]
--- more_headers eval
[::ask($::rs_r, 'named'), ::ask($::rs_r, 'named'), ::ask($::rs_p, 'named'),
 ::ask($::rs_p, 'named'), "",
 ::ask($::rs_r, 'renamed'), ::ask($::rs_r, 'renamed'),
 ::ask($::rs_p, 'renamed'), ::ask($::rs_p, 'renamed'), ""]
--- error_code eval
[200, 200, 200, 200, 200, 401, 401, 401, 401, 200]
--- response_headers eval
[::xcache('MISS', 'HIT', 'MISS', 'HIT'), "!X-Cache",
 ("X-Cache: MISS\n$::unknown_key") x 4, ""]
--- response_body_like eval
["\\Auser=user-rs-r\n\\z", "\\Auser=user-rs-r\n\\z",
 "\\Auser=user-rs-p\n\\z", "\\Auser=user-rs-p\n\\z", "\\Ax{5000}\\z",
 ("<html>.*\\b401\\b") x 4,
 "\\A200 /issuer/named.json\n200 /issuer/renamed.json\n\\z"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 11: a full zone (32k, entries of a page each): the least recently used entries make room; a token asked again and again stays, one not asked since is evicted and checked in full again
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=tiny:32k;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
\@::lru_req
--- more_headers eval
\@::lru_hdr
--- response_headers eval
\@::lru_cache
--- response_body eval
\@::lru_body
--- no_error_log
[error]
[alert]
[crit]



=== TEST 12: a flood of large invalid tokens (forged or expired) through a 32k zone does not push out a cached valid token: each is 401 and MISS, the valid one stays a HIT
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=tiny:32k;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
[map { "GET /api/$_" } 1 .. 25]
--- more_headers eval
[::bearer($::pad_k), ::bearer($::pad_k), (map { ::bearer($_) } @::junk),
 ::bearer($::pad_k), ::bearer($::junk[0]), ::bearer($::pad_k)]
--- error_code eval
[200, 200, (401) x 20, 200, 401, 200]
--- response_headers eval
[::xcache('MISS', 'HIT', ('MISS') x 20, 'HIT', 'MISS', 'HIT')]
--- response_body_like eval
["\\Auser=pad-k\n\\z", "\\Auser=pad-k\n\\z",
 ("<html>.*\\b401\\b") x 20, "\\Auser=pad-k\n\\z",
 "<html>.*\\b401\\b", "\\Auser=pad-k\n\\z"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 13: config error: a zone smaller than 8 pages
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=x:1k;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_cache: zone "x" needs a size of at least 32768 bytes



=== TEST 14: config error: a size that is not one
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=x:lots;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_cache: zone "x" needs a size of at least 32768 bytes



=== TEST 15: config error: an unknown parameter
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache foo;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_cache: invalid parameter "foo"



=== TEST 16: config error: valid= without a zone
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache valid=1m;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_cache: needs zone=name:size



=== TEST 17: config error: jwt_auth_cache twice in one block
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=x:1m;
        jwt_auth_cache zone=y:1m;
    }
--- must_die
--- suppress_stderr
--- error_log
"jwt_auth_cache" directive is duplicate



=== TEST 18: config error: valid= that is not a time
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=x:1m valid=soon;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_cache: invalid time "valid=soon"



=== TEST 19: config error: valid=0
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=x:1m valid=0;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_cache: invalid time "valid=0"



=== TEST 20: config error: off with another parameter
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache off valid=1m;
    }
--- must_die
--- suppress_stderr
--- error_log
"jwt_auth_cache" directive takes no other parameter with "off"



=== TEST 21: config error: a zone named alone that no directive gives a size: the message names the directive, the zone, and where it was named
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=nowhere;
    }
--- must_die
--- suppress_stderr
--- error_log eval
qr/jwt_auth_cache: zone "nowhere" has no size; give it one, as in zone=nowhere:1m, in \S*nginx\.conf:\d+/



=== TEST 22: config error: one zone given two sizes
--- config
    location /a/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=x:32k;
    }
    location /b/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=x:64k;
    }
--- must_die
--- suppress_stderr
--- error_log
the size 65536 of shared memory zone "x" conflicts with already declared size 32768



=== TEST 23: config error: a zone name that another module's zone has
--- http_config
    limit_req_zone $binary_remote_addr zone=shared:1m rate=1r/s;
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=shared:1m;
    }
--- must_die
--- suppress_stderr
--- error_log
the shared memory zone "shared" is already declared for a different use
