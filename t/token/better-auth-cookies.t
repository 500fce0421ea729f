# Better Auth's session cookie cache as Better Auth 1.7.25 really sends it,
# read through jwt_auth cookie=, without npm or the network.
#
# The shapes come from t/e2e/fixtures/better-auth-1.7.25/*.json, recorded
# from real Better Auth servers by t/e2e/better-auth-cookies.sh --record
# (t/e2e/README.md): each holds the Set-Cookie lines Better Auth sent, the
# Cookie header a browser sends back, the secret and the time they were
# made, and the cookie cache's header and payload as JSON text:
#
#   jwt.json                strategy "jwt", http base URL: one cookie
#                           better-auth.session_data beside
#                           better-auth.session_token
#   jwt-chunked.json        the same for a user with a long image URL: the
#                           cookie split into .0 and .1
#   jwt-https.json          an https base URL: __Secure-better-auth.*
#   jwt-https-chunked.json  __Secure-better-auth.session_data.0 and .1
#   session-cache.json      the jwt() plugin's sessionCookieCache: EdDSA
#                           with the JWKS keys (the JWKS and a bearer token
#                           of /api/auth/token recorded with it)
#   session-cache-chunked.json   the same, in two chunks
#   compact.json            strategy "compact", Better Auth's default (not
#                           a JWT)
#
# Those tokens expired minutes after they were made, so the blocks rebuild
# them: the recorded header and payload text as it is (the members, their
# order, the user's data), with "iat" moved to now and "exp" as far after
# it as Better Auth put it, signed with the suite's SECRET (HS256) or with
# t/keys/ed1.key (EdDSA, published under the recorded kid), and cut into
# the recorded cookies at the recorded lengths, in the recorded Cookie
# header with the session token beside it.  The recorded tokens, as they
# are, are shown to be real: each verifies with the recorded secret or
# JWKS and is refused only as expired.
use FindBin;
use lib "$FindBin::Bin/../lib";
BEGIN { $ENV{TEST_NGINX_KEYS} //= "$FindBin::Bin/../keys" }
use JWTAuthTest;
use JWTAuthKeys;
use JSON::PP ();
use MIME::Base64 ();
use Test::Nginx::Socket 'no_plan';

my $DIR = "$FindBin::Bin/../e2e/fixtures/better-auth-1.7.25";

sub fixture {
    my ($name) = @_;
    open my $fh, '<:raw', "$DIR/$name.json" or die "$DIR/$name.json: $!\n";
    local $/;
    return JSON::PP::decode_json(scalar <$fh>);
}

# the recorded payload with iat now and exp as long after it as recorded
sub fresh_payload {
    my ($json) = @_;
    my ($iat) = $json =~ /"iat":(\d+)/ or die "no iat in the fixture\n";
    my ($exp) = $json =~ /"exp":(\d+)/ or die "no exp in the fixture\n";
    my $now = now();
    $json =~ s/"iat":\d+/"iat":$now/;
    $json =~ s/"exp":\d+/'"exp":' . ($now + $exp - $iat)/e;
    return $json;
}

# the recorded Cookie header with the cookie cache replaced by $token, cut
# at the recorded lengths (the last chunk takes the rest); a rebuilt token
# is as long as the recorded one, so its chunks are those Better Auth made,
# unless $other says it is another token (a tampered one)
sub cookie_header {
    my ($f, $token, $other) = @_;
    my @c = @{ $f->{session_data}{cookies} };
    die "rebuilt token of $f->{user}{name} is not as long as the recorded one\n"
        if !$other && length $token != length $f->{session_data}{value};
    my %new;
    for my $i (0 .. $#c) {
        $new{ $c[$i]{name} } = $i < $#c ? substr($token, 0, $c[$i]{length}, '')
                                        : $token;
    }
    return join '; ', map {
        my ($n, $v) = split /=/, $_, 2;
        exists $new{$n} ? "$n=$new{$n}" : "$n=$v";
    } split /; /, $f->{cookie};
}

# a Cookie header's cookies in the other order
sub reversed {
    return join '; ', reverse split /; /, $_[0];
}

# an HS256 token of the recorded shape, signed with $secret (SECRET)
sub hs_token {
    my ($f, $secret, $payload) = @_;
    return jwt_parts(b64url($f->{session_data}{header_json}),
                     b64url($payload // fresh_payload($f->{session_data}{payload_json})),
                     $secret // SECRET, 'HS256');
}

# an EdDSA token of the recorded header (or $header) and payload, signed
# with ed1.key
sub ed_token {
    my ($header, $payload) = @_;
    my $h64 = b64url($header);
    my $p64 = b64url($payload);
    return "$h64.$p64." . b64url(pk_sign('EdDSA', 'ed1.key', "$h64.$p64"));
}

# the HS256 shapes
our $jwt = fixture('jwt');
our $jwt_chunked = fixture('jwt-chunked');
our $https = fixture('jwt-https');
our $https_chunked = fixture('jwt-https-chunked');

our $jwt_cookie = cookie_header($jwt, hs_token($jwt));
our $chunked_cookie = cookie_header($jwt_chunked, hs_token($jwt_chunked));
our $https_cookie = cookie_header($https, hs_token($https));
our $https_chunked_cookie = cookie_header($https_chunked, hs_token($https_chunked));

our $tampered = do {
    my $p = fresh_payload($jwt->{session_data}{payload_json});
    $p =~ s/"userId":"[^"]*"/"userId":"mallory"/ or die "no userId\n";
    my $t = hs_token($jwt);
    my ($h64, undef, $s64) = split /\./, $t;
    "$h64." . b64url($p) . ".$s64";
};
our $other_secret = hs_token($jwt, OTHER_SECRET);

# the session-cache shapes: the recorded JWKS's kid on ed1's key
our $sc = fixture('session-cache');
our $sc_chunked = fixture('session-cache-chunked');
our $sc_kid = $sc->{jwks}{keys}[0]{kid};
our $sc_iss = $sc->{base_url};

sub jwks_of {
    my ($jwk) = @_;
    return JSON::PP->new->canonical(1)->encode({ keys => [$jwk] });
}

our $ed1_jwks = jwks_of({ %{ JSON::PP::decode_json(key_text('ed1.jwk')) },
                          kid => $sc_kid, alg => 'EdDSA' });
our $real_jwks = jwks_of($sc->{jwks}{keys}[0]);

sub sc_token {
    my ($f) = @_;
    return ed_token($f->{session_data}{header_json},
                    fresh_payload($f->{session_data}{payload_json}));
}

our $sc_cookie = cookie_header($sc, sc_token($sc));
our $sc_chunked_cookie = cookie_header($sc_chunked, sc_token($sc_chunked));
our $sc_value = sc_token($sc);

# the bearer token of /api/auth/token, of its recorded shape
our $bearer = do {
    my ($h64, $p64) = split /\./, $sc->{bearer};
    my $h = JSON::PP::decode_json(MIME::Base64::decode_base64url($h64));
    die "the recorded bearer token's kid is not the JWKS's\n"
        if $h->{kid} ne $sc_kid;
    ed_token(MIME::Base64::decode_base64url($h64),
             fresh_payload(MIME::Base64::decode_base64url($p64)));
};

# the cookie's claims with another typ: only jwt_auth_require tells it
our $typ_jwt = do {
    my $h = $sc->{session_data}{header_json};
    $h =~ s/"typ":"[^"]*"/"typ":"JWT"/ or die "no typ\n";
    ed_token($h, fresh_payload($sc->{session_data}{payload_json}));
};

our $compact = fixture('compact');

# every user id as recorded
our %uid = map { $_->{user}{name} => $_->{user}{id} }
           $jwt, $jwt_chunked, $https, $https_chunked, $sc, $sc_chunked;

# The fixtures are the shapes this file is about: a new recording that
# differs (other names, no chunks, a sub...) fails here, at load time.
sub shape_is {
    my ($f, $names, $header) = @_;
    my $d = $f->{session_data};
    my $got = join ' ', map { $_->{name} } @{ $d->{cookies} };
    die "$f->{user}{name}: cookies $got, not $names\n" if $got ne $names;
    die "$f->{user}{name}: header $d->{header_json}, not $header\n"
        if $d->{header_json} !~ $header;
    my $p = JSON::PP::decode_json($d->{payload_json});
    die "$f->{user}{name}: session.userId, user.id are not the user's\n"
        if $p->{session}{userId} ne $f->{user}{id}
           || $p->{user}{id} ne $f->{user}{id};
    die "$f->{user}{name}: exp is not iat + 300\n" if $p->{exp} - $p->{iat} != 300;
    return $p;
}

my $N = 'better-auth.session_data';
my $HS = qr/\A\{"alg":"HS256"\}\z/;
my $SC = qr/\A\{"alg":"EdDSA","kid":"[^"]+","typ":"better-auth\.session-cache\+jwt"\}\z/;
for ([$jwt, $N, $HS], [$jwt_chunked, "$N.0 $N.1", $HS],
     [$https, "__Secure-$N", $HS],
     [$https_chunked, "__Secure-$N.0 __Secure-$N.1", $HS])
{
    my $p = shape_is(@$_);
    die "$_->[0]{user}{name}: the jwt strategy's cookie has a sub\n"
        if exists $p->{sub};
}
for ([$sc, $N, $SC], [$sc_chunked, "$N.0 $N.1", $SC]) {
    my $p = shape_is(@$_);
    die "$_->[0]{user}{name}: sub, aud, iss, sid are not the session cache's\n"
        if $p->{sub} ne $_->[0]{user}{id}
           || $p->{aud} ne 'better-auth:session-cache'
           || $p->{iss} ne $_->[0]{base_url}
           || $p->{sid} ne $p->{session}{token};
}
die "compact: not one cookie $N\n"
    if join(' ', map { $_->{name} } @{ $compact->{session_data}{cookies} }) ne $N;

# the location of Better Auth's "jwt" strategy, as in t/e2e
our $hs_location = <<'END';
    large_client_header_buffers 4 16k;
    location /api/ {
        jwt_auth "app" cookie=better-auth.session_data;
        jwt_auth_user_claim session.userId;
        jwt_auth_set_header X-User-Id session.userId;
        add_header X-User $jwt_auth_user always;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
END

add_block_preprocessor(sub {
    my ($block) = @_;
    if (defined $block->config && $block->config =~ /^\s*HS_LOCATION\s*$/) {
        $block->set_value(config => $hs_location);
    }
    jwt_auth_defaults($block);
});

run_tests();

__DATA__

=== TEST 1: strategy "jwt": the Cookie header Better Auth's sign-in leaves (session token and session_data), rebuilt: the user of session.userId, the client's X-User-Id dropped
--- config
HS_LOCATION
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Cookie: $::jwt_cookie", "Cookie: $::jwt_cookie\nX-User-Id: mallory"]
--- response_body eval
[("user=$::uid{Alice}\n") x 2]
--- response_headers eval
[("X-User: $::uid{Alice}\nX-Error:") x 2]
--- no_error_log
[error]



=== TEST 2: strategy "jwt", a long image URL: .0 and .1 joined, in either order
--- config
HS_LOCATION
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Cookie: $::chunked_cookie",
 "Cookie: " . ::reversed($::chunked_cookie)]
--- response_body eval
[("user=$::uid{Bob}\n") x 2]
--- no_error_log
[error]



=== TEST 3: an https base URL: __Secure-better-auth.session_data, whole and in chunks
--- config
HS_LOCATION
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Cookie: $::https_cookie", "Cookie: $::https_chunked_cookie"]
--- response_body eval
["user=$::uid{Erin}\n", "user=$::uid{Frank}\n"]
--- no_error_log
[error]



=== TEST 4: a tampered cookie, one signed with another secret: bad_signature
--- config
HS_LOCATION
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Cookie: " . ::cookie_header($::jwt, $::tampered, 'tampered'),
 "Cookie: " . ::cookie_header($::jwt, $::other_secret)]
