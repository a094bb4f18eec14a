/*
 * test.h: the minimal unit-test harness of confine's C tests.
 *
 * Each test binary defines test functions and calls them through RUN() from
 * main(); results are printed as TAP ("ok N - name" / "not ok N - name"), which
 * meson's 'tap' protocol and tests/run-tests read. A test function fails when
 * any CHECK in it fails; CHECK never aborts the test binary.
 */
#ifndef CONFINE_TEST_H
#define CONFINE_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_failed_;
static int test_count_;
static int test_failures_;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stdout, "#   %s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
		test_failed_ = 1; \
	} \
} while (0)

#define CHECK_STREQ(a, b) do { \
	const char *check_a_ = (a), *check_b_ = (b); \
	if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) { \
		fprintf(stdout, "#   %s:%d: CHECK_STREQ failed: %s == %s\n#     got:      \"%s\"\n#     expected: \"%s\"\n", \
			__FILE__, __LINE__, #a, #b, check_a_ ? check_a_ : "(null)", \
			check_b_ ? check_b_ : "(null)"); \
		test_failed_ = 1; \
	} \
} while (0)

#define CHECK_INTEQ(a, b) do { \
	long long check_a_ = (long long)(a), check_b_ = (long long)(b); \
	if (check_a_ != check_b_) { \
		fprintf(stdout, "#   %s:%d: CHECK_INTEQ failed: %s == %s (%lld != %lld)\n", \
			__FILE__, __LINE__, #a, #b, check_a_, check_b_); \
		test_failed_ = 1; \
	} \
} while (0)

static inline void test_run_(const char *name, void (*fn)(void))
{
	test_failed_ = 0;
	fn();
	test_count_++;
	if (test_failed_)
		test_failures_++;
	printf("%s %d - %s\n", test_failed_ ? "not ok" : "ok", test_count_, name);
	fflush(stdout);
}

#define RUN(fn) test_run_(#fn, fn)

static inline int test_done_(void)
{
	printf("1..%d\n", test_count_);
	return test_failures_ ? 1 : 0;
}

#define TEST_DONE() test_done_()

#endif
