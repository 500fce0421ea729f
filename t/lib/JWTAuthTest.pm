package JWTAuthTest;

# Token making for the suite: HS256/384/512 tokens signed here, with core
# Perl modules only, so that every .t file builds its tokens at load time
# with "exp" relative to now (nothing in the suite expires over time).
#
# In a .t file:
#
#     use FindBin;
#     use lib "$FindBin::Bin/../lib";   # from t/<area>/
#     use JWTAuthTest;
#
#     our $good = token();                    # sub "user-1", exp now + 1h
#     our $uid  = token(sub => 42, email => 'a@example.com');
#     our $raw  = jwt_hs('{"alg":"HS256","alg":"HS256"}', claims(), SECRET);
#
# Test::Base's "eval" filter runs in package Test::Base::Filter, so inside
# "--- more_headers eval" use globals ("$::good") or qualified names
# ("JWTAuthTest::token(sub => 'x')").
#
# The secrets below are written out literally in the configurations of
# the .t files (SECRET mostly through DEFAULT_KEY, below); keep the two in
# step.
#
# What the blocks share: jwt_auth_defaults, a block preprocessor.  A .t
# file that wants it says, before run_tests():
#
#     add_block_preprocessor(\&jwt_auth_defaults);
#
# (t/00-runner.t does not: it tests the runner; t/readme/examples.t does
# not: its blocks are README's examples as written there.)  For each block
# with a --- config section it supplies:
#
#   * the default key: DEFAULT_KEY ('jwt_auth_secret "<SECRET>";') as the
#     first line of --- http_config, when the block turns jwt_auth on
#     somewhere (a jwt_auth directive other than "jwt_auth off;") and has
#     no key directive of its own (jwt_auth_secret, jwt_auth_key_file,
#     jwt_auth_key_request) in main_config, http_config or config.  At the
#     http level it reaches every server and location, as a secret written
#     in each protected location did; a block for which the level of its
#     key matters, or whose point is the secret itself (its title names
#     the secret), writes its key out and then gets none from here.
#     Opt-out: a block that must have no key at all (nginx refusing
#     jwt_auth without one) says "--- no_default_key".  A --- must_die
#     block gets the key too, so that it states only the broken directive.
#
#   * the echo upstream: a server of its own, ECHO_SERVER, listening on a
#     unix socket in the server root, for the blocks whose --- config
#     proxies to /echo/ (proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT
#     /echo/, rewritten here to that socket) or names the socket itself
#     (as a named location's proxy_pass, which takes no URI, must).  It
#     holds the block's own "location /echo..." blocks, moved out of ---
#     config, and, unless one of them is "location /echo/", ECHO_LOCATION,
#     'location /echo/ { return 200 "user=$http_x_user_id\n"; }'.  A server of its own, because the
#     module removes the identity headers a server configures from every
#     request that server receives: a request proxied back into the same
#     server would lose the verified X-User-Id as a client's copy would.
#     jwt_auth is off in it, and its header buffers take the largest token
#     the suite sends.  Not for --- must_die blocks (no request is sent).
#     A block whose upstream must answer something else (other headers, a
#     body it checks) defines its own location /echo/.

use strict;
use warnings;

use Exporter 'import';
use Digest::SHA qw(hmac_sha256 hmac_sha384 hmac_sha512);
use MIME::Base64 qw(encode_base64);
use JSON::PP ();

our @EXPORT = qw(
    SECRET SECRET48 SECRET64 OTHER_SECRET DEFAULT_KEY ECHO_LOCATION
    now b64url json_text signature jwt_parts jwt_hs claims token
    token_of_length jwt_auth_defaults
);

use constant {
    SECRET       => 'better-auth-secret-for-tests-256',    # 32 bytes
    SECRET48     => 'a-secret-of-48-bytes-that-is-long-enough-for-384',
    SECRET64     => 'a-secret-of-64-bytes-that-is-long-enough-for-hs512-tokens-too-64',
    OTHER_SECRET => 'some-other-secret-of-32-bytes-xx',    # 32 bytes
};

# Compact JSON with sorted keys: the same claims give the same token.
# Strings are taken as bytes and written as they are (no "utf8" here), so
# a test may put raw UTF-8, or invalid UTF-8, into a claim.
my $JSON = JSON::PP->new->canonical(1)->allow_nonref(1);

my %HMAC = (
    HS256 => \&hmac_sha256,
    HS384 => \&hmac_sha384,
    HS512 => \&hmac_sha512,
);

sub now () { time }

# base64url without padding (RFC 7515, 2)
sub b64url {
    my ($bytes) = @_;
    my $s = encode_base64($bytes, '');
    $s =~ tr{+/}{-_};
    $s =~ s/=+\z//;
    return $s;
}

# A hash or array ref as compact JSON; a string is taken as JSON already,
# so that tests can write duplicate members, arrays, broken JSON...
sub json_text {
    my ($value) = @_;
    return ref $value ? $JSON->encode($value) : $value;
}

