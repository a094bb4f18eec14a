# Every profile file of Debian's packaged /etc/apparmor.d, compiled on the
# host one blob per file, loads, and every profile (hats and children too)
# is listed. They are loaded in enforce mode unless they say otherwise.
n=0
for b in blobs/*.bin; do
	kt_write_policy .replace "$b" || kt_fail "loading $b failed"
	n=$((n + 1))
done
echo "loaded $n blobs"
sed 's/ ([a-z]*)$//' $AA/profiles >/tmp/listed
missing=0
while read -r name; do
	grep -q -x -F "$name" /tmp/listed || { echo "not listed: $name"; missing=$((missing + 1)); }
done <expected-names
[ $missing -eq 0 ] || kt_fail "$missing of $(wc -l <expected-names) profiles are not listed"
echo "$(wc -l <expected-names) profiles listed"
