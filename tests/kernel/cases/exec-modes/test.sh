kt_load main.bin
kt_bb /t/exec/sh
for m in ix px Px cx named cxnamed ux Ux noexec; do kt_helper /t/exec/$m/helper; done
sh_c() { /t/exec/sh -c "$*"; }
expect_output 'ok current kt_exec (enforce)' sh_c /t/exec/ix/helper current
expect_output 'ok current kt_exec_px (enforce)' sh_c /t/exec/px/helper current
expect_output 'ok current kt_exec_Px (enforce)' sh_c /t/exec/Px/helper current
expect_output 'ok current kt_exec///t/exec/cx/helper (enforce)' sh_c /t/exec/cx/helper current
expect_output 'ok current kt_exec_named (enforce)' sh_c /t/exec/named/helper current
expect_output 'ok current kt_exec//kid (enforce)' sh_c /t/exec/cxnamed/helper current
expect_output 'ok current unconfined' sh_c /t/exec/ux/helper current
expect_output 'ok current unconfined' sh_c /t/exec/Ux/helper current
# environment scrubbing: the capital modes set AT_SECURE, libc drops LD_PRELOAD
expect_output 'AT_SECURE=0 LD_PRELOAD=/kt/none' sh_c LD_PRELOAD=/kt/none /t/exec/ix/helper secure
expect_output 'AT_SECURE=0 LD_PRELOAD=/kt/none' sh_c LD_PRELOAD=/kt/none /t/exec/px/helper secure
expect_output 'AT_SECURE=1 LD_PRELOAD=(unset)' sh_c LD_PRELOAD=/kt/none /t/exec/Px/helper secure
expect_output 'AT_SECURE=0 LD_PRELOAD=/kt/none' sh_c LD_PRELOAD=/kt/none /t/exec/ux/helper secure
expect_output 'AT_SECURE=1 LD_PRELOAD=(unset)' sh_c LD_PRELOAD=/kt/none /t/exec/Ux/helper secure
expect_denied sh_c /t/exec/noexec/helper current
kt_profile kt_exec enforce
kt_profile kt_exec///t/exec/cx/helper enforce
kt_profile kt_exec//kid enforce
