# The identity headers of jwt_auth_set_header: every copy the client sent
# is removed (any case, any number of copies), with a valid token, with
# none (satisfy any lets it through), and where jwt_auth is off; after a
# successful check the header carries the claim's text (strings as they
# are, numbers as their JSON text, true/false, arrays of strings joined
# with ",", other values as compact JSON), or nothing when the claim is
# absent; a claim with control characters or over 1024 bytes refuses the
# token and leaves nothing behind.  The upstream is a location of the same
# server that echoes what it received.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

our $good = token();
our $with_email = token(email => 'ann@example.com');
our $other_user = token(sub => 'user-2');
our $email_crlf = token(email => "ann\@example.com\r\nX-Admin: 1");
our $email_lf = token(email => "ann\@example.com\nX-Admin: 1");
our $email_tab = token(email => "ann\t\@example.com");
our $email_1025 = token(email => 'a' x 1025);
our $email_1024 = token(email => 'a' x 1024);

our $types = token(
    str     => 'plain text',
    int     => 1234567890123,
    neg     => -5,
    real    => 0.25,
    yes     => JSON::PP::true(),
    no      => JSON::PP::false(),
    list    => ['admin', 'editor'],
    mixed   => ['a', 1],
    obj     => { team => 'core' },
    empty   => '',
    nothing => undef,      # left out: an absent claim
);
our $fractions = token(ratio => 0.1, pi => 3.14);
our $null_claim = jwt_hs({ alg => 'HS256' },
    '{"sub":"user-1","exp":' . (now() + 3600) . ',"email":null}', SECRET);

# Debian's nginx has auth_request; another build may not
our $no_auth_request = do {
    my $bin = $ENV{TEST_NGINX_BINARY} || 'nginx';
    my $v = `$bin -V 2>&1`;
    $v !~ /--with-http_auth_request_module/;
};

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: a valid token: the client's X-User-Id is replaced by the verified one
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"X-User-Id: admin
Authorization: Bearer $::good"
--- response_body
user=user-1
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 2: a valid token: client copies in any case, several of them, are all removed
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id other=$http_x_other\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"x-user-id: admin
X-USER-ID: root
X-Other: kept
X-User-Id: 0
Authorization: Bearer $::good
x-uSeR-iD: 1"
--- response_body
user=user-1 other=kept
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 3: no token, let through by satisfy any: the client's X-User-Id is removed
--- config
    location /api/ {
        satisfy any;
        allow 127.0.0.1;
        deny all;
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id other=$http_x_other\n";
    }
--- request
GET /api/tasks
--- more_headers
X-User-Id: admin
x-user-id: root
X-Other: kept
--- response_body
user= other=kept
--- no_error_log
[error]
[alert]
[crit]



=== TEST 4: jwt_auth off with jwt_auth_set_header in scope: the client's copies are removed
--- config
    jwt_auth_set_header X-User-Id sub;
    location /public/ {
        jwt_auth off;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id other=$http_x_other\n";
    }
--- request
GET /public/tasks
--- more_headers
X-User-Id: admin
X-USER-ID: root
X-Other: kept
--- response_body
user= other=kept
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 5: jwt_auth_set_header at the http level removes client copies in every location
--- http_config
    jwt_auth_set_header X-User-Id sub;
--- config
    location /public/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /public/tasks
--- more_headers
X-User-Id: admin
--- response_body
user=
--- no_error_log
[error]
[alert]
[crit]



