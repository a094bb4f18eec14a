kt_load main.bin
kt_helper /t/file-rw/helper
kt_bb /t/file-rw/cat
for f in readable writable appendonly; do kt_file /t/file-rw/$f; done
mkdir -p /t/file-rw/newdir
expect_ok /t/file-rw/helper read /t/file-rw/readable
expect_denied /t/file-rw/helper read /t/file-rw/writable
expect_ok /t/file-rw/helper write /t/file-rw/writable hello
expect_denied /t/file-rw/helper write /t/file-rw/readable hello
# 'a' allows opening for append (O_WRONLY|O_APPEND), not truncating writes;
# 'w' implies 'a'
expect_ok /t/file-rw/helper openappend /t/file-rw/appendonly
expect_ok /t/file-rw/helper append /t/file-rw/writable more
expect_denied /t/file-rw/helper write /t/file-rw/appendonly truncating
expect_denied /t/file-rw/helper create /t/file-rw/newdir/new
# a busybox applet at a confined path
expect_output data /t/file-rw/cat /t/file-rw/readable
expect_denied /t/file-rw/cat /t/file-rw/writable
kt_profile kt_file_rw enforce
