package JWTAuthKeys;

# Public-key tokens for the suite: RS256/384/512, PS256/384/512,
# ES256/384/512 and EdDSA tokens signed at load time with the private
# keys in t/keys/ (made by t/keys/generate) by calling the openssl CLI,
# so no Perl module beyond the core ones is needed.  "exp" is relative to
# now, as in JWTAuthTest.
#
# In a .t file:
#
#     use FindBin;
#     use lib "$FindBin::Bin/../lib";   # from t/<area>/
#     use JWTAuthTest;
#     use JWTAuthKeys;
#
#     our $rs = jwt_pk('RS256', 'rsa1.key');                 # sub "user-1"
#     our $es = jwt_pk('ES256', 'ec256a.key', { kid => 'e1' },
#                      claims(sub => 'user-es'));
#     our $der = jwt_pk_ecdsa('der', 'ES256', 'ec256a.key');
#
# The signing alg decides the hash and the signature form; the header's
# "alg" is that alg unless the extra header members replace it, so a
# test can put one algorithm's signature under another's name.
#
# ECDSA signatures come out of openssl as DER (SEQUENCE of two INTEGERs);
# JOSE wants the raw R||S, each left-padded to the curve's size (RFC 7518,
# 3.4).  The converters below go both ways.

use strict;
use warnings;

use Exporter 'import';
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Spec;
use File::Temp qw(tempdir);
use POSIX ();
use JWTAuthTest qw(b64url json_text claims);

our @EXPORT = qw(
    KEYS key_path key_text pk_sign jwt_pk jwt_sig jwt_pk_ecdsa
    jwt_pk_truncated ecdsa_der_to_raw ecdsa_raw_to_der ec_order ec_size
);

# t/keys, next to t/lib; TEST_NGINX_KEYS wins, as in the .t files
my $KEYS = $ENV{TEST_NGINX_KEYS}
    // abs_path(File::Spec->catdir(dirname(__FILE__), '..', 'keys'));

sub KEYS () { $KEYS }