--- error_code eval
[401, 401]
--- response_headers eval
[("X-Error: bad_signature\nWWW-Authenticate: Bearer realm=\"app\", error=\"invalid_token\", error_description=\"signature does not verify\"") x 2]



=== TEST 5: the recorded cookies as Better Auth made them verify with the recorded secret, and are refused only as expired; with the suite's secret, not at all
--- http_config eval
"    jwt_auth_secret \"$::jwt->{secret}\";"
--- config
    large_client_header_buffers 4 16k;
    location /api/ {
        jwt_auth "app" cookie=better-auth.session_data;
        jwt_auth_user_claim session.userId;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /suite/ {
        jwt_auth "app" cookie=better-auth.session_data;
        jwt_auth_secret "better-auth-secret-for-tests-256";
        jwt_auth_user_claim session.userId;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /suite/a"]
--- more_headers eval
["Cookie: $::jwt->{cookie}", "Cookie: $::jwt_chunked->{cookie}",
 "Cookie: $::https_chunked->{cookie}", "Cookie: $::jwt->{cookie}"]
--- error_code eval
[401, 401, 401, 401]
--- response_headers eval
[("X-Error: expired") x 3, "X-Error: bad_signature"]



=== TEST 6: without jwt_auth_user_claim session.userId: Better Auth's cookie has no sub, so no user
--- config
    location /api/ {
        jwt_auth "app" cookie=better-auth.session_data;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/a
--- more_headers eval
"Cookie: $::jwt_cookie"
--- error_code: 401
--- response_headers
X-Error: missing_user



=== TEST 7: the jwt() plugin's sessionCookieCache: EdDSA, the JWKS by key request, aud better-auth:session-cache, its typ required; whole and in chunks
--- user_files eval
">>> jwks.json\n$::ed1_jwks"
--- http_config
    map $jwt_header_typ $session_cache_typ {
        "better-auth.session-cache+jwt" 1;
        default 0;
    }
--- config eval
<<"END"
    large_client_header_buffers 4 16k;
    location = /_jwks {
        internal;
        alias \$TEST_NGINX_SERVER_ROOT/html/jwks.json;
    }
    location /api/ {
        jwt_auth "app" cookie=better-auth.session_data;
        jwt_auth_key_request /_jwks;
        jwt_auth_issuer $::sc_iss;
        jwt_auth_audience better-auth:session-cache;
        jwt_auth_require \$session_cache_typ;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Error \$jwt_auth_error always;
        proxy_pass http://127.0.0.1:\$TEST_NGINX_SERVER_PORT/echo/;
    }
END
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Cookie: $::sc_cookie", "Cookie: $::sc_chunked_cookie"]
--- response_body eval
["user=$::uid{Grace}\n", "user=$::uid{Heidi}\n"]
--- no_error_log
[error]



=== TEST 8: session cache and bearer tokens apart: the bearer token (aud the base URL) as the cookie, the cookie as a bearer token, both bad_audience; the cookie's claims with another typ: the requirement refuses it
--- user_files eval
">>> jwks.json\n$::ed1_jwks"
--- http_config
    map $jwt_header_typ $session_cache_typ {
        "better-auth.session-cache+jwt" 1;
        default 0;
    }
--- config eval
<<"END"
    location = /_jwks {
        internal;
        alias \$TEST_NGINX_SERVER_ROOT/html/jwks.json;
    }
    location /api/ {
        jwt_auth "app" cookie=better-auth.session_data;
        jwt_auth_key_request /_jwks;
        jwt_auth_issuer $::sc_iss;
        jwt_auth_audience better-auth:session-cache;
        jwt_auth_require \$session_cache_typ;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Error \$jwt_auth_error always;
        proxy_pass http://127.0.0.1:\$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /bearer/ {
        jwt_auth "app";
        jwt_auth_key_request /_jwks;
        jwt_auth_issuer $::sc_iss;
        jwt_auth_audience $::sc_iss;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Error \$jwt_auth_error always;
        proxy_pass http://127.0.0.1:\$TEST_NGINX_SERVER_PORT/echo/;
    }
END
--- request eval
["GET /bearer/a", "GET /api/a", "GET /bearer/b", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::bearer",
 "Cookie: better-auth.session_data=$::bearer",
 "Authorization: Bearer $::sc_value",
 "Cookie: better-auth.session_data=$::typ_jwt"]
--- error_code eval
[200, 401, 401, 401]
--- response_headers eval
["X-Error:", "X-Error: bad_audience", "X-Error: bad_audience",
 "X-Error: require:\$session_cache_typ"]



=== TEST 9: the recorded session-cache cookie verifies with the recorded JWKS (Better Auth's own key) and is refused only as expired
--- user_files eval
">>> jwks.json\n$::real_jwks"
--- config eval
<<"END"
    location = /_jwks {
        internal;
        alias \$TEST_NGINX_SERVER_ROOT/html/jwks.json;
    }
    location /api/ {
        jwt_auth "app" cookie=better-auth.session_data;
        jwt_auth_key_request /_jwks;
        jwt_auth_issuer $::sc_iss;
        jwt_auth_audience better-auth:session-cache;
        add_header X-Error \$jwt_auth_error always;
        proxy_pass http://127.0.0.1:\$TEST_NGINX_SERVER_PORT/echo/;
    }
END
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Cookie: $::sc->{cookie}", "Cookie: $::sc_cookie"]
--- error_code eval
[401, 401]
--- response_headers eval
["X-Error: expired", "X-Error: bad_signature"]



=== TEST 10: strategy "compact" (Better Auth's default) is not a JWT: malformed, saying so
--- config
HS_LOCATION
--- request
GET /api/a
--- more_headers eval
"Cookie: $::compact->{cookie}"
--- error_code: 401
--- response_headers
X-Error: malformed
WWW-Authenticate: Bearer realm="app", error="invalid_token", error_description="token is not three dot-separated parts"
