# .load, .load again (EEXIST), .replace (new rules take effect at once, mode
# changes), .remove, .remove again (ENOENT)
kt_helper /t/lrr/helper
kt_file /t/lrr/a
kt_file /t/lrr/b
kt_write_policy .load v1.bin || kt_fail ".load of a new profile failed"
kt_profile kt_lrr enforce
expect_ok /t/lrr/helper read /t/lrr/a
expect_denied /t/lrr/helper read /t/lrr/b
if kt_write_policy .load v1.bin; then kt_fail ".load of a loaded profile succeeded"; fi
kt_write_policy .replace v2.bin || kt_fail ".replace failed"
kt_profile kt_lrr enforce
expect_ok /t/lrr/helper read /t/lrr/b
kt_write_policy .replace v3.bin || kt_fail ".replace failed"
kt_profile kt_lrr complain
expect_ok /t/lrr/helper read /t/lrr/b
kt_remove kt_lrr || kt_fail ".remove failed"
kt_no_profile kt_lrr
expect_output 'ok current unconfined' /t/lrr/helper current
if kt_remove kt_lrr 2>/dev/null; then kt_fail ".remove of a missing profile succeeded"; fi
