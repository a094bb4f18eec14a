kt_load main.bin
# tmpfs keeps trusted.* xattrs; a copy of the helper (a link cannot cross filesystems)
mkdir -p /t/xattr && mount -t tmpfs tmpfs /t/xattr
for f in a1 a2 a3 b1 b2 b3; do cp /kt/bin/kthelper /t/xattr/$f; done
H=/kt/bin/kthelper
expect_ok $H setxattr /t/xattr/a1 trusted.kt yes
expect_ok $H setxattr /t/xattr/a3 trusted.kt no
expect_ok $H setxattr /t/xattr/b1 trusted.kt v12
expect_ok $H setxattr /t/xattr/b1 trusted.k2 z
expect_ok $H setxattr /t/xattr/b2 trusted.kt v12
expect_ok $H setxattr /t/xattr/b3 trusted.kt x1
expect_ok $H setxattr /t/xattr/b3 trusted.k2 z
expect_output 'ok current kt_xattr (enforce)' /t/xattr/a1 current
expect_output 'ok current unconfined' /t/xattr/a2 current
expect_output 'ok current unconfined' /t/xattr/a3 current
expect_output 'ok current kt_xattr_glob (enforce)' /t/xattr/b1 current
expect_output 'ok current unconfined' /t/xattr/b2 current
expect_output 'ok current unconfined' /t/xattr/b3 current
umount /t/xattr
kt_profile kt_xattr enforce
kt_profile kt_xattr_glob enforce
