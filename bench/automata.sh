#!/usr/bin/env bash
# automata.sh: DFA construction, src/automata vs apparmor_parser, on the same
# rules, in one run.
#
# Usage: bench/automata.sh [PROFILE...]
#   PROFILE   names of profiles in POLICY_DIR (default: the N slowest for
#             Debian's parser, from tests/differential/reference-abi3.txt)
#   POLICY_DIR  default ../shared/corpus/apparmor.d-abi3
#   N           how many of the slowest (default 20)
#   FEATURES    default /usr/share/apparmor-features/features
#   REPLAY      our driver (default build/bench/aut_replay)
#
# For each profile:
#   1. Debian's parser compiles it (-QKS, output discarded), timed with GNU
#      time: wall, CPU and peak RSS of the real compile;
#   2. a second, untimed run dumps the rules exactly as its lowering fed them
#      to its DFA builder (-D rule-exprs -D dfa-stats);
#   3. aut_replay rebuilds every one of those DFAs with src/automata, timed
#      the same way, and checks the minimal state counts against upstream's.
# Debian's figure includes its front end and binary writer, which are a small
# part of these profiles' cost; ours is DFA construction, minimization and
# packing (-p) only, single-threaded.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
POLICY_DIR=${POLICY_DIR:-$ROOT/../shared/corpus/apparmor.d-abi3}
N=${N:-20}
FEATURES=${FEATURES:-/usr/share/apparmor-features/features}
REPLAY=${REPLAY:-$ROOT/build/bench/aut_replay}
REFERENCE=${REFERENCE:-/usr/sbin/apparmor_parser}
TIME=/usr/bin/time

die() { echo "automata.sh: $*" >&2; exit 2; }
[[ -x $TIME ]] || die "GNU time not found (package 'time')"
[[ -x $REPLAY ]] || die "$REPLAY not found (ninja -C build)"
[[ -x $REFERENCE ]] || die "$REFERENCE not found (package 'apparmor')"
[[ -d $POLICY_DIR ]] || die "$POLICY_DIR not found"

if (($# == 0)); then
	ref=$ROOT/tests/differential/reference-abi3.txt
	[[ -r $ref ]] || die "$ref not found: name the profiles"
	mapfile -t profiles < <(grep -v '^#' "$ref" | awk '$1 == "accept"' | sort -k2,2 -g -r |
		head -n "$N" | awk '{ print $3 }')
else
	profiles=("$@")
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=(--config-file=/dev/null -Q -K -S -M "$FEATURES" -b "$POLICY_DIR")

printf '%-28s %6s %7s | %9s %9s %8s | %9s %9s %8s | %6s %6s\n' profile dfas states \
	deb_wall deb_cpu deb_MB ours_wall ours_cpu ours_MB t_rat m_rat
tot_dw=0 tot_ow=0 max_dm=0 max_om=0 bad=0
for p in "${profiles[@]}"; do
	(cd "$POLICY_DIR" && $TIME -f '%e %U %S %M' -o "$tmp/deb.time" \
		"$REFERENCE" "${args[@]}" "$p" >/dev/null 2>&1) || true
	(cd "$POLICY_DIR" && "$REFERENCE" "${args[@]}" -D rule-exprs -D dfa-stats "$p" \
		>/dev/null 2>"$tmp/dump") || true
	$TIME -f '%e %U %S %M' -o "$tmp/ours.time" "$REPLAY" -p "$tmp/dump" >"$tmp/replay" 2>&1 || true
	read -r dw du ds dm < <(tail -n 1 "$tmp/deb.time")
	read -r ow ou os om < <(tail -n 1 "$tmp/ours.time")
	summary=$(grep '^dfas ' "$tmp/replay" || echo "dfas ? rules ? agree ? mismatch ? failed ?")
	dfas=$(awk '{ print $2 }' <<<"$summary")
	mism=$(awk '{ print $8 + $10 }' <<<"$summary")
	largest=$(awk '/^largest/ { print $2 }' "$tmp/replay")
	[[ $mism == 0 ]] || bad=$((bad + 1))
	awk -v p="$p" -v d="$dfas" -v s="${largest:-?}" -v dw="$dw" -v dc="$(awk -v a="$du" -v b="$ds" 'BEGIN { print a + b }')" \
		-v dm="$dm" -v ow="$ow" -v oc="$(awk -v a="$ou" -v b="$os" 'BEGIN { print a + b }')" -v om="$om" -v mm="$mism" \
		'BEGIN { printf "%-28s %6s %7s | %9.2f %9.2f %8.1f | %9.2f %9.2f %8.1f | %6.3f %6.2f%s\n",
			p, d, s, dw, dc, dm / 1024, ow, oc, om / 1024,
			(dw > 0 ? ow / dw : 0), (dm > 0 ? om / dm : 0), (mm > 0 ? "  STATE COUNT MISMATCH" : "") }'
	tot_dw=$(awk -v a="$tot_dw" -v b="$dw" 'BEGIN { print a + b }')
	tot_ow=$(awk -v a="$tot_ow" -v b="$ow" 'BEGIN { print a + b }')
	max_dm=$(awk -v a="$max_dm" -v b="$dm" 'BEGIN { print (b > a ? b : a) }')
	max_om=$(awk -v a="$max_om" -v b="$om" 'BEGIN { print (b > a ? b : a) }')
done
awk -v dw="$tot_dw" -v ow="$tot_ow" -v dm="$max_dm" -v om="$max_om" -v n="${#profiles[@]}" -v bad="$bad" \
	'BEGIN { printf "total %d profiles: debian %.1f s, ours %.1f s, time ratio %.3f; peak RSS debian %.1f MB, ours %.1f MB, ratio %.2f; profiles with state-count mismatches: %d\n",
		n, dw, ow, (dw > 0 ? ow / dw : 0), dm / 1024, om / 1024, (dm > 0 ? om / dm : 0), bad }'
