kt_load main.bin
kt_helper /t/owner/helper
chmod 755 /t/owner
kt_file /t/owner/mine data 644 1000
kt_file /t/owner/roots data 644 0
kt_file /t/owner/shared data 644 0
# the unconfined helper drops to uid 1000, then executes the confined one
expect_ok /kt/bin/kthelper asuser 1000 /t/owner/helper read /t/owner/mine
expect_denied /kt/bin/kthelper asuser 1000 /t/owner/helper read /t/owner/roots
expect_ok /kt/bin/kthelper asuser 1000 /t/owner/helper read /t/owner/shared
# root does not own 'mine'
expect_denied /t/owner/helper read /t/owner/mine
