kt_load main.bin
kt_helper /t/file-lock/helper
kt_file /t/file-lock/lockable
kt_file /t/file-lock/plain
expect_ok /t/file-lock/helper lock /t/file-lock/lockable
expect_denied /t/file-lock/helper lock /t/file-lock/plain
