kt_load main.bin
kt_helper /t/deny/helper
for f in open secret loud; do kt_file /t/deny/$f; done
expect_ok /t/deny/helper read /t/deny/open
expect_denied /t/deny/helper read /t/deny/secret
expect_ok /t/deny/helper write /t/deny/secret overwritten
expect_denied /t/deny/helper write /t/deny/loud hello
expect_ok /t/deny/helper read /t/deny/loud
