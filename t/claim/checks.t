# Claims: exp (required, a number) and nbf (when present, a number) with
# jwt_auth_leeway; jwt_auth_issuer and jwt_auth_audience (one value
# accepted among several, aud as a string or an array, a missing claim
# refused); the user claim (sub, or jwt_auth_user_claim): present, a
# non-empty string or an integer, at most 1024 bytes, no control
# characters.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

# Times are far from now, so that the results do not change while the
# file runs (even slowly): "expired" is ten minutes late, "not yet" half
# an hour early, and the leeway that lets them pass is an hour.
my $now = now();

our $good = token();
our $expired = token(exp => $now - 600);
our $not_yet = token(nbf => $now + 1800);
our $past_nbf_real_exp = token(nbf => $now - 60, exp => $now + 3600.5);
our $no_exp = token(exp => undef);
our $exp_string = token(exp => '' . ($now + 3600));
our $exp_null = jwt_hs({ alg => 'HS256' }, '{"sub":"user-1","exp":null}', SECRET);
our $exp_true = jwt_hs({ alg => 'HS256' }, '{"sub":"user-1","exp":true}', SECRET);
our $nbf_string = token(nbf => '' . ($now - 60));
our $expired_bad_sig = jwt_hs({ alg => 'HS256' }, claims(exp => $now - 600), OTHER_SECRET);

our $iss_ok = token(iss => 'https://app.example.com');
our $iss_second = token(iss => 'https://auth.example.com');
our $iss_other = token(iss => 'https://evil.example.com');
our $iss_case = token(iss => 'https://APP.example.com');
our $iss_slash = token(iss => 'https://app.example.com/');
our $iss_missing = token();
our $iss_array = token(iss => ['https://app.example.com']);

our $aud_ok = token(aud => 'https://app.example.com');
our $aud_array_ok = token(aud => ['https://other.example.com', 'https://app.example.com']);
our $aud_second = token(aud => 'tasks-api');
our $aud_other = token(aud => 'https://evil.example.com');
our $aud_array_other = token(aud => ['https://evil.example.com', 'x']);
our $aud_array_empty = token(aud => []);
our $aud_missing = token();
our $aud_number = token(aud => 42);

# a token as Better Auth's JWT plugin makes them (but HS256 here)
our $better_auth = jwt_hs({ alg => 'HS256', kid => 'k1' }, claims(
    sub => 'u_8f3a', iss => 'https://app.example.com',
    aud => 'https://app.example.com', iat => $now,
    exp => $now + 900, email => 'ann@example.com', name => 'Ann'), SECRET);

our $sub_int = token(sub => 42);
our $sub_negative = token(sub => -7);
our $sub_1024 = token(sub => 'u' x 1024);
our $sub_utf8 = token(sub => "jos\xc3\xa9");
our $no_sub = token(sub => undef);
our $sub_empty = token(sub => '');
our $sub_null = jwt_hs({ alg => 'HS256' }, '{"sub":null,"exp":' . ($now + 3600) . '}', SECRET);
our $sub_real = token(sub => 1.5);
our $sub_true = jwt_hs({ alg => 'HS256' }, '{"sub":true,"exp":' . ($now + 3600) . '}', SECRET);
our $sub_object = token(sub => { id => 'user-1' });
our $sub_array = token(sub => ['user-1']);
our $sub_crlf = token(sub => "user-1\r\nX-Admin: 1");
our $sub_lf = token(sub => "user-1\nX-Admin: 1");
our $sub_cr = token(sub => "user-1\r");
our $sub_tab = token(sub => "user\t1");
our $sub_del = token(sub => "user\x7f1");
our $sub_1025 = token(sub => 'u' x 1025);
our $sub_nul = token(sub => "user-1\0admin");

