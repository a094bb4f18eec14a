kt_load main.bin
kt_helper /t/signal/helper
kt_bb /t/signal/target/sleep /t/signal/deaf/sleep
/t/signal/target/sleep 30 &
target=$!
/t/signal/deaf/sleep 30 &
deaf=$!
usleep 200000
expect_output 'kt_sig_target (enforce)' cat /proc/$target/attr/current
expect_denied /t/signal/helper kill $target 10     # usr1: not in the sender's set
expect_denied /t/signal/helper kill $deaf 15       # the target does not receive
expect_ok /t/signal/helper kill $target 15
wait $target
[ $? -eq 143 ] || kt_fail "the target did not die of SIGTERM"
kill -9 $deaf
