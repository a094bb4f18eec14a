kt_load main.bin
kt_helper /t/cap/helper /t/nocap/helper
kt_file /t/cap/file
kt_file /t/nocap/file
expect_ok /t/cap/helper chown /t/cap/file 1000 1000
expect_denied /t/nocap/helper chown /t/nocap/file 1000 1000
expect_ok /t/cap/helper mknod /t/cap/node
expect_denied /t/nocap/helper mknod /t/nocap/node
