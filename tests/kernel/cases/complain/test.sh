kt_load main.bin
kt_helper /t/complain/helper
kt_file /t/complain/allowed
kt_file /t/complain/unlisted
expect_ok /t/complain/helper read /t/complain/allowed
expect_ok /t/complain/helper read /t/complain/unlisted
expect_ok /t/complain/helper write /t/complain/unlisted changed
expect_output 'kt_complain (complain)' /t/complain/helper current
kt_profile kt_complain complain
