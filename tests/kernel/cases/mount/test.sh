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

# kt_mount2 (more.profile): one rule per kind of mount the kernel checks
kt_load more.bin
H=/t/mount/h2
kt_helper $H
mkdir -p /t/mount/src /t/mount/other /t/mount/bind /t/mount/rm /t/mount/m1 /t/mount/m2 /t/mount/m3 \
	/t/mount/p /t/mount/o /t/mount/au /t/mount/q /t/mount/ad /t/mount/pr
# bind (MS_BIND 0x1000): the source and mount point named, not MS_REC
expect_ok $H mountf /t/mount/src /t/mount/bind - 0x1000
umount /t/mount/bind
expect_denied $H mountf /t/mount/other /t/mount/bind - 0x1000
expect_denied $H mountf /t/mount/src /t/mount/bind - 0x5000
# remount: MS_REMOUNT|MS_RDONLY exactly
mount -t tmpfs none /t/mount/rm
expect_ok $H mountf - /t/mount/rm - 0x21
expect_denied $H mountf - /t/mount/rm - 0x20
expect_denied $H mountf - /t/mount/rm - 0x23
umount /t/mount/rm
# move (MS_MOVE 0x2000): only to /t/mount/m2/
mount -t tmpfs none /t/mount/m1
expect_denied $H mountf /t/mount/m1 /t/mount/m3 - 0x2000
expect_ok $H mountf /t/mount/m1 /t/mount/m2 - 0x2000
umount /t/mount/m2
# propagation change: MS_PRIVATE 0x40000, not MS_SHARED, not recursive
mount -t tmpfs none /t/mount/p
expect_ok $H mountf - /t/mount/p - 0x40000
expect_denied $H mountf - /t/mount/p - 0x100000
expect_denied $H mountf - /t/mount/p - 0x44000
umount /t/mount/p
# new mount, options in (ro, nosuid): each may or may not be set, nothing else
expect_ok $H mountf none /t/mount/o tmpfs 0
umount /t/mount/o
expect_ok $H mountf none /t/mount/o tmpfs 3
umount /t/mount/o
expect_ok $H mountf none /t/mount/o tmpfs 2
umount /t/mount/o
expect_denied $H mountf none /t/mount/o tmpfs 4
expect_denied $H mountf none /t/mount/o ramfs 0
# audit: allowed and logged
expect_ok $H mountf none /t/mount/au ramfs 0
umount /t/mount/au
# deny umount: refused without a record; audit deny: refused with one
mount -t tmpfs none /t/mount/q
expect_denied $H umount /t/mount/q
umount /t/mount/q
expect_denied $H mountf none /t/mount/ad tmpfs 0
# pivot_root: allowed for these roots (then EINVAL: the root is rootfs)
mount -t tmpfs none /t/mount/pr
mkdir -p /t/mount/pr/old /t/mount/pr/bad
expect_fail EINVAL $H pivot_root /t/mount/pr /t/mount/pr/old
expect_denied $H pivot_root /t/mount/pr /t/mount/pr/bad
umount /t/mount/pr
true
