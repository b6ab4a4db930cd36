#!/usr/bin/perl
# Classify each bounce file named on the command line with Sisimai (Debian's libsisimai-perl), one JSON line per
# bounced recipient: {"file","recipient","reason","softbounce","status"}. The corpus test compares our parser with it.
use strict;
use warnings;
use Sisimai;
use JSON::PP;

my $json = JSON::PP->new->canonical(1);
for my $file (@ARGV) {
    my $results = Sisimai->make($file, delivered => 0) || [];
    for my $r (@$results) {
        print $json->encode({
            file       => $file,
            recipient  => lc($r->recipient->address),
            reason     => $r->reason,
            softbounce => $r->softbounce + 0,
            status     => $r->deliverystatus // '',
        }), "\n";
    }
}
