kt_load main.bin
kt_helper /t/glob/a/helper /t/glob/a/b/c/helper /t/glob/special/helper /t/glob2/x/helper /t/glob2/x/y/helper /t/other/helper
expect_output 'ok current kt_glob (enforce)' /t/glob/a/helper current
expect_output 'ok current kt_glob (enforce)' /t/glob/a/b/c/helper current
expect_output 'ok current kt_glob_special (enforce)' /t/glob/special/helper current
expect_output 'ok current /t/glob2/*/helper (enforce)' /t/glob2/x/helper current
expect_output 'ok current unconfined' /t/glob2/x/y/helper current
expect_output 'ok current unconfined' /t/other/helper current
kt_profile '/t/glob2/*/helper' enforce
