/*
 * batch: compiling many policy files in one process, on worker threads.
 *
 * Owns the work queue and the threads. The caller (one thread) resolves
 * files with the front end and submits each model; workers compile models
 * in parallel (DFA construction is the expensive part and independent per
 * profile). Each job gets its own collecting diagnostics engine so that
 * error counts seen by the front end are never disturbed by another
 * thread; results (units and diagnostics) are read back in submission
 * order once the batch is finished, so output does not depend on timing.
 * With jobs <= 1 everything runs in the caller's thread at submit time.
 */
#ifndef CONFINE_COMPILE_BATCH_H
#define CONFINE_COMPILE_BATCH_H

#include "compile/compile.h"

struct compile_batch;

struct compile_batch *compile_batch_new(const struct compile_options *opts, unsigned jobs,
					const struct diag_engine *diag_settings);
/*
 * Takes ownership of pol, a heap-allocated model (freed with free() once
 * compiled: the model must not move, its variable expander points into it);
 * returns the job index.
 */
size_t compile_batch_submit(struct compile_batch *b, struct policy *pol);
/*
 * A job whose result is already known (a cache hit): takes the units
 * (units is left empty), done at once, drained in order with the others.
 */
size_t compile_batch_submit_done(struct compile_batch *b, struct strbuf *units);
/* Wait for every job. */
void compile_batch_finish(struct compile_batch *b);
/* Wait for job i / is it done (without waiting)? */
void compile_batch_wait(struct compile_batch *b, size_t i);
bool compile_batch_done(struct compile_batch *b, size_t i);
/* Free job i's units and diagnostics once the caller has used them. */
void compile_batch_release(struct compile_batch *b, size_t i);
size_t compile_batch_count(const struct compile_batch *b);
/* Once job i is done: its units (empty on error), diagnostics, and status. */
const struct strbuf *compile_batch_units(const struct compile_batch *b, size_t i);
const struct diag_engine *compile_batch_diag(const struct compile_batch *b, size_t i);
int compile_batch_status(const struct compile_batch *b, size_t i);
void compile_batch_free(struct compile_batch *b);

#endif