our $uid = token(uid => 'u-77', sub => 'not-the-user');

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: jwt_auth_leeway 1h lets a token that expired ten minutes ago pass
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_leeway 1h;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::expired"
--- response_body
user=user-1
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 2: jwt_auth_leeway 1h lets a token whose nbf is half an hour ahead pass
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_leeway 1h;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::not_yet"
--- response_body
user=user-1
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 3: jwt_auth_leeway is inherited from the http level
--- http_config
    jwt_auth_leeway 1h;
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::expired"
--- response_body
user=user-1
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 4: a past nbf and a fractional exp pass
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::past_nbf_real_exp"
--- response_body
user=user-1
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 5: jwt_auth_issuer with two values: both are accepted
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_issuer https://app.example.com https://auth.example.com;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::iss_ok", "Authorization: Bearer $::iss_second"]
--- error_code eval
[200, 200]
--- response_body eval
["user=user-1\n", "user=user-1\n"]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 6: jwt_auth_issuer repeated: the values add up
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_issuer https://app.example.com;
        jwt_auth_issuer https://auth.example.com;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::iss_ok", "Authorization: Bearer $::iss_second", "Authorization: Bearer $::iss_other"]
--- error_code eval
[200, 200, 401]
--- response_body_like eval
["^user=user-1\n\\z", "^user=user-1\n\\z", "<html>.*\\b401\\b"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 7: aud as a string, or an array holding an accepted value, passes
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_audience https://app.example.com;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::aud_ok", "Authorization: Bearer $::aud_array_ok"]
--- error_code eval
[200, 200]
--- response_body eval
["user=user-1\n", "user=user-1\n"]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 8: jwt_auth_audience with several values, over two lines: any one is accepted
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_audience https://app.example.com https://www.example.com;
        jwt_auth_audience tasks-api;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::aud_ok", "Authorization: Bearer $::aud_second", "Authorization: Bearer $::aud_other"]
--- error_code eval
[200, 200, 401]
--- response_body_like eval
["^user=user-1\n\\z", "^user=user-1\n\\z", "<html>.*\\b401\\b"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 9: a Better Auth style token with iss and aud both the app's URL passes
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_issuer https://app.example.com;
        jwt_auth_audience https://app.example.com;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::better_auth"
--- response_body
user=u_8f3a
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 10: issuer and audience settings are inherited from the server level
--- config
    jwt_auth_issuer https://app.example.com;
    jwt_auth_audience https://app.example.com;
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::better_auth", "Authorization: Bearer $::iss_ok", "Authorization: Bearer $::aud_ok"]
--- error_code eval
[200, 401, 401]
--- response_body_like eval
["^user=u_8f3a\n\\z", "<html>.*\\b401\\b", "<html>.*\\b401\\b"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 11: an integer sub passes as its decimal text, a negative one too
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::sub_int", "Authorization: Bearer $::sub_negative"]
--- error_code eval
[200, 200]
--- response_body eval
["user=42\n", "user=-7\n"]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 12: a sub of 1024 bytes, the longest allowed, passes
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sub_1024"
--- response_body eval
"user=" . ("u" x 1024) . "\n"
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 13: a UTF-8 sub passes as its bytes
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sub_utf8"
--- response_body eval
"user=jos\xc3\xa9\n"
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 14: jwt_auth_user_claim uid: $jwt_auth_user is the uid claim, not sub
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_user_claim uid;
        jwt_auth_set_header X-User-Id uid;
        proxy_set_header X-Auth-User $jwt_auth_user;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id auth_user=$http_x_auth_user\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::uid"
--- response_body
user=u-77 auth_user=u-77
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 15: jwt_auth_user_claim is inherited from the server level
--- config
    jwt_auth_user_claim uid;
    location /api/ {
        jwt_auth "tasks";
        proxy_set_header X-Auth-User $jwt_auth_user;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "auth_user=$http_x_auth_user\n";
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::uid", "Authorization: Bearer $::good"]
--- error_code eval
[200, 401]
--- response_body_like eval
["^auth_user=u-77\n\\z", "<html>.*\\b401\\b"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 16: a token whose exp has passed is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::expired"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token has expired"
--- error_log
jwt_auth: rejected, expired: token has expired
--- no_error_log
[error]
[alert]
[crit]



=== TEST 17: leeway smaller than the lateness: still expired
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_leeway 60s;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::expired"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token has expired"
--- error_log
jwt_auth: rejected, expired: token has expired
--- no_error_log
[error]
[alert]
[crit]



=== TEST 18: a token whose nbf is ahead is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::not_yet"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token is not valid yet"
--- error_log
jwt_auth: rejected, not_yet_valid: token is not valid yet
--- no_error_log
[error]
[alert]
[crit]



=== TEST 19: leeway smaller than the earliness: still not valid yet
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_leeway 60s;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::not_yet"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token is not valid yet"
--- error_log
jwt_auth: rejected, not_yet_valid: token is not valid yet
--- no_error_log
[error]
[alert]
[crit]



=== TEST 20: a token without exp is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::no_exp"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token has no exp claim"
--- error_log
jwt_auth: rejected, bad_claim: token has no exp claim
--- no_error_log
[error]
[alert]
[crit]



=== TEST 21: exp as a string is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::exp_string"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="exp is not a number"
--- error_log
jwt_auth: rejected, bad_claim: exp is not a number
--- no_error_log
[error]
[alert]
[crit]



=== TEST 22: exp as null is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::exp_null"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="exp is not a number"
--- error_log
jwt_auth: rejected, bad_claim: exp is not a number
--- no_error_log
[error]
[alert]
[crit]



=== TEST 23: exp as a boolean is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::exp_true"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="exp is not a number"
--- error_log
jwt_auth: rejected, bad_claim: exp is not a number
--- no_error_log
[error]
[alert]
[crit]



=== TEST 24: nbf as a string is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::nbf_string"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="nbf is not a number"
--- error_log
jwt_auth: rejected, bad_claim: nbf is not a number
--- no_error_log
[error]
[alert]
[crit]



=== TEST 25: a signature that does not verify is reported before an expired exp
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::expired_bad_sig"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="signature does not verify"
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 26: another issuer is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_issuer https://app.example.com;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::iss_other"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="issuer is not accepted"
--- error_log
jwt_auth: rejected, bad_issuer: issuer is not accepted
--- no_error_log
[error]
[alert]
[crit]



=== TEST 27: the issuer is compared exactly (case)
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_issuer https://app.example.com;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::iss_case"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="issuer is not accepted"
--- error_log
jwt_auth: rejected, bad_issuer: issuer is not accepted
--- no_error_log
[error]
[alert]
[crit]



=== TEST 28: the issuer is compared exactly (trailing slash)
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_issuer https://app.example.com;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::iss_slash"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="issuer is not accepted"
--- error_log
jwt_auth: rejected, bad_issuer: issuer is not accepted
--- no_error_log
[error]
[alert]
[crit]



=== TEST 29: a token without iss is refused when jwt_auth_issuer is set
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_issuer https://app.example.com;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::iss_missing"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="issuer is not accepted"
--- error_log
jwt_auth: rejected, bad_issuer: issuer is not accepted
--- no_error_log
[error]
[alert]
[crit]



=== TEST 30: iss that is not a string is refused as a claim of the wrong type (RFC 7519, 4.1.1)
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_issuer https://app.example.com;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::iss_array"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="iss is not a string"
--- error_log
jwt_auth: rejected, bad_claim: iss is not a string
--- no_error_log
[error]
[alert]
[crit]



=== TEST 31: another audience is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_audience https://app.example.com;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::aud_other"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="audience is not accepted"
--- error_log
jwt_auth: rejected, bad_audience: audience is not accepted
--- no_error_log
[error]
[alert]
[crit]



=== TEST 32: an audience array without an accepted value is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_audience https://app.example.com;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::aud_array_other"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="audience is not accepted"
--- error_log
jwt_auth: rejected, bad_audience: audience is not accepted
--- no_error_log
[error]
[alert]
[crit]



=== TEST 33: an empty audience array is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_audience https://app.example.com;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::aud_array_empty"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="audience is not accepted"
--- error_log
jwt_auth: rejected, bad_audience: audience is not accepted
--- no_error_log
[error]
[alert]
[crit]



=== TEST 34: a token without aud is refused when jwt_auth_audience is set
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_audience https://app.example.com;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::aud_missing"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="audience is not accepted"
--- error_log
jwt_auth: rejected, bad_audience: audience is not accepted
--- no_error_log
[error]
[alert]
[crit]



=== TEST 35: aud that is neither a string nor an array of strings is refused as a claim of the wrong type (RFC 7519, 4.1.3)
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_audience 42;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::aud_number"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="aud is not a string or an array of strings"
--- error_log
jwt_auth: rejected, bad_claim: aud is not a string or an array of strings
--- no_error_log
[error]
[alert]
[crit]



=== TEST 36: a token without sub is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::no_sub"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token has no user claim"
--- error_log
jwt_auth: rejected, missing_user: token has no user claim
--- no_error_log
[error]
[alert]
[crit]



=== TEST 37: an empty sub is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sub_empty"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token has no user claim"
--- error_log
jwt_auth: rejected, missing_user: token has no user claim
--- no_error_log
[error]
[alert]
[crit]



=== TEST 38: a null sub is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sub_null"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token has no user claim"
--- error_log
jwt_auth: rejected, missing_user: token has no user claim
--- no_error_log
[error]
[alert]
[crit]



=== TEST 39: a sub that is a fraction is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sub_real"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="user claim is neither a string nor an integer"
--- error_log
jwt_auth: rejected, bad_claim: user claim is neither a string nor an integer
--- no_error_log
[error]
[alert]
[crit]



=== TEST 40: a sub that is a boolean is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sub_true"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="user claim is neither a string nor an integer"
--- error_log
jwt_auth: rejected, bad_claim: user claim is neither a string nor an integer
--- no_error_log
[error]
[alert]
[crit]



=== TEST 41: a sub that is an object is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sub_object"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="user claim is neither a string nor an integer"
--- error_log
jwt_auth: rejected, bad_claim: user claim is neither a string nor an integer
--- no_error_log
[error]
[alert]
[crit]



=== TEST 42: a sub that is an array is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sub_array"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="user claim is neither a string nor an integer"
--- error_log
jwt_auth: rejected, bad_claim: user claim is neither a string nor an integer
--- no_error_log
[error]
[alert]
[crit]



=== TEST 43: a sub with CR LF (header injection) is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sub_crlf"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="a claim passed upstream has control characters"
--- error_log
jwt_auth: rejected, bad_claim: a claim passed upstream has control characters
--- no_error_log
[error]
[alert]
[crit]



=== TEST 44: a sub with LF is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sub_lf"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="a claim passed upstream has control characters"
--- error_log
jwt_auth: rejected, bad_claim: a claim passed upstream has control characters
--- no_error_log
[error]
[alert]
[crit]



=== TEST 45: a sub with CR is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sub_cr"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="a claim passed upstream has control characters"
--- error_log
jwt_auth: rejected, bad_claim: a claim passed upstream has control characters
--- no_error_log
[error]
[alert]
[crit]



=== TEST 46: a sub with TAB is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sub_tab"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="a claim passed upstream has control characters"
--- error_log
jwt_auth: rejected, bad_claim: a claim passed upstream has control characters
--- no_error_log
[error]
[alert]
[crit]



=== TEST 47: a sub with DEL is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sub_del"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="a claim passed upstream has control characters"
--- error_log
jwt_auth: rejected, bad_claim: a claim passed upstream has control characters
--- no_error_log
[error]
[alert]
[crit]



=== TEST 48: a sub of 1025 bytes is refused
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sub_1025"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="a claim passed upstream is too long"
--- error_log
jwt_auth: rejected, bad_claim: a claim passed upstream is too long
--- no_error_log
[error]
[alert]
[crit]



=== TEST 49: a sub with NUL (\u0000) is refused as malformed JSON
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::sub_nul"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="payload is not valid JSON"
--- error_log
jwt_auth: rejected, malformed: payload is not valid JSON
--- no_error_log
[error]
[alert]
[crit]



=== TEST 50: jwt_auth_user_claim uid: a token with sub only has no user
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_user_claim uid;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::good"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="token has no user claim"
--- error_log
jwt_auth: rejected, missing_user: token has no user claim
--- no_error_log
[error]
[alert]
[crit]