my $TMP = tempdir('jwt-auth-keys-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my $seq = 0;

# how each alg signs: the hash, and the key type's signature form
my %ALG = (
    RS256 => ['sha256', 'rsa'],
    RS384 => ['sha384', 'rsa'],
    RS512 => ['sha512', 'rsa'],
    PS256 => ['sha256', 'pss'],
    PS384 => ['sha384', 'pss'],
    PS512 => ['sha512', 'pss'],
    ES256 => ['sha256', 'ecdsa', 32],
    ES384 => ['sha384', 'ecdsa', 48],
    ES512 => ['sha512', 'ecdsa', 66],
    EdDSA => [undef, 'eddsa'],
);

# the group orders n of P-256, P-384 and P-521 (SEC 2), by field size
my %ORDER = (
    32 => 'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551',
    48 => 'ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf'
        . '581a0db248b0a77aecec196accc52973',
    66 => '01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'
        . 'fffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e9138'
        . '6409',
);

# A fixture's absolute path ("rsa1.key" -> t/keys/rsa1.key).
sub key_path {
    my ($name) = @_;
    return File::Spec->file_name_is_absolute($name) ? $name : "$KEYS/$name";
}

# A fixture's bytes (e.g. a public key's PEM text as an HMAC secret).
sub key_text {
    my ($name) = @_;
    open my $fh, '<:raw', key_path($name) or die key_path($name) . ": $!\n";
    local $/;
    return scalar <$fh>;
}

# The signature size of an ECDSA alg (raw R||S is twice this).
sub ec_size {
    my ($alg) = @_;
    return $ALG{$alg}[2] // die "$alg is not an ECDSA alg\n";
}

# The group order of an ECDSA alg's curve, as ec_size($alg) bytes.
sub ec_order {
    my ($alg) = @_;
    return pack 'H*', $ORDER{ ec_size($alg) };
}

sub spew {
    my ($path, $bytes) = @_;
    open my $fh, '>:raw', $path or die "$path: $!\n";
    print {$fh} $bytes;
    close $fh or die "$path: $!\n";
}

# Runs openssl with the arguments given (no shell); dies with its
# messages when it fails.
sub openssl {
    my @cmd = ('openssl', @_);
    my $err = "$TMP/stderr";
    my $pid = fork // die "fork: $!\n";
    if ($pid == 0) {
        open STDOUT, '>', '/dev/null';
        open STDERR, '>', $err;
        exec @cmd or POSIX::_exit(127);
    }
    waitpid $pid, 0;
    return if $? == 0;
    open my $fh, '<', $err;
    my $msg = join '', <$fh>;
    die "@cmd failed: $msg";
}

# One DER element at $pos of $buf: (tag, content, position after it).
sub der_element {
    my ($buf, $pos) = @_;
    die "DER: truncated\n" if $pos + 2 > length $buf;
    my $tag = ord substr($buf, $pos++, 1);
    my $len = ord substr($buf, $pos++, 1);
    if ($len & 0x80) {
        my $n = $len & 0x7f;
        die "DER: bad length\n" if $n == 0 || $n > 4 || $pos + $n > length $buf;
        $len = 0;
        $len = $len * 256 + ord substr($buf, $pos++, 1) for 1 .. $n;
    }
    die "DER: truncated\n" if $pos + $len > length $buf;
    return ($tag, substr($buf, $pos, $len), $pos + $len);
}

# DER ECDSA-Sig-Value (SEQUENCE { INTEGER r, INTEGER s }) -> raw R||S,
# each integer left-padded with zeros to $size bytes.
sub ecdsa_der_to_raw {
    my ($der, $size) = @_;
    my ($tag, $seq, $end) = der_element($der, 0);
    die "DER: not a SEQUENCE\n" unless $tag == 0x30 && $end == length $der;
    my $raw = '';
    my $pos = 0;
    for (1 .. 2) {
        my ($t, $int);
        ($t, $int, $pos) = der_element($seq, $pos);
        die "DER: not an INTEGER\n" unless $t == 0x02;
        $int =~ s/\A\x00+//;
        die "DER: integer longer than $size bytes\n" if length $int > $size;
        $raw .= "\x00" x ($size - length $int) . $int;
    }
    die "DER: trailing data\n" unless $pos == length $seq;
    return $raw;
}

sub der_length {
    my ($len) = @_;
    return chr $len if $len < 0x80;
    my $bytes = '';
    while ($len) {
        $bytes = chr($len & 0xff) . $bytes;
        $len >>= 8;
    }
    return chr(0x80 | length $bytes) . $bytes;
}

# Raw R||S -> DER, the form OpenSSL and Java produce and JOSE forbids.
sub ecdsa_raw_to_der {
    my ($raw) = @_;
    my $size = length($raw) / 2;
    my $body = '';
    for my $half (substr($raw, 0, $size), substr($raw, $size)) {
        my $int = $half;                    # a copy: substr aliases $raw
        $int =~ s/\A\x00+//;
        $int = "\x00" if $int eq '';
        $int = "\x00$int" if ord($int) & 0x80;      # stays positive
        $body .= "\x02" . der_length(length $int) . $int;
    }
    return "\x30" . der_length(length $body) . $body;
}

# The JOSE signature of $input by $alg with the private key $keyfile.
sub pk_sign {
    my ($alg, $keyfile, $input) = @_;
    my $how = $ALG{$alg} or die "no signing for alg $alg\n";
    my ($hash, $form, $size) = @$how;
    my $key = key_path($keyfile);
    my $n = ++$seq;
    my ($in, $out) = ("$TMP/in$n", "$TMP/sig$n");
    spew($in, $input);

    if ($form eq 'eddsa') {
        openssl('pkeyutl', '-sign', '-rawin', '-inkey', $key,
                '-in', $in, '-out', $out);
    } else {
        my @pss = $form eq 'pss'
            ? ('-sigopt', 'rsa_padding_mode:pss',
               '-sigopt', 'rsa_pss_saltlen:digest')
            : ();
        openssl('dgst', "-$hash", '-sign', $key, @pss, '-out', $out, $in);
    }

    my $sig = do {
        open my $fh, '<:raw', $out or die "$out: $!\n";
        local $/;
        scalar <$fh>;
    };
    unlink $in, $out;

    return $form eq 'ecdsa' ? ecdsa_der_to_raw($sig, $size) : $sig;
}

sub header_of {
    my ($alg, $extra) = @_;
    return $extra if defined $extra && !ref $extra;       # JSON text
    my %h = (alg => $alg, %{ $extra // {} });
    delete @h{ grep { !defined $h{$_} } keys %h };         # undef: left out
    return \%h;
}

# A token signed by $alg with $keyfile: header {"alg": $alg} plus
# %$header_extra (a member given as undef is left out; a string is the
# whole header as JSON text), claims $claims (a ref or JSON text; default
# claims(): sub "user-1", exp in an hour).
sub jwt_pk {
    my ($alg, $keyfile, $header_extra, $claims) = @_;
    my $h64 = b64url(json_text(header_of($alg, $header_extra)));
    my $p64 = b64url(json_text($claims // claims()));
    return "$h64.$p64." . b64url(pk_sign($alg, $keyfile, "$h64.$p64"));
}

# A token of the header and claims given carrying $sig (bytes) as its
# signature, whatever it is.
sub jwt_sig {
    my ($header, $claims, $sig) = @_;
    return join '.', b64url(json_text($header)),
                     b64url(json_text($claims // claims())), b64url($sig);
}

# A token signed properly, then its signature cut to $keep bytes (default:
# all but the last 8).
sub jwt_pk_truncated {
    my ($alg, $keyfile, $header_extra, $claims, $keep) = @_;
    my $header = header_of($alg, $header_extra);
    $claims //= claims();
    my $h64 = b64url(json_text($header));
    my $p64 = b64url(json_text($claims));
    my $sig = pk_sign($alg, $keyfile, "$h64.$p64");
    $keep //= length($sig) - 8;
    return "$h64.$p64." . b64url(substr $sig, 0, $keep);
}

# An ECDSA token with a signature malformed as $how says:
#   der      the valid signature in DER form
#   zero     r = s = 0, the right length (CVE-2022-21449)
#   long     the valid signature with a zero byte added
#   short    the valid signature without its last byte
#   r_zero   r = 0, s valid
#   s_zero   s = 0, r valid
#   r_order  r = n, the group order (s valid)
#   s_order  s = n (r valid)
#   r_max    r = 2^(8*size) - 1, all ones (s valid)
sub jwt_pk_ecdsa {
    my ($how, $alg, $keyfile, $header_extra, $claims) = @_;
    my $size = ec_size($alg);
    my $header = header_of($alg, $header_extra);
    $claims //= claims();
    my $h64 = b64url(json_text($header));
    my $p64 = b64url(json_text($claims));
    my $sig = pk_sign($alg, $keyfile, "$h64.$p64");
    my ($r, $s) = (substr($sig, 0, $size), substr($sig, $size));
    my $zero = "\x00" x $size;
    my %bad = (
        der     => sub { ecdsa_raw_to_der($sig) },
        zero    => sub { $zero . $zero },
        long    => sub { $sig . "\x00" },
        short   => sub { substr $sig, 0, -1 },
        r_zero  => sub { $zero . $s },
        s_zero  => sub { $r . $zero },
        r_order => sub { ec_order($alg) . $s },
        s_order => sub { $r . ec_order($alg) },
        r_max   => sub { "\xff" x $size . $s },
    );
    my $make = $bad{$how} or die "no malformed ECDSA signature \"$how\"\n";
    return "$h64.$p64." . b64url($make->());
}

1;
