kt_load main.bin
kt_helper /t/mount/helper
mkdir -p /t/mount/a /t/mount/b
expect_ok /t/mount/helper mount none /t/mount/a tmpfs
expect_output /t/mount/a grep /t/mount/a /proc/mounts
expect_ok /t/mount/helper umount /t/mount/a
expect_denied /t/mount/helper mount none /t/mount/a ramfs
expect_denied /t/mount/helper mount none /t/mount/b tmpfs
mount -t tmpfs none /t/mount/b   # unconfined
expect_denied /t/mount/helper umount /t/mount/b
umount /t/mount/a /t/mount/b 2>/dev/null
true
