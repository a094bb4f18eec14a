kt_load main.bin
kt_helper /t/cache/helper /t/cache/child/helper
for f in readable other kidfile; do kt_file /t/cache/$f; done
expect_ok /t/cache/helper read /t/cache/readable
expect_denied /t/cache/helper read /t/cache/other
expect_output 'ok current kt_cache (enforce)' /t/cache/helper current
expect_output 'ok current kt_cache//kid (enforce)' /t/cache/helper exec /t/cache/child/helper current
expect_ok /t/cache/helper exec /t/cache/child/helper read /t/cache/kidfile
expect_denied /t/cache/helper exec /t/cache/child/helper read /t/cache/readable
kt_profile kt_cache enforce
kt_profile kt_cache//kid enforce