=== TEST 6: a header name written in lower case in the configuration
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header x-user-id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"X-USER-ID: admin
Authorization: Bearer $::good"
--- response_body
user=user-1
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 7: only the named headers are removed, not ones that merely start alike
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id longer=$http_x_user_id_hint shorter=$http_x_user\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"X-User-Id-Hint: a
X-User: b
Authorization: Bearer $::good"
--- response_body
user=user-1 longer=a shorter=b
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 8: several jwt_auth_set_header lines: each header is set, each client copy removed
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        jwt_auth_set_header X-User-Email email;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id email=$http_x_user_email\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"X-User-Email: root\@example.com
X-User-Id: admin
Authorization: Bearer $::with_email"
--- response_body
user=user-1 email=ann@example.com
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 9: a claim the token lacks: the header is not set and the client's copy is gone
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        jwt_auth_set_header X-User-Email email;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id email=$http_x_user_email\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"X-User-Email: root\@example.com
Authorization: Bearer $::good"
--- response_body
user=user-1 email=
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 10: a null claim: the header is not set and the client's copy is gone
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        jwt_auth_set_header X-User-Email email;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id email=$http_x_user_email\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"X-User-Email: root\@example.com
Authorization: Bearer $::null_claim"
--- response_body
user=user-1 email=
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 11: the text of each type of claim value
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-Str str;
        jwt_auth_set_header X-Int int;
        jwt_auth_set_header X-Neg neg;
        jwt_auth_set_header X-Real real;
        jwt_auth_set_header X-Yes yes;
        jwt_auth_set_header X-No no;
        jwt_auth_set_header X-List list;
        jwt_auth_set_header X-Mixed mixed;
        jwt_auth_set_header X-Obj obj;
        jwt_auth_set_header X-Empty empty;
        jwt_auth_set_header X-Nothing nothing;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "str=$http_x_str
int=$http_x_int
neg=$http_x_neg
real=$http_x_real
yes=$http_x_yes
no=$http_x_no
list=$http_x_list
mixed=$http_x_mixed
obj=$http_x_obj
empty=$http_x_empty
nothing=$http_x_nothing
";
    }
--- request
GET /api/tasks
--- more_headers eval
"X-Nothing: forged
X-Empty: forged
Authorization: Bearer $::types"
--- response_body
str=plain text
int=1234567890123
neg=-5
real=0.25
yes=true
no=false
list=admin,editor
mixed=["a",1]
obj={"team":"core"}
empty=
nothing=
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 12: a fractional claim passes as its JSON text, not as a 17-digit rendering
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-Ratio ratio;
        jwt_auth_set_header X-Pi pi;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "ratio=$http_x_ratio pi=$http_x_pi\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::fractions"
--- response_body
ratio=0.1 pi=3.14
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 13: a passed-on claim with CR LF refuses the token: 401 bad_claim
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        jwt_auth_set_header X-User-Email email;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id email=$http_x_user_email admin=$http_x_admin\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::email_crlf"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header X-User-Email, claim email: a claim passed upstream has control characters"
--- error_log
jwt_auth: rejected, bad_claim: header X-User-Email, claim email: a claim passed upstream has control characters
--- no_error_log
[error]
[alert]
[crit]



