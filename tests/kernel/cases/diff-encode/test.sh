kt_load main.bin
kt_helper /t/diff/helper
for f in a/f b/g/h lib/libx.so.1 lib/x.txt share/y/q share/w/q d/f home/u/.config/app/f home/u/.cache/app/g home/u/.config/other; do
	kt_file /t/diff/$f
done
expect_ok /t/diff/helper read /t/diff/a/f
expect_ok /t/diff/helper read /t/diff/b/g/h
expect_ok /t/diff/helper read /t/diff/lib/libx.so.1
expect_ok /t/diff/helper read /t/diff/share/y/q
expect_ok /t/diff/helper write /t/diff/home/u/.config/app/f x
expect_ok /t/diff/helper write /t/diff/home/u/.cache/app/g x
expect_denied /t/diff/helper read /t/diff/d/f
expect_denied /t/diff/helper read /t/diff/lib/x.txt
expect_denied /t/diff/helper read /t/diff/share/w/q
expect_denied /t/diff/helper write /t/diff/a/f x
expect_denied /t/diff/helper read /t/diff/home/u/.config/other
expect_output 'ok current kt_diff (enforce)' /t/diff/helper current
kt_profile kt_diff enforce
