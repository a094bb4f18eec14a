kt_load main.bin
kt_helper /t/net/helper /t/netall/helper
expect_ok /t/net/helper socket inet stream
expect_ok /t/net/helper socket inet6 dgram
expect_ok /t/net/helper socket netlink raw
expect_denied /t/net/helper socket inet dgram
expect_denied /t/net/helper socket inet6 stream
expect_denied /t/net/helper socket packet raw
expect_ok /t/netall/helper socket packet raw
expect_ok /t/netall/helper socket inet6 stream
