kt_load main.bin
kt_helper /t/hats/helper
kt_file /t/hats/inside
kt_file /t/hats/outside
expect_output 'in-hat kt_hats//inner (enforce) read=ok' /t/hats/helper hat inner /t/hats/inside
echo "$KT_OUT" | grep -q 'out-of-hat kt_hats (enforce) read=EACCES' || kt_fail "back in the parent, /t/hats/inside must be denied"
expect_output 'in-hat kt_hats//inner (enforce) read=EACCES' /t/hats/helper hat inner /t/hats/outside
echo "$KT_OUT" | grep -q 'out-of-hat kt_hats (enforce) read=ok' || kt_fail "back in the parent, /t/hats/outside must be allowed"
expect_fail ENOENT /t/hats/helper hat nosuchhat /t/hats/inside
kt_profile kt_hats//inner enforce