# The base64url HMAC of $input with the hash $alg names; HS256 for any
# other name (so a token can claim "none" or "RS256" and still carry a
# signature).
sub signature {
    my ($input, $alg, $secret) = @_;
    my $hmac = $HMAC{ $alg // 'HS256' } // \&hmac_sha256;
    return b64url($hmac->($input, $secret // SECRET));
}

# A token from two parts already encoded, signed over "h.p" as they are.
sub jwt_parts {
    my ($h64, $p64, $secret, $alg) = @_;
    return "$h64.$p64." . signature("$h64.$p64", $alg, $secret);
}

# A token with the header and claims given (refs or JSON text), signed
# with $secret (default SECRET) by the HMAC its "alg" names.
sub jwt_hs {
    my ($header, $claims, $secret) = @_;
    my $alg;
    if (ref $header eq 'HASH') {
        $alg = $header->{alg};
    } elsif (!ref $header && $header =~ /"alg"\s*:\s*"([^"]*)"/) {
        $alg = $1;
    }
    return jwt_parts(b64url(json_text($header)), b64url(json_text($claims)),
                     $secret, $alg);
}

# The usual claims: sub "user-1", exp in an hour; the arguments add or
# replace claims, and a claim given as undef is left out.
sub claims {
    my %c = (sub => 'user-1', exp => now() + 3600, @_);
    delete @c{ grep { !defined $c{$_} } keys %c };
    return \%c;
}

# An HS256 token signed with SECRET, with claims(@_).
sub token {
    return jwt_hs({ alg => 'HS256', typ => 'JWT' }, claims(@_), SECRET);
}

# A valid HS256 token (signed with SECRET) exactly $len bytes long: a
# "pad" claim and a "kid" header member fill it up.
sub token_of_length {
    my ($len) = @_;
    for my $kid_len (0 .. 3) {
        my $header = { alg => 'HS256', typ => 'JWT' };
        $header->{kid} = 'k' x $kid_len if $kid_len;
        # each byte of "pad" adds 4/3 characters: start just below
        my $base = length jwt_hs($header, claims(pad => ''), SECRET);
        my $start = int(($len - $base) * 3 / 4) - 4;
        $start = 0 if $start < 0;
        for my $pad_len ($start .. $len) {
            my $t = jwt_hs($header, claims(pad => 'x' x $pad_len), SECRET);
            return $t if length $t == $len;
            last if length $t > $len;
        }
    }
    die "cannot make a token of $len bytes\n";
}

# The block preprocessor (see the top of this file).

use constant DEFAULT_KEY => 'jwt_auth_secret "' . SECRET . '";';

use constant ECHO_LOCATION => <<'END';
    location /echo/ {
        return 200 "user=$http_x_user_id\n";
    }
END

use constant ECHO_SOCKET => 'unix:$TEST_NGINX_SERVER_ROOT/logs/echo.sock';

# ECHO_SERVER(locations)
sub ECHO_SERVER {
    my ($locations) = @_;
    return "    server {\n"
         . '        listen ' . ECHO_SOCKET . ";\n"
         . "        server_name echo;\n"
         . "        jwt_auth off;\n"
         . "        large_client_header_buffers 4 32k;\n"
         . $locations
         . "    }\n";
}

sub jwt_auth_defaults {
    my ($block) = @_;
    my $config = $block->config;

    # without --- config a block runs on the previous block's server
    return unless defined $config;

    my $all = join "\n", grep { defined }
        $block->main_config, $block->http_config, $config;

    if (!defined $block->no_default_key
        && $all =~ /(?<![\w\$])jwt_auth\s+(?!off\s*;)/
        && $all !~ /(?<![\w\$])jwt_auth_(?:secret|key_file|key_request)\s/)
    {
        $block->set_value(http_config => '    ' . DEFAULT_KEY . "\n"
                                         . ($block->http_config // ''));
    }

    my $target = qr{proxy_pass\s+http://127\.0\.0\.1:\$TEST_NGINX_SERVER_PORT
                    (?=/echo)}x;

    my $socket = ECHO_SOCKET;

    return if defined $block->must_die
              || ($config !~ $target && index($config, $socket) < 0);

    $config =~ s{$target}{proxy_pass http://$socket:}g;

    # the block's own echo locations, braces balanced
    my $locations = '';
    $config =~ s{^([ \t]*location\s+(?:[=^~]+\s*)?/echo\S*\s*
                  (\{(?:[^{}]++|(?2))*\})[ \t]*\n?)}
                {$locations .= $1 =~ s/\n?\z/\n/r; ''}mgex;

    # the canonical echo, unless the block has its own location /echo/
    $locations .= ECHO_LOCATION
        unless $locations =~ m{^\s*location\s+/echo/\s*\{}m;

    $block->set_value(config => $config);
    $block->set_value(http_config => ($block->http_config // '')
                                     . ECHO_SERVER($locations));
}

1;
