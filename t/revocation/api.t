# jwt_auth_revocation and jwt_auth_revocation_api: the revocation store.
# An entry refuses a verified token by its jti, every token of a session
# (the claim of session=), or every token of a user (the value of
# jwt_auth_user_claim) issued before a time; the refusal is 401
# invalid_token "token has been revoked", $jwt_auth_error "revoked", on
# every request, tokens served from jwt_auth_cache included.  The API
# location lists (GET), adds (POST) and removes (DELETE) entries, answers
# JSON, refuses bad input whole, and says so when the zone is full.
#
# Protected locations proxy to /echo/, which answers with the identity
# header it was given ("user=..."); a refused request never gets there
# and answers nginx's own 401 page (matched by its status: forks word it
# differently).  The API is at /_revocations; the time of an entry is
# written in its POST body.
#
# Time: an entry's exp and before are NumericDates computed when this file
# is loaded ($far: an hour on, $past_T: 100 seconds ago), written into the
# request bodies and, where GET lists them, into the expected answers.  An
# answer holding a time nginx chose (now + lifetime=, a default before) is
# matched by a regex whose code checks the number against the clock when
# the answer arrives: near(3600) matches a number within 2 seconds of
# now + 3600.  Blocks that need time to pass wait with a request to
# /pause, a file sent at 1000 bytes a second (limit_rate), as in
# t/cache/cache.t: a request after a pause of N000 bytes runs N seconds
# (by nginx's clock, which the store uses) after every request before it.
# TEST 1 runs first (no_shuffle) because its entry's exp is three seconds
# after this file is loaded: its first requests come well before that,
# those after its 3-second pause at exp or later.
#
# Zones of 32k are the least size where pages are 4k (x86-64): eight
# pages.  nginx is restarted for every block, so every store starts
# empty but in TEST 3 and TEST 4, which read a state file at start
# (t/revocation/lifecycle.t restarts and reloads one nginx).
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

# "Authorization: Bearer TOKEN"
sub bearer {
    my ($token) = @_;
    return "Authorization: Bearer $token";
}

