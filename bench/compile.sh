#!/usr/bin/env bash
# compile.sh: cold compile of whole policy trees and of the slowest single
# profiles, confine vs Debian's apparmor_parser 3.0.8, side by side in one
# run, same features and the same job count. Reports wall time, CPU time and
# peak RSS of both and the ratios ours/Debian (below 1: we are better).
#
# Usage: bench/compile.sh [etc] [corpus] [slowest]      (default: etc slowest)
#   etc      every file of /etc/apparmor.d (base /etc/apparmor.d)
#   corpus   every top-level file of POLICY_DIR (Debian's parser needs
#            about 5 minutes for the 1,619 files on 2 cores)
#   slowest  the N slowest single corpus profiles for Debian's parser (from
#            tests/differential/reference-abi3.txt), one at a time
# Environment:
#   CONFINE     our binary (default build/cli/confine)
#   REFERENCE   default /usr/sbin/apparmor_parser
#   FEATURES    default tests/differential/features-debian-6.1 (the Debian 6.1
#               kernel's own features)
#   POLICY_DIR  default ../shared/corpus/apparmor.d-abi3
#   JOBS        -j for both (default: number of CPUs)
#   N           how many slowest profiles (default 10)
# Both compile to a binary policy written to /dev/null (-Q -S), caches off
# (--config-file=/dev/null: no parser.conf, so no cache options).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONFINE=${CONFINE:-$ROOT/build/cli/confine}
REFERENCE=${REFERENCE:-/usr/sbin/apparmor_parser}
FEATURES=${FEATURES:-$ROOT/tests/differential/features-debian-6.1}
POLICY_DIR=${POLICY_DIR:-$ROOT/../shared/corpus/apparmor.d-abi3}
JOBS=${JOBS:-$(nproc)}
N=${N:-10}
TIME=/usr/bin/time

die() { echo "compile.sh: $*" >&2; exit 2; }
[[ -x $TIME ]] || die "GNU time not found (package 'time')"
[[ -x $CONFINE ]] || die "$CONFINE not found (ninja -C build)"
[[ -x $REFERENCE ]] || die "$REFERENCE not found (package 'apparmor')"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ln -s "$CONFINE" "$tmp/apparmor_parser"
OURS=$tmp/apparmor_parser

# measure NAME BASE FILE... : one line with both compilers
measure() {
	local name=$1 base=$2
	shift 2
	local args=(--config-file=/dev/null -Q -S -M "$FEATURES" -j "$JOBS" -b "$base")
	(cd "$base" && $TIME -f '%e %U %S %M' -o "$tmp/deb.time" "$REFERENCE" "${args[@]}" "$@" \
		>/dev/null 2>"$tmp/deb.err") || echo "# $name: Debian's parser failed (status $?)" >&2
	(cd "$base" && $TIME -f '%e %U %S %M' -o "$tmp/ours.time" "$OURS" "${args[@]}" "$@" \
		>/dev/null 2>"$tmp/ours.err") || echo "# $name: confine failed (status $?): $(grep -m1 error "$tmp/ours.err")" >&2
	read -r dw du ds dm < <(tail -n 1 "$tmp/deb.time")
	read -r ow ou os om < <(tail -n 1 "$tmp/ours.time")
	awk -v n="$name" -v dw="$dw" -v dc="$(awk -v a="$du" -v b="$ds" 'BEGIN { print a + b }')" -v dm="$dm" \
		-v ow="$ow" -v oc="$(awk -v a="$ou" -v b="$os" 'BEGIN { print a + b }')" -v om="$om" \
		'BEGIN { printf "%-30s | %8.2f %8.2f %8.1f | %8.2f %8.2f %8.1f | %6.3f %6.3f %6.2f\n",
			n, dw, dc, dm / 1024, ow, oc, om / 1024,
			(dw > 0 ? ow / dw : 0), (dc > 0 ? oc / dc : 0), (dm > 0 ? om / dm : 0) }'
}

header() {
	printf '%-30s | %8s %8s %8s | %8s %8s %8s | %6s %6s %6s\n' what deb_wall deb_cpu deb_MB \
		ours_wall ours_cpu ours_MB wall cpu mem
}

sets=("$@")
((${#sets[@]})) || sets=(etc slowest)
echo "# features $(basename "$FEATURES"), -j $JOBS, $(nproc) CPUs; ratios are ours/Debian"
header
for s in "${sets[@]}"; do
	case $s in
	etc)
		mapfile -t files < <(find /etc/apparmor.d -maxdepth 1 -type f ! -name '.*' | sort)
		measure "etc ($(( ${#files[@]} )) files)" /etc/apparmor.d "${files[@]}"
		;;
	corpus)
		[[ -d $POLICY_DIR ]] || die "$POLICY_DIR not found"
		mapfile -t files < <(cd "$POLICY_DIR" && find . -maxdepth 1 -type f ! -name '.*' | sed 's|^\./||' | sort)
		measure "corpus (${#files[@]} files)" "$POLICY_DIR" "${files[@]}"
		;;
	slowest)
		ref=$ROOT/tests/differential/reference-abi3.txt
		[[ -r $ref ]] || die "$ref not found"
		mapfile -t slow < <(grep -v '^#' "$ref" | awk '$1 == "accept"' | sort -k2,2 -g -r |
			head -n "$N" | awk '{ print $3 }')
		for p in "${slow[@]}"; do
			measure "$p" "$POLICY_DIR" "$p"
		done
		;;
	*) die "unknown set '$s' (etc, corpus, slowest)" ;;
	esac
done
