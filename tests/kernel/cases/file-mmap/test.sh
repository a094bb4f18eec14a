kt_load main.bin
kt_helper /t/file-mmap/helper
kt_file /t/file-mmap/lib
kt_file /t/file-mmap/data
expect_ok /t/file-mmap/helper mmapexec /t/file-mmap/lib
expect_denied /t/file-mmap/helper mmapexec /t/file-mmap/data
expect_ok /t/file-mmap/helper read /t/file-mmap/data
