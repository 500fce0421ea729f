# The module's version is written in one place, NGX_HTTP_JWT_AUTH_VERSION
# in src/nginx/ngx_http_jwt_auth_module.h: nginx logs it at notice when a
# configuration loads the module (start, reload and nginx -t), once the
# configuration's error_log is open, at the level that gives; CHANGES and
# debian/changelog name the same version.  Runs the nginx
# of TEST_NGINX_BINARY with the module of TEST_NGINX_LOAD_MODULES, or,
# without one, a binary with the module built in.
use strict;
use warnings;
use File::Temp qw(tempdir);
use FindBin;
use Test::More;

my $top = "$FindBin::Bin/../..";

sub slurp {
    my ($file) = @_;
    open my $fh, '<', $file or die "$file: $!";
    local $/;
    return <$fh>;
}

my ($version) = slurp("$top/src/nginx/ngx_http_jwt_auth_module.h")
                =~ /^#define\s+NGX_HTTP_JWT_AUTH_VERSION\s+"([^"]*)"/m;

ok(defined $version && $version =~ /\A\d+\.\d+\.\d+\z/,
   'the header defines NGX_HTTP_JWT_AUTH_VERSION as x.y.z')
    or BAIL_OUT('no version in the header');

like(slurp("$top/CHANGES"),
     qr/\A\s*Changes\ with\ ngx_http_jwt_auth_module\ \Q$version\E
        \s+\d\d\ \w{3}\ \d{4}\n/x,
     "CHANGES begins with $version and its date");

like(slurp("$top/debian/changelog"),
     qr/\A\S+ \(\Q$version\E-\d+\) /,
     "debian/changelog's newest entry is $version");

my $nginx = $ENV{TEST_NGINX_BINARY} || 'nginx';
my ($module) = grep { m{ngx_http_jwt_auth_module\.so\z} }
               split ' ', $ENV{TEST_NGINX_LOAD_MODULES} // '';

if (!defined $module) {
    my $built_in = `'$nginx' -V 2>&1` =~ /add-module=\S*/;
    if (!$built_in) {
        diag("no module: TEST_NGINX_LOAD_MODULES is not set and $nginx "
             . "has none built in; the log line is not checked");
        done_testing();
        exit 0;
    }
}

my $dir = tempdir(CLEANUP => 1);
mkdir "$dir/logs";

# nginx -t with the error log at $level and the config $body: its exit
# code, what it printed, the lines of the error log
sub nginx_t {
    my ($level, $body) = @_;
    my $load = defined $module ? "load_module $module;\n" : '';
    unlink "$dir/logs/error.log";
    open my $fh, '>', "$dir/nginx.conf" or die "$dir/nginx.conf: $!";
    print $fh $load, "pid $dir/nginx.pid;\n",
              "error_log $dir/logs/error.log $level;\n",
              "events {}\n", $body;
    close $fh;
    my $out = `'$nginx' -t -p '$dir' -c '$dir/nginx.conf' \\
               -e '$dir/logs/startup.log' 2>&1`;
    my $rc = $? >> 8;
    my $log = -e "$dir/logs/error.log" ? slurp("$dir/logs/error.log") : '';
    return ($rc, $out, $log);
}

my $http = "http { server { listen 127.0.0.1:1; location / {} } }\n";

my ($rc, $out, $log) = nginx_t('notice', $http);
is($rc, 0, 'nginx -t accepts the configuration') or diag($out);
like($log, qr/\[notice\] .*: jwt_auth module \Q$version\E$/m,
     "with error_log at notice: \"jwt_auth module $version\" at notice");

($rc, $out, $log) = nginx_t('notice', '');
is($rc, 0, 'nginx -t accepts a configuration without http') or diag($out);
like($log, qr/\[notice\] .*: jwt_auth module \Q$version\E$/m,
     'the module loaded without an http block says its version too');

($rc, $out, $log) = nginx_t('warn', $http);
is($rc, 0, 'nginx -t accepts it with error_log at warn') or diag($out);
unlike($log, qr/jwt_auth module/,
       'with error_log at warn: no version line (the level is respected)');

done_testing();
