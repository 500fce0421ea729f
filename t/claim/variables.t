# The claim variables: $jwt_claim_<name> (a top-level claim of the
# verified token), $jwt_header_<name> (a member of its JOSE header) and
# $jwt_payload (the whole payload as compact JSON).  Strings come as they
# are, integers in decimal, reals in their shortest form, true/false as
# words, arrays of strings joined with ",", other arrays and objects as
# compact JSON in the token's member order, null and absent as nothing.
# The variables are empty without a token, with a refused one and where
# jwt_auth is off; they are set from the start of the preaccess phase on,
# so proxy_set_header and add_header see them, while set and return, which
# run in the rewrite phase before any check, see them empty.  Control
# characters come out as spaces, and nginx lowercases the name after
# $jwt_claim_.  The upstream is a location of the same server that echoes
# what it received.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

our $exp = now() + 3600;

# a token whose payload is the JSON text given, member order and escapes
# kept as written
sub payload_token {
    my ($json, $header) = @_;
    return jwt_hs($header // '{"alg":"HS256","typ":"JWT"}', $json, SECRET);
}

our $types = payload_token(
    qq({"sub":"user-1","exp":$exp,"str":"plain text","int":1234567890123,)
  . qq("neg":-5,"real":0.25,"tenth":0.1,"negreal":-2.5,"zero":0,)
  . qq("yes":true,"no":false,"list":["admin","editor"],)
  . qq("mixed":["a",1,true,null,{"k":"v"}],"nums":[3,1,2],)
  . qq("obj":{"z":1,"a":{"b":[1,2]},"s":"x"},"emptyobj":{},)
  . qq("empty":"","nothing":null}));

# raw UTF-8 in the JSON text, and JSON escapes the variables must decode
our $text = payload_token(
    qq({"sub":"user-1","exp":$exp,"name":"Zoë 日本",)
  . qq("esc":"q\\"b\\\\s\\u00e9\\/x","cjk":"\\u65e5\\u672c",)
  . qq("emoji":"\\ud83d\\ude00","words":["caf\\u00e9","na\\u00efve"],)
  . qq("o":{"q":"a\\"b","u":"\\u00e9","s":"\\/"}}));

our $with_kid = jwt_hs('{"alg":"HS256","typ":"JWT","kid":"key-2024","ver":2}',
                       claims(), SECRET);
our $alg_only = jwt_hs('{"alg":"HS256"}', claims(), SECRET);

# a payload written with blanks: $jwt_payload is its compact form
our $spaced = payload_token(
    qq({ "sub" : "user-1",\n  "exp": $exp, "role":"admin",)
  . qq( "n":[1, 2], "o":{ "b" : true } }));
our $spaced_compact =
    qq({"sub":"user-1","exp":$exp,"role":"admin","n":[1,2],"o":{"b":true}});

# control characters in a claim: spaces in the variables
our $crlf_note = token(note => "a\r\nX-Admin: 1", tab => "x\ty");

# nginx lowercases variable names: $jwt_claim_userId reads "userid"
our $camel = token(userId => 'u-camel', userid => 'u-lower');

our $admin = token(role => 'admin', email => 'ann@example.com');
our $expired = token(role => 'admin', exp => now() - 600);
our $bad_signature = jwt_hs({ alg => 'HS256', typ => 'JWT' },
                            claims(role => 'admin'), OTHER_SECRET);

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: each type of claim value in $jwt_claim_<name>, passed upstream with proxy_set_header
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_set_header X-Str $jwt_claim_str;
        proxy_set_header X-Int $jwt_claim_int;
        proxy_set_header X-Neg $jwt_claim_neg;
        proxy_set_header X-Real $jwt_claim_real;
        proxy_set_header X-Tenth $jwt_claim_tenth;
        proxy_set_header X-Negreal $jwt_claim_negreal;
        proxy_set_header X-Zero $jwt_claim_zero;
        proxy_set_header X-Yes $jwt_claim_yes;
        proxy_set_header X-No $jwt_claim_no;
        proxy_set_header X-List $jwt_claim_list;
        proxy_set_header X-Mixed $jwt_claim_mixed;
        proxy_set_header X-Nums $jwt_claim_nums;
        proxy_set_header X-Obj $jwt_claim_obj;
        proxy_set_header X-Emptyobj $jwt_claim_emptyobj;
        proxy_set_header X-Empty "[$jwt_claim_empty]";
        proxy_set_header X-Nothing "[$jwt_claim_nothing]";
        proxy_set_header X-Absent "[$jwt_claim_absent]";
        proxy_set_header X-Sub $jwt_claim_sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "str=$http_x_str
int=$http_x_int
neg=$http_x_neg
real=$http_x_real
tenth=$http_x_tenth
negreal=$http_x_negreal
zero=$http_x_zero
yes=$http_x_yes
no=$http_x_no
list=$http_x_list
mixed=$http_x_mixed
nums=$http_x_nums
obj=$http_x_obj
emptyobj=$http_x_emptyobj
empty=$http_x_empty
nothing=$http_x_nothing
absent=$http_x_absent
sub=$http_x_sub
";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::types"
--- response_body
str=plain text
int=1234567890123
neg=-5
real=0.25
tenth=0.1
negreal=-2.5
zero=0
yes=true
no=false
list=admin,editor
mixed=["a",1,true,null,{"k":"v"}]
nums=[3,1,2]
obj={"z":1,"a":{"b":[1,2]},"s":"x"}
emptyobj={}
empty=[]
nothing=[]
absent=[]
sub=user-1
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 2: UTF-8 strings pass as they are, JSON escapes are decoded, objects are compact JSON again
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_set_header X-Name $jwt_claim_name;
        proxy_set_header X-Esc $jwt_claim_esc;
        proxy_set_header X-Cjk $jwt_claim_cjk;
        proxy_set_header X-Emoji $jwt_claim_emoji;
        proxy_set_header X-Words $jwt_claim_words;
        proxy_set_header X-O $jwt_claim_o;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "name=$http_x_name
esc=$http_x_esc
cjk=$http_x_cjk
emoji=$http_x_emoji
words=$http_x_words
o=$http_x_o
";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::text"
--- response_body
name=Zoë 日本
esc=q"b\sé/x
cjk=日本
emoji=😀
words=café,naïve
o={"q":"a\"b","u":"é","s":"/"}
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 3: $jwt_header_<name>: alg, typ, kid, a number, and nothing for an absent member
--- config
    location /api/ {
        jwt_auth "tasks";
        add_header X-Header "alg=[$jwt_header_alg] typ=[$jwt_header_typ] kid=[$jwt_header_kid] ver=[$jwt_header_ver] cty=[$jwt_header_cty]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::with_kid", "Authorization: Bearer $::alg_only"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Header: alg=[HS256] typ=[JWT] kid=[key-2024] ver=[2] cty=[]",
 "X-Header: alg=[HS256] typ=[] kid=[] ver=[] cty=[]"]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 4: header variables reach the upstream too
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_set_header X-Kid $jwt_header_kid;
        proxy_set_header X-Alg $jwt_header_alg;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "kid=$http_x_kid alg=$http_x_alg\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::with_kid"
--- response_body
kid=key-2024 alg=HS256
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 5: $jwt_payload is the payload as compact JSON, in the token's order
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_set_header X-Payload $jwt_payload;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "payload=$http_x_payload\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::spaced"
--- response_body eval
"payload=$::spaced_compact\n"
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 6: a refused token leaves every variable empty (401 with add_header always)
--- config
    location /api/ {
        jwt_auth "tasks";
        add_header X-Vars "role=[$jwt_claim_role] sub=[$jwt_claim_sub] alg=[$jwt_header_alg] payload=[$jwt_payload] error=[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["", "Authorization: Bearer $::expired", "Authorization: Bearer $::bad_signature"]
--- error_code eval
[401, 401, 401]
--- response_headers eval
["X-Vars: role=[] sub=[] alg=[] payload=[] error=[missing_token]",
 "X-Vars: role=[] sub=[] alg=[] payload=[] error=[expired]",
 "X-Vars: role=[] sub=[] alg=[] payload=[] error=[bad_signature]"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 7: satisfy any lets requests through without a token or with a refused one: the variables are empty there
--- config
    location /api/ {
        satisfy any;
        allow 127.0.0.1;
        deny all;
        jwt_auth "tasks";
        proxy_set_header X-Vars "role=[$jwt_claim_role] alg=[$jwt_header_alg] payload=[$jwt_payload]";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "$http_x_vars\n";
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["", "Authorization: Bearer $::expired", "Authorization: Bearer $::bad_signature"]
--- error_code eval
[200, 200, 200]
--- response_body eval
["role=[] alg=[] payload=[]\n",
 "role=[] alg=[] payload=[]\n",
 "role=[] alg=[] payload=[]\n"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 8: where jwt_auth is off the variables are empty, even with a valid token
--- config
    jwt_auth "tasks";
    location /public/ {
        jwt_auth off;
        add_header X-Vars "role=[$jwt_claim_role] alg=[$jwt_header_alg] payload=[$jwt_payload]" always;
        proxy_set_header X-Role "[$jwt_claim_role]";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        jwt_auth off;
        return 200 "role=$http_x_role\n";
    }
--- request
GET /public/tasks
--- more_headers eval
"Authorization: Bearer $::admin"
--- response_headers
X-Vars: role=[] alg=[] payload=[]
--- response_body
role=[]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 9: the same server: the claim is set under jwt_auth, empty under jwt_auth off
--- config
    jwt_auth "tasks";
    location /api/ {
        proxy_set_header X-Role "[$jwt_claim_role]";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /public/ {
        jwt_auth off;
        proxy_set_header X-Role "[$jwt_claim_role]";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        jwt_auth off;
        return 200 "role=$http_x_role\n";
    }
--- request eval
["GET /api/a", "GET /public/a"]
--- more_headers eval
["Authorization: Bearer $::admin", "Authorization: Bearer $::admin"]
--- error_code eval
[200, 200]
--- response_body eval
["role=[admin]\n", "role=[]\n"]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 10: add_header with a claim: set on success, absent on a 401
--- config
    location /api/ {
        jwt_auth "tasks";
        add_header X-Role $jwt_claim_role always;
        add_header X-Email $jwt_claim_email always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "upstream reached\n";
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::admin", "Authorization: Bearer $::expired", ""]
--- error_code eval
[200, 401, 401]
--- response_headers eval
["X-Role: admin\nX-Email: ann\@example.com", "!X-Role\n!X-Email", "!X-Role\n!X-Email"]
--- response_body_like eval
["^upstream reached\n\\z", "<html>.*\\b401\\b", "<html>.*\\b401\\b"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 11: set runs in the rewrite phase, before the check: it sees the claim empty, proxy_set_header sees it set
--- config
    location /api/ {
        jwt_auth "tasks";
        set $role_in_rewrite "[$jwt_claim_role]";
        proxy_set_header X-Set $role_in_rewrite;
        proxy_set_header X-Role "[$jwt_claim_role]";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "set=$http_x_set role=$http_x_role\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::admin"
--- response_body
set=[] role=[admin]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 12: return runs in the rewrite phase, before the check: it sees the claim empty
--- config
    location /api/ {
        jwt_auth "tasks";
        return 200 "role=[$jwt_claim_role] payload=[$jwt_payload]\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::admin"
--- response_body
role=[] payload=[]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 13: a variable read in the rewrite phase is read again later: set first, proxy_set_header still sees the claim
--- config
    location /api/ {
        jwt_auth "tasks";
        set $early "[$jwt_claim_email][$jwt_header_alg][$jwt_payload]";
        proxy_set_header X-Email "[$jwt_claim_email]";
        proxy_set_header X-Alg "[$jwt_header_alg]";
        proxy_set_header X-Has-Payload "$jwt_payload";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "email=$http_x_email alg=$http_x_alg payload=$http_x_has_payload\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::admin"
--- response_body_like eval
qr/^email=\[ann\@example\.com\] alg=\[HS256\] payload=\{.*"role":"admin".*\}\n\z/
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 14: control characters in a claim are spaces in the variable: proxy_set_header cannot split the upstream request
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_set_header X-Note $jwt_claim_note;
        proxy_set_header X-Tab $jwt_claim_tab;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "note=[$http_x_note] tab=[$http_x_tab] admin=[$http_x_admin]\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::crlf_note"
--- response_body
note=[a  X-Admin: 1] tab=[x y] admin=[]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 15: nginx lowercases variable names: $jwt_claim_userId reads the claim "userid"
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_set_header X-Camel $jwt_claim_userId;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "camel=$http_x_camel\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::camel"
--- response_body
camel=u-lower
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]