=== TEST 14: a passed-on claim with LF, let through by satisfy any: nothing of the token reaches the upstream
--- config
    location /api/ {
        satisfy any;
        allow 127.0.0.1;
        deny all;
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        jwt_auth_set_header X-User-Email email;
        proxy_set_header X-Auth-User $jwt_auth_user;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id email=$http_x_user_email auth_user=$http_x_auth_user admin=$http_x_admin\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"X-User-Id: admin
X-User-Email: root\@example.com
Authorization: Bearer $::email_lf"
--- response_body
user= email= auth_user= admin=
--- error_log
jwt_auth: rejected, bad_claim: header X-User-Email, claim email: a claim passed upstream has control characters
--- no_error_log
[error]
[alert]
[crit]



=== TEST 15: a passed-on claim with TAB refuses the token
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Email email;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "email=$http_x_user_email\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::email_tab"
--- error_code: 401
--- error_log
jwt_auth: rejected, bad_claim: header X-User-Email, claim email: a claim passed upstream has control characters
--- no_error_log
[error]
[alert]
[crit]



=== TEST 16: a passed-on claim of 1025 bytes refuses the token
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Email email;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "email=$http_x_user_email\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::email_1025"
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header X-User-Email, claim email: a claim passed upstream is too long"
--- error_log
jwt_auth: rejected, bad_claim: header X-User-Email, claim email: a claim passed upstream is too long
--- no_error_log
[error]
[alert]
[crit]



=== TEST 17: a passed-on claim of 1024 bytes passes
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Email email;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "email=$http_x_user_email\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::email_1024"
--- response_body eval
"email=" . ("a" x 1024) . "\n"
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 18: jwt_auth_set_header from the server level applies in the location
--- config
    jwt_auth_set_header X-User-Id sub;
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"X-User-Id: admin
Authorization: Bearer $::good"
--- response_body
user=user-1
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 19: the header reaches an auth_request subrequest too
--- skip_eval: 4: $::no_auth_request
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        auth_request /authz;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location = /authz {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/policy;
        proxy_pass_request_body off;
        proxy_set_header Content-Length "";
    }
    location = /echo/policy {
        if ($http_x_user_id = "user-1") {
            return 204;
        }
        return 403;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["X-User-Id: admin\nAuthorization: Bearer $::good",
 "X-User-Id: user-1\nAuthorization: Bearer $::other_user"]
--- error_code eval
[200, 403]
--- response_body_like eval
["^user=user-1\n\\z", "<html>.*\\b403\\b"]



=== TEST 20: inner jwt_auth_set_header lines add to the outer ones, the same name takes the inner claim
--- config
    jwt_auth_set_header X-User-Id sub;
    jwt_auth_set_header X-User-Email sub;
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Email email;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id email=$http_x_user_email\n";
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["X-User-Id: admin\nX-User-Email: admin\@example.com\nAuthorization: Bearer $::with_email",
 "X-User-Id: admin\nX-User-Email: admin\@example.com"]
--- error_code eval
[200, 401]
--- response_body_like eval
["^user=user-1 email=ann\@example.com\$", "<html>.*\\b401\\b"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 21: an outer jwt_auth_set_header still strips where a location sets other headers and jwt_auth is off
--- config
    jwt_auth_set_header X-User-Id sub;
    location /public/ {
        jwt_auth_set_header X-User-Email email;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id email=$http_x_user_email\n";
    }
--- request
GET /public/a
--- more_headers
X-User-Id: admin
X-User-Email: admin@example.com
--- response_body
user= email=
--- no_error_log
[error]
[alert]
[crit]



=== TEST 40: optional: a display header whose claim is too long or has control characters is left out, the token stands; the identity header is still set; the log names the header and claim
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        jwt_auth_set_header X-User-Email email optional;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id email=$http_x_user_email admin=$http_x_admin\n";
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::email_1025\nX-User-Email: forged",
 "Authorization: Bearer $::email_crlf",
 "Authorization: Bearer $::with_email",
 "Authorization: Bearer $::good"]
--- response_body eval
["user=user-1 email= admin=\n", "user=user-1 email= admin=\n",
 "user=user-1 email=ann\@example.com admin=\n", "user=user-1 email= admin=\n"]
--- no_error_log
[error]



=== TEST 41: optional: the log line names the header and the claim
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Email email optional;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "email=$http_x_user_email\n";
    }
--- request
GET /api/a
--- more_headers eval
"Authorization: Bearer $::email_1025"
--- response_body
email=
--- error_log
jwt_auth: header "X-User-Email" left out: the claim "email": a claim passed upstream is too long



=== TEST 42: optional is not for the user claim's header
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub optional;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_set_header: "X-User-Id" passes the user claim "sub", which cannot be optional



=== TEST 43: a third parameter other than optional
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Name name cut;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_set_header: invalid parameter "cut" (expected optional)



=== TEST 44: a reason that names a claim path with a quote keeps error_description a valid quoted-string
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-Odd 'o"d';
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/a
--- more_headers eval
"Authorization: Bearer " . JWTAuthTest::token('o"d' => 'a' x 1025)
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="header X-Odd, claim o?d: a claim passed upstream is too long"