# A POST of an entry or a list (a ref, or JSON text) to the API
sub post {
    my ($body, $uri) = @_;
    return 'POST ' . ($uri // '/_revocations') . "\n" . json_text($body);
}

# The API's answers
sub stored {
    my ($stored, $expired) = @_;
    return '{"stored":' . $stored . ',"expired":' . ($expired // 0) . "}\n";
}

sub bad_request {
    my ($description) = @_;
    return api_error('bad_request', $description);
}

sub listed {
    my @entries = @_;
    return '{"entries":[' . join(',', @entries) . '],"count":'
           . scalar(@entries) . "}\n";
}

sub api_error {
    my ($error, $description) = @_;
    return qq{{"error":"$error","error_description":"$description"}\n};
}

our $not_found = api_error('not_found', 'no such entry');
our $not_allowed = api_error('method_not_allowed',
                             'the API takes GET, POST and DELETE');
our $deleted = qq{{"deleted":1}\n};
our $empty = listed();
our $json = 'Content-Type: application/json';

# what a JSON string holds (in a regex)
our $text = qr/(?:[^"\\]|\\.)*/;

# a 400 for a body jansson cannot parse: its message after "not JSON: "
# begins with $start
sub not_json {
    my ($start) = @_;
    return qr/\A\{"error":"bad_request","error_description":"not[ ]JSON:
              [ ]\Q$start\E$text"\}\n\z/x;
}

# A number within 2 seconds of now + $offset, now being when the answer is
# matched (see the top of this file)
sub near {
    my ($offset) = @_;
    return qr/(\d+)(?(?{ abs($^N - time() - $offset) <= 2 })|(*FAIL))/;
}

our $revoked = 'WWW-Authenticate: Bearer realm="tasks", '
             . 'error="invalid_token", error_description="token has been '
             . 'revoked"';
our $refused = qr/<html>.*\b401\b/s;   # nginx's own 401 page

our $far = now() + 3600;        # the exp of entries
our $soon = now() + 3;          # TEST 1's entry
our $past_T = now() - 100;      # the before of subjects

# TEST 1: /pause waits by nginx's clock; TEST 9 the same, shorter
our @files = (['pause3.txt', 'x' x 3000], ['pause2.txt', 'x' x 2000]);

# per jti
our $jti_1 = token(sub => 'user-1', jti => 'tok-1');
our $jti_2 = token(sub => 'user-1', jti => 'tok-2');
our $no_jti = token(sub => 'user-1');
our $sub_tok_1 = token(sub => 'tok-1');

# per session: session.id (nested) and sid (flat)
our $sess_1 = token(sub => 'user-1', session => { id => 's-1' });
our $sess_2 = token(sub => 'user-1', session => { id => 's-2' });
our $sid_1 = token(sub => 'user-1', sid => 's-1');

# per subject, before $past_T
our $u_old = token(sub => 'u', iat => $past_T - 1);
our $u_frac = token(sub => 'u', iat => $past_T - 0.5);
our $u_new = token(sub => 'u', iat => $past_T);
our $u_no_iat = token(sub => 'u');
our $v_old = token(sub => 'v', iat => $past_T - 1);
our $uid_u = token(sub => 'w', uid => 'u', iat => $past_T - 1);
our $uid_w = token(sub => 'u', uid => 'w', iat => $past_T - 1);

# cached tokens, revoked by each kind of entry
our $c_jti = token(sub => 'user-c1', jti => 'c-1');
our $c_sess = token(sub => 'user-c2', session => { id => 'c-s' });
our $c_sub = token(sub => 'user-c3', iat => $past_T - 1);
our $c_sub_new = token(sub => 'user-c3', iat => $past_T + 1);

# lifetime=
our $quick = token(sub => 'user-q', jti => 'quick');

# A full zone: 400 entries of about 200 bytes (a slab slot of 512 bytes
# each, in a zone of five or so free pages); the ones stored before it
# filled still refuse, the last one (not stored) does not.  The number
# stored, from the 507 answer, is what GET counts after it.
our @full_list = map { { jti => sprintf('fill-%03d-', $_) . 'x' x 190,
                         exp => $far } } 0 .. 399;
our $first_filler = token(sub => 'user-f', jti => $full_list[0]{jti});
our $last_filler = token(sub => 'user-f', jti => $full_list[-1]{jti});
our $full_stored;
our $zone_full = qr/\A\{"error":"zone_full","error_description":"the
    [ ]revocation[ ]zone[ ]is[ ]full;[ ](\d+)[ ]entries[ ]were[ ]stored,
    [ ]the[ ]rest[ ]not","stored":(\d+)\}\n\z
    (?(?{ $1 == $2 && $2 > 0 })(?{ $::full_stored = $2 })|(*FAIL))/x;
our $full_logged = '\[error\] .*jwt_auth_revocation: zone "small" is '
                 . 'full: \d+ entries stored, the rest not';
our $counts_stored = qr/\A\{"entries":\[\{"jti":"fill-000-.*\}\],
    "count":(\d+)\}\n\z(?(?{ $^N == $::full_stored })|(*FAIL))/xs;

# The API: ids that need URL-encoding in a DELETE
our $odd_jti = 'a b/c?d&e%';
our $odd_jti_arg = 'a%20b%2Fc%3Fd%26e%25';
our @three = (qq{{"jti":"$odd_jti","exp":$far}},
              qq{{"session":"s 1","exp":$far}},
              qq{{"sub":"user/1","before":$past_T,"exp":$far}});
our $three_listed = listed(@three);

# Bad input
our $id_1024 = 'k' x 1024;
our $id_1025 = 'k' x 1025;
our $kept = qq{{"jti":"kept","exp":$far}};

no_shuffle();
add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: expiry: an entry with an exp three seconds ahead refuses its token and is listed until then; after it the token passes, GET no longer lists it and DELETE finds nothing
--- http_config
    jwt_auth_revocation zone=revoked:1m;
--- config
    location = /pause {
        limit_rate 1000;
        alias $TEST_NGINX_SERVER_ROOT/html/pause3.txt;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location = /_revocations {
        jwt_auth_revocation_api revoked;
    }
--- user_files eval
\@::files
--- timeout: 10
--- request eval
[::post({ jti => 'tok-1', exp => $::soon }), "GET /api/1", "GET /_revocations",
 "GET /pause", "GET /api/2", "GET /_revocations",
 "DELETE /_revocations?jti=tok-1"]
--- more_headers eval
["", ::bearer($::jti_1), "", "", ::bearer($::jti_1), "", ""]
--- error_code eval
[200, 401, 200, 200, 200, 200, 404]
--- response_headers eval
["", $::revoked, "", "", "!WWW-Authenticate", "", ""]
--- response_body eval
[::stored(1), $::refused,
 ::listed(qq{{"jti":"tok-1","exp":$::soon}}), 'x' x 3000, "user=user-1\n",
 $::empty, $::not_found]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 2: per jti: a token passes, then its jti is posted and the same token gets 401 revoked ($jwt_auth_error "revoked", $jwt_auth_user empty) on every request; a token with another jti, one without jti and one whose sub is that id still pass
--- http_config
    jwt_auth_revocation zone=revoked:1m;
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        add_header X-JWT-User "[$jwt_auth_user]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location = /_revocations {
        jwt_auth_revocation_api revoked;
    }
--- request eval
["GET /api/1", ::post({ jti => 'tok-1', exp => $::far }), "GET /api/2",
 "GET /api/3", "GET /api/4", "GET /api/5", "GET /api/6"]
--- more_headers eval
[::bearer($::jti_1), "", ::bearer($::jti_1), ::bearer($::jti_2),
 ::bearer($::no_jti), ::bearer($::sub_tok_1), ::bearer($::jti_1)]
--- error_code eval
[200, 200, 401, 200, 200, 200, 401]
--- response_headers eval
["X-JWT-Error: []\nX-JWT-User: [user-1]\n!WWW-Authenticate", $::json,
 "X-JWT-Error: [revoked]\nX-JWT-User: []\n$::revoked",
 "X-JWT-Error: []\n!WWW-Authenticate", "X-JWT-Error: []\n!WWW-Authenticate",
 "X-JWT-Error: []\n!WWW-Authenticate",
 "X-JWT-Error: [revoked]\n$::revoked"]
--- response_body eval
["user=user-1\n", ::stored(1), $::refused, "user=user-1\n",
 "user=user-1\n", "user=tok-1\n", $::refused]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 3: a store read from its state file at start refuses at once; the refusal is logged at info with its reason
--- http_config
    jwt_auth_revocation zone=revoked:1m state=$TEST_NGINX_SERVER_ROOT/html/revoked.json;
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['revoked.json', qq{{"entries":[{"jti":"tok-1","exp":$::far}],"count":1}\n}]]
--- request
GET /api/1
--- more_headers eval
::bearer($::jti_1)
--- error_code: 401
--- response_headers eval
"X-JWT-Error: [revoked]\n$::revoked"
--- error_log
[info]
jwt_auth: rejected, revoked: token has been revoked
--- no_error_log
[error]
[alert]
[crit]



=== TEST 4: state= is relative to the prefix (README): state=html/revoked.json is the server root's html/revoked.json, read at start
--- http_config
    jwt_auth_revocation zone=revoked:1m state=html/revoked.json;
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['revoked.json', qq{{"entries":[{"jti":"tok-1","exp":$::far}],"count":1}\n}]]
--- request
GET /api/1
--- more_headers eval
::bearer($::jti_1)
--- error_code: 401
--- response_headers eval
"X-JWT-Error: [revoked]\n$::revoked"
--- no_error_log
[error]
[alert]
[crit]



=== TEST 5: per session: session=session.id (nested) and, in a location of its own, session=sid (flat) refuse every token of the posted session; another session passes, a token with the id in the other claim passes, and where jwt_auth_revocation has no session= the session entry matches nothing
--- http_config
    jwt_auth_revocation zone=revoked:1m session=session.id;
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /flat/ {
        jwt_auth "tasks";
        jwt_auth_revocation zone=revoked session=sid;
        jwt_auth_set_header X-User-Id sub;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /nosession/ {
        jwt_auth "tasks";
        jwt_auth_revocation zone=revoked;
        jwt_auth_set_header X-User-Id sub;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location = /_revocations {
        jwt_auth_revocation_api revoked;
    }
--- request eval
["GET /api/1", "GET /flat/1", ::post({ session => 's-1', exp => $::far }),
 "GET /api/2", "GET /api/3", "GET /flat/2", "GET /flat/3", "GET /api/4",
 "GET /nosession/1", "GET /nosession/2"]
--- more_headers eval
[::bearer($::sess_1), ::bearer($::sid_1), "", ::bearer($::sess_1),
 ::bearer($::sess_2), ::bearer($::sid_1), ::bearer($::sess_1),
 ::bearer($::sid_1), ::bearer($::sess_1), ::bearer($::sid_1)]
--- error_code eval
[200, 200, 200, 401, 200, 401, 200, 200, 200, 200]
--- response_headers eval
["X-JWT-Error: []", "X-JWT-Error: []", $::json,
 "X-JWT-Error: [revoked]\n$::revoked", "X-JWT-Error: []",
 "X-JWT-Error: [revoked]\n$::revoked", "X-JWT-Error: []",
 "X-JWT-Error: []", "X-JWT-Error: []", "X-JWT-Error: []"]
--- response_body eval
["user=user-1\n", "user=user-1\n", ::stored(1), $::refused,
 "user=user-1\n", $::refused, "user=user-1\n", "user=user-1\n",
 "user=user-1\n", "user=user-1\n"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 6: per subject before a time: {"sub":"u","before":T} refuses u's tokens with iat < T (also a fraction below) and u's token without iat; u's token with iat = T and another user's old token pass; the user is jwt_auth_user_claim's (uid in /uid/), not always sub
--- http_config
    jwt_auth_revocation zone=revoked:1m;
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /uid/ {
        jwt_auth "tasks";
        jwt_auth_user_claim uid;
        jwt_auth_set_header X-User-Id uid;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location = /_revocations {
        jwt_auth_revocation_api revoked;
    }
--- request eval
["GET /api/1",
 ::post({ sub => 'u', before => $::past_T, exp => $::far }),
 "GET /api/2", "GET /api/3", "GET /api/4", "GET /api/5", "GET /api/6",
 "GET /uid/1", "GET /api/7", "GET /uid/2", "GET /api/8"]
--- more_headers eval
[::bearer($::u_old), "", ::bearer($::u_old), ::bearer($::u_frac),
 ::bearer($::u_new), ::bearer($::u_no_iat), ::bearer($::v_old),
 ::bearer($::uid_u), ::bearer($::uid_u), ::bearer($::uid_w),
 ::bearer($::uid_w)]
--- error_code eval
[200, 200, 401, 401, 200, 401, 200, 401, 200, 200, 401]
--- response_headers eval
["X-JWT-Error: []", $::json, "X-JWT-Error: [revoked]\n$::revoked",
 "X-JWT-Error: [revoked]\n$::revoked", "X-JWT-Error: []",
 "X-JWT-Error: [revoked]\n$::revoked", "X-JWT-Error: []",
 "X-JWT-Error: [revoked]\n$::revoked", "X-JWT-Error: []",
 "X-JWT-Error: []", "X-JWT-Error: [revoked]\n$::revoked"]
--- response_body eval
["user=u\n", ::stored(1), $::refused, $::refused,
 "user=u\n", $::refused, "user=v\n", $::refused,
 "user=w\n", "user=w\n", $::refused]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 7: the attack: tokens served from jwt_auth_cache (X-Cache: HIT) are refused from the request after their revocation by jti, session or subject, still HITs, 401 revoked every time; the user's token issued after before is a MISS and passes
--- http_config
    jwt_auth_revocation zone=revoked:1m session=session.id;
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=tokens:1m;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Cache $jwt_auth_cache_status always;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location = /_revocations {
        jwt_auth_revocation_api revoked;
    }
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /api/4", "GET /api/5",
 "GET /api/6",
 ::post([{ jti => 'c-1', exp => $::far }, { session => 'c-s', exp => $::far },
         { sub => 'user-c3', before => $::past_T, exp => $::far }]),
 "GET /api/7", "GET /api/8", "GET /api/9", "GET /api/10", "GET /api/11"]
--- more_headers eval
[::bearer($::c_jti), ::bearer($::c_jti), ::bearer($::c_sess),
 ::bearer($::c_sess), ::bearer($::c_sub), ::bearer($::c_sub), "",
 ::bearer($::c_jti), ::bearer($::c_sess), ::bearer($::c_sub),
 ::bearer($::c_jti), ::bearer($::c_sub_new)]
--- error_code eval
[200, 200, 200, 200, 200, 200, 200, 401, 401, 401, 401, 200]
--- response_headers eval
["X-Cache: MISS\nX-JWT-Error: []", "X-Cache: HIT\nX-JWT-Error: []",
 "X-Cache: MISS\nX-JWT-Error: []", "X-Cache: HIT\nX-JWT-Error: []",
 "X-Cache: MISS\nX-JWT-Error: []", "X-Cache: HIT\nX-JWT-Error: []",
 "!X-Cache\n$::json",
 "X-Cache: HIT\nX-JWT-Error: [revoked]\n$::revoked",
 "X-Cache: HIT\nX-JWT-Error: [revoked]\n$::revoked",
 "X-Cache: HIT\nX-JWT-Error: [revoked]\n$::revoked",
 "X-Cache: HIT\nX-JWT-Error: [revoked]\n$::revoked",
 "X-Cache: MISS\nX-JWT-Error: []"]
--- response_body eval
["user=user-c1\n", "user=user-c1\n", "user=user-c2\n", "user=user-c2\n",
 "user=user-c3\n", "user=user-c3\n", ::stored(3), $::refused,
 $::refused, $::refused, $::refused,
 "user=user-c3\n"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 8: lifetime=1h: an id entry without exp gets now + 1h, a subject's before + 1h; one without before gets the time of its request; an exp given is kept
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h;
--- config
    location = /_revocations {
        jwt_auth_revocation_api revoked;
    }
--- request eval
[::post({ jti => 'l-1' }), ::post({ session => 'l-s' }),
 ::post({ sub => 'l-u', before => $::past_T }), ::post({ sub => 'l-d' }),
 ::post({ jti => 'l-2', exp => $::far + 7200 }), "GET /_revocations"]
--- response_headers eval
[($::json) x 6]
--- response_body eval
[(::stored(1)) x 5,
 qr/\A\{"entries":\[\{"jti":"l-1","exp":${\ ::near(3600)}\},
    \{"session":"l-s","exp":${\ ::near(3600)}\},
    \{"sub":"l-u","before":$::past_T,"exp":${\ ($::past_T + 3600)}\},
    \{"sub":"l-d","before":${\ ::near(0)},"exp":${\ ::near(3600)}\},
    \{"jti":"l-2","exp":${\ ($::far + 7200)}\}\],"count":5\}\n\z/x]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 9: lifetime=2s: an entry without exp refuses its token, then after 2 s matches nothing and is no longer listed; a subject whose before + 2 s has passed is not stored (expired: 1)
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=2s;
--- config
    location = /pause {
        limit_rate 1000;
        alias $TEST_NGINX_SERVER_ROOT/html/pause2.txt;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location = /_revocations {
        jwt_auth_revocation_api revoked;
    }
--- user_files eval
\@::files
--- timeout: 10
--- request eval
[::post({ jti => 'quick' }), "GET /api/1", "GET /pause", "GET /api/2",
 "GET /_revocations", ::post({ sub => 'user-q', before => $::past_T }),
 "GET /_revocations"]
--- more_headers eval
["", ::bearer($::quick), "", ::bearer($::quick), "", "", ""]
--- error_code eval
[200, 401, 200, 200, 200, 200, 200]
--- response_body eval
[::stored(1), $::refused, 'x' x 2000, "user=user-q\n", $::empty,
 ::stored(0, 1), $::empty]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 10: a full zone (32k): a list larger than it gets 507 zone_full with the number stored (more than 0, and what GET counts after); the entries stored before it filled still refuse, the last one (not stored) does not
--- http_config
    jwt_auth_revocation zone=small:32k;
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location = /_revocations {
        jwt_auth_revocation_api small;
    }
--- request eval
["GET /api/1", ::post(\@::full_list), "GET /api/2", "GET /api/3",
 "GET /_revocations"]
--- more_headers eval
[::bearer($::first_filler), "", ::bearer($::first_filler),
 ::bearer($::last_filler), ""]
--- error_code eval
[200, 507, 401, 200, 200]
--- response_headers eval
["", $::json, $::revoked, "!WWW-Authenticate", $::json]
--- response_body eval
["user=user-f\n", $::zone_full, $::refused, "user=user-f\n",
 $::counts_stored]
--- no_error_log
[alert]
[crit]



=== TEST 11: a full zone is logged at error level, naming the zone and the number stored; no alert or crit from the slab allocator
--- http_config
    jwt_auth_revocation zone=small:32k;
--- config
    location = /_revocations {
        jwt_auth_revocation_api small;
    }
--- request eval
::post(\@::full_list)
--- error_code: 507
--- response_headers eval
$::json
--- response_body eval
$::zone_full
--- error_log eval
[qr/$::full_logged/]
--- no_error_log
[alert]
[crit]



=== TEST 12: the API: GET lists the entries (none at first); POST of one entry and of an array; DELETE ?jti=, ?session=, ?sub= with URL-encoded ids (200 deleted, then 404 not_found); GET's output posted back ({"entries":[...],"count":n}) stores the same entries again; every answer is JSON
--- http_config
    jwt_auth_revocation zone=revoked:1m;
--- config
    location = /_revocations {
        jwt_auth_revocation_api revoked;
    }
--- request eval
["GET /_revocations", ::post($::three[0]),
 ::post("[$::three[1],$::three[2]]"), "GET /_revocations",
 "DELETE /_revocations?jti=$::odd_jti_arg",
 "DELETE /_revocations?jti=$::odd_jti_arg",
 "DELETE /_revocations?session=s%201", "DELETE /_revocations?sub=user%2F1",
 "DELETE /_revocations?sub=user%2F1", "GET /_revocations",
 ::post($::three_listed), "GET /_revocations"]
--- error_code eval
[200, 200, 200, 200, 200, 404, 200, 200, 404, 200, 200, 200]
--- response_headers eval
[($::json) x 12]
--- response_body eval
[$::empty, ::stored(1), ::stored(2), $::three_listed, $::deleted,
 $::not_found, $::deleted, $::deleted, $::not_found, $::empty, ::stored(3),
 $::three_listed]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 13: the API: DELETE with no argument, with two, with one named twice, with an empty id or one of 1025 bytes is 400; an unknown id 404; PUT and PATCH 405 with Allow; HEAD answers GET's headers without a body; all JSON
--- http_config
    jwt_auth_revocation zone=revoked:1m;
--- config
    location = /_revocations {
        jwt_auth_revocation_api revoked;
    }
--- request eval
[::post($::three[0]), "DELETE /_revocations",
 "DELETE /_revocations?jti=x&sub=y", "DELETE /_revocations?jti=",
 "DELETE /_revocations?jti=$::id_1025", "DELETE /_revocations?sub=nobody",
 "DELETE /_revocations?other=1", "PUT /_revocations\n$::three[1]",
 "PATCH /_revocations", "HEAD /_revocations", "GET /_revocations",
 "DELETE /_revocations?jti=a&jti=b"]
--- more_headers eval
["", "", "", "", "", "", "", "", "Content-Length: 0", "", "", ""]
--- error_code eval
[200, 400, 400, 400, 400, 404, 400, 405, 405, 200, 200, 400]
--- response_headers eval
[$::json, $::json, $::json, $::json, $::json, $::json, $::json,
 "$::json\nAllow: GET, HEAD, POST, DELETE",
 "$::json\nAllow: GET, HEAD, POST, DELETE",
 "$::json\nContent-Length: " . length(::listed($::three[0])),
 "$::json\nContent-Length: " . length(::listed($::three[0])), $::json]
--- response_body eval
[::stored(1),
 ::bad_request('DELETE takes one of ?jti=, ?session= and ?sub='),
 ::bad_request('DELETE takes one of ?jti=, ?session= and ?sub='),
 ::bad_request('an id is 1 to 1024 bytes'),
 ::bad_request('an id is 1 to 1024 bytes'), $::not_found,
 ::bad_request('DELETE takes one of ?jti=, ?session= and ?sub='),
 $::not_allowed, $::not_allowed,
 "", ::listed($::three[0]),
 ::bad_request('DELETE takes one of ?jti=, ?session= and ?sub=')]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 14: an entry posted again keeps the later before and the later exp, whichever post has them; an entry whose exp has passed is not stored (expired: 1); an id of 1024 bytes is stored; an empty list stores nothing
--- http_config
    jwt_auth_revocation zone=revoked:1m;
--- config
    location = /_revocations {
        jwt_auth_revocation_api revoked;
    }
--- request eval
[::post({ sub => 'u', before => $::past_T, exp => $::far }),
 ::post({ sub => 'u', before => $::past_T - 50, exp => $::far - 50 }),
 "GET /_revocations",
 ::post({ sub => 'u', before => $::past_T + 10, exp => $::far - 60 }),
 ::post({ sub => 'u', before => $::past_T - 60, exp => $::far + 10 }),
 "GET /_revocations",
 ::post([{ jti => 'old', exp => $::past_T }, { jti => 'new', exp => $::far }]),
 "DELETE /_revocations?jti=old",
 ::post({ jti => $::id_1024, exp => $::far }),
 "DELETE /_revocations?jti=$::id_1024", "DELETE /_revocations?jti=new",
 "DELETE /_revocations?sub=u", ::post([]), "GET /_revocations"]
--- error_code eval
[200, 200, 200, 200, 200, 200, 200, 404, 200, 200, 200, 200, 200, 200]
--- response_body eval
[::stored(1), ::stored(1),
 ::listed(qq{{"sub":"u","before":$::past_T,"exp":$::far}}),
 ::stored(1), ::stored(1),
 ::listed(qq<{"sub":"u","before":${\ ($::past_T + 10)},>
          . qq<"exp":${\ ($::far + 10)}}>),
 ::stored(1, 1), $::not_found, ::stored(1), $::deleted, $::deleted,
 $::deleted, ::stored(0), $::empty]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 15: bad input is refused whole with 400 and a reason that says what is wrong, nothing stored: not JSON, an empty body, not an object, an unknown member, a member given twice, wrong types, no id, two ids, an empty id or one of 1025 bytes, an exp of 0 or below, a before below 0, no exp where the zone has no lifetime=; in a list, the bad entry's index (from 0), and none of the list stored
--- http_config
    jwt_auth_revocation zone=revoked:1m;
--- config
    location = /_revocations {
        jwt_auth_revocation_api revoked;
    }
--- request eval
[::post($::kept),
 ::post('hello'),
 "POST /_revocations",
 ::post('"tok-1"'),
 ::post({ jti => 'a', exp => $::far, reason => 'logout' }),
 ::post(qq{{"jti":"a","jti":"b","exp":$::far}}),
 ::post({ jti => 5, exp => $::far }),
 ::post({ sub => JSON::PP::true(), exp => $::far }),
 ::post({ jti => 'a', exp => 'tomorrow' }),
 ::post({ sub => 'u', before => '1', exp => $::far }),
 ::post({ jti => 'a', before => $::past_T, exp => $::far }),
 ::post({ exp => $::far }),
 ::post({ jti => 'a', sub => 'u', exp => $::far }),
 ::post({ jti => '', exp => $::far }),
 ::post({ jti => $::id_1025, exp => $::far }),
 ::post({ jti => 'a', exp => 0 }),
 ::post({ jti => 'a', exp => -5 }),
 ::post({ sub => 'u', before => -1, exp => $::far }),
 ::post({ jti => 'a' }),
 ::post([{ jti => 'l-0', exp => $::far }, { jti => 'l-1', exp => $::far },
         { jti => 'l-2', exp => -1 }, { jti => 'l-3', exp => $::far }]),
 ::post({ entries => [{ jti => 'e-0', exp => $::far }, 'e-1'] }),
 ::post({ entries => [{ jti => 'e-0', exp => $::far }], total => 1 }),
 ::post({ entries => { jti => 'e-0', exp => $::far } }),
 "GET /_revocations"]
--- more_headers eval
["", "", "Content-Length: 0", ("") x 21]
--- error_code eval
[200, (400) x 22, 200]
--- response_headers eval
[($::json) x 24]
--- response_body eval
[::stored(1),
 ::not_json(''),
 ::bad_request('the body is empty; POST a JSON entry or a list'),
 ::bad_request('an entry is a JSON object'),
 ::bad_request('unknown member (an entry has \"jti\", \"session\" or '
               . '\"sub\", with \"exp\", and \"before\" for \"sub\")'),
 ::not_json('duplicate'),
 ::bad_request('\"jti\", \"session\" and \"sub\" are strings'),
 ::bad_request('\"jti\", \"session\" and \"sub\" are strings'),
 ::bad_request('\"exp\" is not a positive number'),
 ::bad_request('\"before\" is not a number of 0 or more'),
 ::bad_request('\"before\" goes with \"sub\" only'),
 ::bad_request('no \"jti\", \"session\" or \"sub\"'),
 ::bad_request('more than one of \"jti\", \"session\" and \"sub\"'),
 ::bad_request('an id is 1 to 1024 bytes, without NUL'),
 ::bad_request('an id is 1 to 1024 bytes, without NUL'),
 ::bad_request('\"exp\" is not a positive number'),
 ::bad_request('\"exp\" is not a positive number'),
 ::bad_request('\"before\" is not a number of 0 or more'),
 ::bad_request('no \"exp\" (and the zone has no lifetime=)'),
 ::bad_request('entry 2: \"exp\" is not a positive number'),
 ::bad_request('entry 1: an entry is a JSON object'),
 ::bad_request('unknown member \"total\" beside \"entries\"'),
 ::bad_request('\"entries\" is not an array'),
 ::listed($::kept)]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 16: a body larger than the API location's client_max_body_size gets nginx's own 413, nothing stored; a body within it is taken
--- http_config
    jwt_auth_revocation zone=revoked:1m;
--- config
    location = /_revocations {
        client_max_body_size 1k;
        jwt_auth_revocation_api revoked;
    }
--- request eval
[::post([map { { jti => "big-$_", exp => $::far } } 1 .. 60]),
 ::post({ jti => 'small', exp => $::far }), "GET /_revocations"]
--- error_code eval
[413, 200, 200]
--- response_body eval
[qr/413 Request Entity Too Large/, ::stored(1),
 ::listed(qq{{"jti":"small","exp":$::far}})]
--- no_error_log
[alert]
[crit]



=== TEST 17: allow and deny on the API location: from a denied address GET, POST and DELETE get 403 and change nothing; where 127.0.0.1 is allowed they work
--- http_config
    jwt_auth_revocation zone=revoked:1m;
--- config
    location = /_denied {
        deny all;
        jwt_auth_revocation_api revoked;
    }
    location = /_revocations {
        allow 127.0.0.1;
        deny all;
        jwt_auth_revocation_api revoked;
    }
--- request eval
[::post($::kept, '/_denied'), "GET /_denied", "GET /_revocations",
 ::post($::kept), "DELETE /_denied?jti=kept", "GET /_revocations"]
--- error_code eval
[403, 403, 200, 200, 403, 200]
--- response_body eval
[qr/<html>.*\b403\b/s, qr/<html>.*\b403\b/s, $::empty, ::stored(1),
 qr/<html>.*\b403\b/s, ::listed($::kept)]
--- no_error_log
[alert]
[crit]



=== TEST 18: jwt_auth_revocation off in a location of a server that has a store: the revoked token passes there, and is refused in the server's other locations
--- config
    jwt_auth_revocation zone=revoked:1m;

    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /open/ {
        jwt_auth "tasks";
        jwt_auth_revocation off;
        jwt_auth_set_header X-User-Id sub;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location = /_revocations {
        jwt_auth_revocation_api revoked;
    }
--- request eval
[::post({ jti => 'tok-1', exp => $::far }), "GET /api/1", "GET /open/1"]
--- more_headers eval
["", ::bearer($::jti_1), ::bearer($::jti_1)]
--- error_code eval
[200, 401, 200]
--- response_headers eval
[$::json, $::revoked, "X-JWT-Error: []\n!WWW-Authenticate"]
--- response_body eval
[::stored(1), $::refused, "user=user-1\n"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 19: config error: jwt_auth_revocation without zone=
--- http_config
    jwt_auth_revocation lifetime=1h;
--- config
    location /api/ {
        jwt_auth "tasks";
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_revocation: needs zone=name:size



=== TEST 20: config error: a zone smaller than 8 pages
--- http_config
    jwt_auth_revocation zone=tiny:16k;
--- config
    location /api/ {
        jwt_auth "tasks";
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_revocation: zone "tiny" needs a size of at least 32768 bytes



=== TEST 21: config error: a size that is not one
--- http_config
    jwt_auth_revocation zone=tiny:lots;
--- config
    location /api/ {
        jwt_auth "tasks";
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_revocation: zone "tiny" needs a size of at least 32768 bytes



=== TEST 22: config error: an unknown parameter
--- http_config
    jwt_auth_revocation zone=revoked:1m sessions=sid;
--- config
    location /api/ {
        jwt_auth "tasks";
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_revocation: invalid parameter "sessions=sid"



=== TEST 23: config error: state= with no file
--- http_config
    jwt_auth_revocation zone=revoked:1m state=;
--- config
    location /api/ {
        jwt_auth "tasks";
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_revocation: invalid parameter "state="



=== TEST 24: config error: state= where the zone is named without its size
--- http_config
    jwt_auth_revocation zone=revoked:1m;
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_revocation zone=revoked state=revoked.json;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_revocation: state= and lifetime= go where the zone's size is given (zone=revoked:size)



=== TEST 25: config error: lifetime= where the zone is named without its size
--- http_config
    jwt_auth_revocation zone=revoked:1m;
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_revocation zone=revoked lifetime=1h;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_revocation: state= and lifetime= go where the zone's size is given (zone=revoked:size)



=== TEST 26: config error: a zone that no jwt_auth_revocation gives a size, named in the message
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_revocation zone=nosize;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_revocation: zone "nosize" has no size; give it one with jwt_auth_revocation zone=nosize:1m



=== TEST 27: config error: lifetime= that is not a time
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=forever;
--- config
    location /api/ {
        jwt_auth "tasks";
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_revocation: invalid time "lifetime=forever"



=== TEST 28: config error: lifetime=0
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=0;
--- config
    location /api/ {
        jwt_auth "tasks";
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_revocation: invalid time "lifetime=0"



=== TEST 29: config error: jwt_auth_revocation_api naming a zone that no jwt_auth_revocation gives a size
--- config
    location = /_revocations {
        jwt_auth_revocation_api nowhere;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_revocation_api: zone "nowhere" has no size; give it one with jwt_auth_revocation zone=nowhere:1m



=== TEST 30: config error: jwt_auth_revocation_api naming a jwt_auth_cache zone
--- http_config
    jwt_auth_cache zone=tokens:1m;
--- config
    location /api/ {
        jwt_auth "tasks";
    }
    location = /_revocations {
        jwt_auth_revocation_api tokens;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_revocation_api: zone "tokens" is a jwt_auth_cache zone, not a revocation store; give each its own zone



=== TEST 31: config error: jwt_auth_revocation naming a jwt_auth_cache zone
--- http_config
    jwt_auth_cache zone=tokens:1m;
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_revocation zone=tokens;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_revocation: zone "tokens" is a jwt_auth_cache zone, not a revocation store; give each its own zone



=== TEST 32: config error: jwt_auth_revocation twice in one block
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_revocation zone=revoked:1m;
        jwt_auth_revocation zone=revoked;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
"jwt_auth_revocation" directive is duplicate



=== TEST 33: config error: jwt_auth_revocation_api twice in one location
--- http_config
    jwt_auth_revocation zone=revoked:1m;
--- config
    location = /_revocations {
        jwt_auth_revocation_api revoked;
        jwt_auth_revocation_api revoked;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
"jwt_auth_revocation_api" directive is duplicate



=== TEST 34: config error: off with another parameter
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_revocation off zone=revoked:1m;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
"jwt_auth_revocation" directive takes no other parameter with "off"



=== TEST 35: config error: jwt_auth_cache naming the zone of a jwt_auth_revocation (one zone for two uses)
--- http_config
    jwt_auth_revocation zone=shared:1m;
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=shared:1m;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_cache: zone "shared" is a revocation store, not a token cache; give each its own zone



=== TEST 36: config error: jwt_auth_cache naming the zone of a jwt_auth_revocation_api that comes first
--- http_config
    jwt_auth_revocation zone=revoked:1m;
--- config
    location = /_revocations {
        jwt_auth_revocation_api shared;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_cache zone=shared:1m;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_cache: zone "shared" is a revocation store, not a token cache; give each its own zone



=== TEST 37: config error: jwt_auth_revocation with its size and lifetime= naming a jwt_auth_cache zone: refused before anything is written into the cache's zone data (under make test-asan: no heap-buffer-overflow)
--- http_config
    jwt_auth_cache zone=tokens:1m;
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_revocation zone=tokens:1m lifetime=1h;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_revocation: zone "tokens" is a jwt_auth_cache zone, not a revocation store; give each its own zone
