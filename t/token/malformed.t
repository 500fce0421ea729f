# Malformed tokens: every way a token can be broken before its claims are
# looked at gets 401 with error="invalid_token", the reason in
# error_description, and an info line "jwt_auth: rejected, malformed: ...".
# Covers the size bound, the three parts, strict base64url (padding,
# standard-alphabet characters, whitespace, non-canonical last
# characters), JSON that is not JSON, not an object, not UTF-8 or has a
# member twice (header and payload), "crit" and a missing "alg"; the
# signature is checked before the payload is decoded, and a header nested
# deeper than jansson parses is refused without a crash.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

my $alphabet = join '', 'A' .. 'Z', 'a' .. 'z', '0' .. '9', '-', '_';

# The same base64url text with one of the unused low bits of its last
# character set: it decodes to the same bytes in lax decoders.
sub noncanonical {
    my ($s) = @_;
    die "no unused bits in a base64url text of length " . length($s) . "\n"
        if length($s) % 4 == 0;
    my $i = index $alphabet, substr($s, -1);
    substr($s, -1) = substr($alphabet, $i ^ 1, 1);
    return $s;
}

# the parts of a valid token
our $good = token();
my ($h64, $p64, $s64) = split /\./, $good;

# A header, signed with a valid signature over whatever it is
sub with_header { my ($json) = @_; jwt_hs($json, claims(), SECRET) }

# A payload part (already encoded), with a valid signature over it
sub with_payload64 { my ($p) = @_; jwt_parts($h64, $p, SECRET, 'HS256') }

# size
our $exactly_max = token_of_length(8192);
our $too_large = token_of_length(8193);
our $huge = token_of_length(20000);

# parts
our $one_part = $h64;
our $two_parts = "$h64.$p64";
our $four_parts = "$good.$s64";
our $trailing_dot = "$good.";
our $dots_only = "..";
our $empty_header = ".$p64.$s64";

# the header's base64url
my $h16 = b64url('{"alg":"HS256"} ');    # 16 bytes: 22 characters
our $header_padded = jwt_parts("$h16==", $p64, SECRET);
our $header_plus = join '.', '+' . substr($h64, 1), $p64, $s64;
our $header_slash = join '.', substr($h64, 0, 4) . '/' . substr($h64, 5), $p64, $s64;
our $header_space = join '.', substr($h64, 0, 8) . ' ' . substr($h64, 9), $p64, $s64;
our $header_len1 = join '.', "${h64}A", $p64, $s64;
our $header_noncanonical = jwt_parts(noncanonical($h16), $p64, SECRET);

# the header's JSON
our $header_not_json = with_header('alg=HS256');
our $header_array = with_header('["alg","HS256"]');
our $header_string = with_header('"HS256"');
our $header_dup_alg = with_header('{"alg":"none","alg":"HS256"}');
our $header_bad_utf8 = with_header(qq({"alg":"HS256","kid":"\xff\xfe"}));
our $header_trailing = with_header('{"alg":"HS256"}{}');
our $header_crit = with_header('{"alg":"HS256","crit":["exp"],"exp":1}');
our $header_crit_empty = with_header('{"alg":"HS256","crit":[]}');
our $header_no_alg = with_header('{"typ":"JWT"}');
our $header_alg_number = with_header('{"alg":256}');
our $header_alg_null = with_header('{"alg":null}');

# the signature's base64url (HS256: 32 bytes, 43 characters)
our $sig_padded = "$good=";
our $sig_standard = do {
    # a signature that has both "-" and "_" in base64url
    my ($t, $s);
    for my $i (1 .. 1000) {
        $t = token(jti => "n$i");
        $s = (split /\./, $t)[2];
        last if $s =~ /-/ && $s =~ /_/;
    }
    die "no signature with - and _\n" unless $s =~ /-/ && $s =~ /_/;
    (my $std = $t) =~ tr{-_}{+/};
    my ($h, $p) = split /\./, $t;
    "$h.$p." . (split /\./, $std)[2];
};
our $sig_noncanonical = "$h64.$p64." . noncanonical($s64);
our $sig_bad_char = "$h64.$p64." . substr($s64, 0, 10) . '!' . substr($s64, 11);

