kt_load main.bin
kt_helper /t/audit/helper
kt_file /t/audit/watched
kt_file /t/audit/plain
expect_ok /t/audit/helper read /t/audit/watched
expect_ok /t/audit/helper read /t/audit/plain
