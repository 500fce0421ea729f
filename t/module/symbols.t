# The module exports nothing but what nginx needs of it: nginx loads
# modules RTLD_GLOBAL, so an exported symbol of the JWT core (or of the
# glue) could take the place of another module's library function of the
# same name (libjwt's jwt_* are the classic clash).  Checked on the
# dynamic module of TEST_NGINX_LOAD_MODULES, or, without one, on the
# dynamic symbol table of the nginx binary the module is built into.
use strict;
use warnings;
use Test::More;

my ($module) = grep { m{ngx_http_jwt_auth_module\.so\z} }
               split ' ', $ENV{TEST_NGINX_LOAD_MODULES} // '';

sub dynamic_symbols {
    my ($file) = @_;
    my @out = `nm -D --defined-only '$file' 2>&1`;
    die "nm -D $file failed: @out" if $?;
    return map { (split)[-1] } @out;
}

if (defined $module) {
    my @symbols = dynamic_symbols($module);
    my %nginx = map { $_ => 1 } qw(ngx_modules ngx_module_names
        ngx_module_order ngx_http_jwt_auth_module _init _fini __bss_start
        _edata _end);

    ok(scalar(grep { $_ eq 'ngx_http_jwt_auth_module' } @symbols),
       'the module exports ngx_http_jwt_auth_module');
    is(join(' ', grep { !$nginx{$_} } @symbols), '',
       'and nothing else but nginx\'s module tables');
    is(join(' ', grep { /^(jac_|jwt_)/ } @symbols), '',
       'no symbol of the JWT core');

} else {
    my $nginx = $ENV{TEST_NGINX_BINARY} || 'nginx';
    $nginx = `command -v '$nginx'` =~ s/\s+\z//r unless $nginx =~ m{/};

    my @symbols = dynamic_symbols($nginx);

    if (!grep { $_ eq 'ngx_http_jwt_auth_module' } @symbols) {
        plan skip_all => "no module: TEST_NGINX_LOAD_MODULES is not set "
                       . "and $nginx has no jwt_auth built in";
    }

    is(join(' ', grep { /^(jac_|jwt_|ngx_http_jwt_auth_)/
                        && $_ ne 'ngx_http_jwt_auth_module' } @symbols),
       '', 'nginx built with the module exports none of its other symbols');
}

done_testing();