# the payload, validly signed
my $pnc = do {
    my $p;
    for my $n (0 .. 3) {
        $p = b64url(json_text(claims(pad => 'x' x $n)));
        last if length($p) % 4;
    }
    $p;
};
our $payload_not_b64 = with_payload64('eyJzdWIiOiJ1c2VyLTEi*');
our $payload_padded = with_payload64(b64url('{"sub":"user-1","exp":' . (now() + 3600) . '} ') . '=');
our $payload_noncanonical = with_payload64(noncanonical($pnc));
our $payload_empty = with_payload64('');
our $payload_not_json = with_payload64(b64url('sub=user-1'));
our $payload_array = with_payload64(b64url('[{"sub":"user-1","exp":' . (now() + 3600) . '}]'));
our $payload_dup_sub = with_payload64(b64url('{"sub":"user-1","exp":' . (now() + 3600) . ',"sub":"admin"}'));
our $payload_dup_exp = with_payload64(b64url('{"sub":"user-1","exp":' . (now() + 3600) . ',"exp":' . (now() + 99999) . '}'));
our $payload_bad_utf8 = with_payload64(b64url(qq({"sub":"user-\xc3\x28","exp":) . (now() + 3600) . '}'));
our $payload_trailing = with_payload64(b64url('{"sub":"user-1","exp":' . (now() + 3600) . '}x'));

# a payload that is not even base64url, under a signature that does not
# verify: the signature is checked first
our $bad_payload_bad_sig = "$h64.%%%%.$s64";

# a header nested 2500 levels deep (jansson stops at 2048), not signed
our $deep_header = join '.',
    b64url('{"alg":"HS256","x":' . ('[' x 2500) . (']' x 2500) . '}'),
    $p64, $s64;

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: a valid token of exactly 8192 bytes, the largest allowed, passes
--- config
    large_client_header_buffers 4 32k;
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::exactly_max"
--- response_body
user=user-1
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 2: a token of 8193 bytes from token=$arg_... is refused as too large
--- config
    large_client_header_buffers 4 32k;
    location /api/ {
        jwt_auth "tasks" token=$arg_access_token;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
"GET /api/tasks?access_token=$::too_large"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token is too large"
--- error_log
jwt_auth: rejected, malformed: token is too large
--- no_error_log
[error]
[alert]
[crit]



=== TEST 3: a token of 8193 bytes (one more than allowed) is refused before any decoding
--- config
    large_client_header_buffers 4 32k;
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::too_large"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token is too large"
--- error_log
jwt_auth: rejected, malformed: token is too large
--- no_error_log
[error]
[alert]
[crit]



=== TEST 4: a token of 20000 bytes
--- config
    large_client_header_buffers 4 32k;
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::huge"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token is too large"
--- error_log
jwt_auth: rejected, malformed: token is too large
--- no_error_log
[error]
[alert]
[crit]



=== TEST 5: one part, no dot
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::one_part"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token is not three dot-separated parts"
--- error_log
jwt_auth: rejected, malformed: token is not three dot-separated parts
--- no_error_log
[error]
[alert]
[crit]



=== TEST 6: two parts
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::two_parts"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token is not three dot-separated parts"
--- error_log
jwt_auth: rejected, malformed: token is not three dot-separated parts
--- no_error_log
[error]
[alert]
[crit]



=== TEST 7: four parts (a valid token with one more part)
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::four_parts"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token is not three dot-separated parts"
--- error_log
jwt_auth: rejected, malformed: token is not three dot-separated parts
--- no_error_log
[error]
[alert]
[crit]



=== TEST 8: a valid token with a trailing dot
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::trailing_dot"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token is not three dot-separated parts"
--- error_log
jwt_auth: rejected, malformed: token is not three dot-separated parts
--- no_error_log
[error]
[alert]
[crit]



=== TEST 9: three empty parts ("..")
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::dots_only"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header is not valid JSON"
--- error_log
jwt_auth: rejected, malformed: header is not valid JSON
--- no_error_log
[error]
[alert]
[crit]



=== TEST 10: an empty header part
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::empty_header"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header is not valid JSON"
--- error_log
jwt_auth: rejected, malformed: header is not valid JSON
--- no_error_log
[error]
[alert]
[crit]



=== TEST 11: a header with base64 "=" padding
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::header_padded"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header is not base64url"
--- error_log
jwt_auth: rejected, malformed: header is not base64url
--- no_error_log
[error]
[alert]
[crit]



=== TEST 12: a header with a "+" (standard base64, not base64url)
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::header_plus"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header is not base64url"
--- error_log
jwt_auth: rejected, malformed: header is not base64url
--- no_error_log
[error]
[alert]
[crit]



=== TEST 13: a header with a "/" (standard base64, not base64url)
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::header_slash"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header is not base64url"
--- error_log
jwt_auth: rejected, malformed: header is not base64url
--- no_error_log
[error]
[alert]
[crit]



=== TEST 14: a header with a space inside
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::header_space"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header is not base64url"
--- error_log
jwt_auth: rejected, malformed: header is not base64url
--- no_error_log
[error]
[alert]
[crit]



=== TEST 15: a header whose length is 1 mod 4
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::header_len1"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header is not base64url"
--- error_log
jwt_auth: rejected, malformed: header is not base64url
--- no_error_log
[error]
[alert]
[crit]



=== TEST 16: a header with non-zero unused bits in its last character (non-canonical)
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::header_noncanonical"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header is not base64url"
--- error_log
jwt_auth: rejected, malformed: header is not base64url
--- no_error_log
[error]
[alert]
[crit]



=== TEST 17: a header that is not JSON
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::header_not_json"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header is not valid JSON"
--- error_log
jwt_auth: rejected, malformed: header is not valid JSON
--- no_error_log
[error]
[alert]
[crit]



=== TEST 18: a header that is a JSON array
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::header_array"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header is not a JSON object"
--- error_log
jwt_auth: rejected, malformed: header is not a JSON object
--- no_error_log
[error]
[alert]
[crit]



=== TEST 19: a header that is a bare JSON string
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::header_string"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header is not valid JSON"
--- error_log
jwt_auth: rejected, malformed: header is not valid JSON
--- no_error_log
[error]
[alert]
[crit]



=== TEST 20: a header with "alg" twice
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::header_dup_alg"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header is not valid JSON"
--- error_log
jwt_auth: rejected, malformed: header is not valid JSON
--- no_error_log
[error]
[alert]
[crit]



=== TEST 21: a header with invalid UTF-8
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::header_bad_utf8"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header is not valid JSON"
--- error_log
jwt_auth: rejected, malformed: header is not valid JSON
--- no_error_log
[error]
[alert]
[crit]



=== TEST 22: a header with trailing bytes after the object
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::header_trailing"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header is not valid JSON"
--- error_log
jwt_auth: rejected, malformed: header is not valid JSON
--- no_error_log
[error]
[alert]
[crit]



=== TEST 23: a header with crit
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::header_crit"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header has crit, which is not supported"
--- error_log
jwt_auth: rejected, malformed: header has crit, which is not supported
--- no_error_log
[error]
[alert]
[crit]



=== TEST 24: a header with an empty crit list
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::header_crit_empty"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header has crit, which is not supported"
--- error_log
jwt_auth: rejected, malformed: header has crit, which is not supported
--- no_error_log
[error]
[alert]
[crit]



=== TEST 25: a header without alg
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::header_no_alg"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header has no alg string"
--- error_log
jwt_auth: rejected, malformed: header has no alg string
--- no_error_log
[error]
[alert]
[crit]



=== TEST 26: a header whose alg is not a string
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::header_alg_number"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header has no alg string"
--- error_log
jwt_auth: rejected, malformed: header has no alg string
--- no_error_log
[error]
[alert]
[crit]



=== TEST 27: a header whose alg is null
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::header_alg_null"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header has no alg string"
--- error_log
jwt_auth: rejected, malformed: header has no alg string
--- no_error_log
[error]
[alert]
[crit]



=== TEST 28: a signature with base64 "=" padding
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sig_padded"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="signature is not base64url"
--- error_log
jwt_auth: rejected, malformed: signature is not base64url
--- no_error_log
[error]
[alert]
[crit]



=== TEST 29: a signature in standard base64 ("+" and "/")
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sig_standard"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="signature is not base64url"
--- error_log
jwt_auth: rejected, malformed: signature is not base64url
--- no_error_log
[error]
[alert]
[crit]



=== TEST 30: a signature with non-zero unused bits in its last character (non-canonical)
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sig_noncanonical"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="signature is not base64url"
--- error_log
jwt_auth: rejected, malformed: signature is not base64url
--- no_error_log
[error]
[alert]
[crit]



=== TEST 31: a signature with a character outside base64url
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sig_bad_char"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="signature is not base64url"
--- error_log
jwt_auth: rejected, malformed: signature is not base64url
--- no_error_log
[error]
[alert]
[crit]



=== TEST 32: a validly signed payload that is not base64url
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::payload_not_b64"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="payload is not base64url"
--- error_log
jwt_auth: rejected, malformed: payload is not base64url
--- no_error_log
[error]
[alert]
[crit]



=== TEST 33: a validly signed payload with "=" padding
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::payload_padded"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="payload is not base64url"
--- error_log
jwt_auth: rejected, malformed: payload is not base64url
--- no_error_log
[error]
[alert]
[crit]



=== TEST 34: a validly signed non-canonical payload
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::payload_noncanonical"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="payload is not base64url"
--- error_log
jwt_auth: rejected, malformed: payload is not base64url
--- no_error_log
[error]
[alert]
[crit]



=== TEST 35: a validly signed empty payload
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::payload_empty"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="payload is not valid JSON"
--- error_log
jwt_auth: rejected, malformed: payload is not valid JSON
--- no_error_log
[error]
[alert]
[crit]



=== TEST 36: a validly signed payload that is not JSON
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::payload_not_json"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="payload is not valid JSON"
--- error_log
jwt_auth: rejected, malformed: payload is not valid JSON
--- no_error_log
[error]
[alert]
[crit]



=== TEST 37: a validly signed payload that is a JSON array
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::payload_array"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="payload is not a JSON object"
--- error_log
jwt_auth: rejected, malformed: payload is not a JSON object
--- no_error_log
[error]
[alert]
[crit]



=== TEST 38: a validly signed payload with "sub" twice
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::payload_dup_sub"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="payload is not valid JSON"
--- error_log
jwt_auth: rejected, malformed: payload is not valid JSON
--- no_error_log
[error]
[alert]
[crit]



=== TEST 39: a validly signed payload with "exp" twice
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::payload_dup_exp"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="payload is not valid JSON"
--- error_log
jwt_auth: rejected, malformed: payload is not valid JSON
--- no_error_log
[error]
[alert]
[crit]



=== TEST 40: a validly signed payload with invalid UTF-8
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::payload_bad_utf8"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="payload is not valid JSON"
--- error_log
jwt_auth: rejected, malformed: payload is not valid JSON
--- no_error_log
[error]
[alert]
[crit]



=== TEST 41: a validly signed payload with trailing bytes after the object
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::payload_trailing"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="payload is not valid JSON"
--- error_log
jwt_auth: rejected, malformed: payload is not valid JSON
--- no_error_log
[error]
[alert]
[crit]



=== TEST 42: the signature is checked before the payload is decoded
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::bad_payload_bad_sig"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="signature does not verify"
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
jwt_auth: rejected, malformed
[error]
[alert]
[crit]



=== TEST 43: a header nested 2500 levels deep is refused, without a crash
--- config
    large_client_header_buffers 4 32k;
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::deep_header"
--- error_code: 401
--- error_log eval
qr/jwt_auth: rejected, (malformed: header is not valid JSON|bad_signature: signature does not verify)/
--- no_error_log
[error]
[alert]
[crit]
