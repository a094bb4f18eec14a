kt_load main.bin
kt_helper /t/ptrace/helper /t/ptrace/no/helper
kt_bb /t/ptrace/tracee/sleep /t/ptrace/untraceable/sleep
/t/ptrace/tracee/sleep 30 &
tracee=$!
/t/ptrace/untraceable/sleep 30 &
untraceable=$!
usleep 200000
expect_ok /t/ptrace/helper ptrace $tracee
expect_denied /t/ptrace/helper ptrace $untraceable
expect_denied /t/ptrace/no/helper ptrace $tracee
kill -9 $tracee $untraceable
