kt_load main.bin
kt_helper /t/unix/helper /t/unixrule/helper /t/nounix/helper
expect_ok /t/unix/helper socket unix stream
expect_denied /t/unix/helper socket unix dgram
expect_ok /t/unixrule/helper socket unix dgram
expect_denied /t/unixrule/helper socket unix stream
expect_denied /t/unixrule/helper socket inet stream
expect_denied /t/nounix/helper socket unix stream
