kt_load main.bin
kt_helper /t/file-link/helper
kt_file /t/file-link/target
expect_ok /t/file-link/helper link /t/file-link/target /t/file-link/newlink
expect_ok /t/file-link/helper link /t/file-link/target /t/file-link/rulelink
expect_denied /t/file-link/helper link /t/file-link/target /t/file-link/otherlink
