/* batch: see batch.h. */
#include "compile/batch.h"
#include "support/xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct job {
	struct policy *pol;
	struct strbuf units;
	struct diag_engine diag;
	int status;
	bool done;
};

struct compile_batch {
	struct compile_options opts;
	const struct diag_engine *settings;
	unsigned nthreads;
	pthread_t *threads;
	pthread_mutex_t lock;
	pthread_cond_t work, idle;
	struct job **jobs;
	size_t njobs, cap, next;   /* next: first job not taken yet */
	size_t completed;
	bool closing;
};

static void run_job(struct compile_batch *b, struct job *j)
{
	j->status = compile_policy(j->pol, &b->opts, &j->diag, &j->units);
	policy_free_arrays(j->pol);
	free(j->pol);
	j->pol = NULL;
}

static void *worker(void *arg)
{
	struct compile_batch *b = arg;
	pthread_mutex_lock(&b->lock);
	for (;;) {
		while (b->next == b->njobs && !b->closing)
			pthread_cond_wait(&b->work, &b->lock);
		if (b->next == b->njobs && b->closing)
			break;
		struct job *j = b->jobs[b->next++];
		if (j->done)
			continue;   /* came with its result (compile_batch_submit_done) */
		pthread_mutex_unlock(&b->lock);
		run_job(b, j);
		pthread_mutex_lock(&b->lock);
		j->done = true;
		b->completed++;
		pthread_cond_broadcast(&b->idle);
	}
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

struct compile_batch *compile_batch_new(const struct compile_options *opts, unsigned jobs,
					const struct diag_engine *diag_settings)
{
	struct compile_batch *b = xcalloc(1, sizeof(*b));
	b->opts = *opts;
	b->settings = diag_settings;
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->work, NULL);
	pthread_cond_init(&b->idle, NULL);
	if (jobs > 1) {
		b->threads = xcalloc(jobs, sizeof(*b->threads));
		for (unsigned i = 0; i < jobs; i++) {
			if (pthread_create(&b->threads[i], NULL, worker, b) != 0)
				break;      /* fewer threads (at worst none: submit runs inline) */
			b->nthreads++;
		}
	}
	return b;
}

static struct job *job_new(struct compile_batch *b)
{
	struct job *j = xcalloc(1, sizeof(*j));
	strbuf_init(&j->units);
	diag_init_collector(&j->diag, b->settings);
	return j;
}

/* Append j to the queue (the lock held); its index. */
static size_t append_job(struct compile_batch *b, struct job *j)
{
	if (b->njobs == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->jobs = xreallocarray(b->jobs, b->cap, sizeof(*b->jobs));
	}
	b->jobs[b->njobs] = j;
	return b->njobs++;
}

size_t compile_batch_submit(struct compile_batch *b, struct policy *pol)
{
	struct job *j = job_new(b);
	j->pol = pol;
	pthread_mutex_lock(&b->lock);
	/* back-pressure: parsed models wait in memory only a few at a time */
	while (b->nthreads && b->njobs - b->completed >= 2 * (size_t)b->nthreads)
		pthread_cond_wait(&b->idle, &b->lock);
	size_t idx = append_job(b, j);
	if (!b->nthreads) {
		b->next++;
		pthread_mutex_unlock(&b->lock);
		run_job(b, j);
		j->done = true;
		b->completed++;
		return idx;
	}
	pthread_cond_signal(&b->work);
	pthread_mutex_unlock(&b->lock);
	return idx;
}

size_t compile_batch_submit_done(struct compile_batch *b, struct strbuf *units)
{
	struct job *j = job_new(b);
	strbuf_release(&j->units);
	j->units = *units;
	strbuf_init(units);
	j->done = true;
	pthread_mutex_lock(&b->lock);
	size_t idx = append_job(b, j);
	b->completed++;
	if (!b->nthreads)
		b->next++;
	else
		pthread_cond_signal(&b->work);
	pthread_mutex_unlock(&b->lock);
	return idx;
}

void compile_batch_finish(struct compile_batch *b)
{
	pthread_mutex_lock(&b->lock);
	b->closing = true;
	pthread_cond_broadcast(&b->work);
	pthread_mutex_unlock(&b->lock);
	for (unsigned i = 0; i < b->nthreads; i++)
		pthread_join(b->threads[i], NULL);
	b->nthreads = 0;
}

void compile_batch_wait(struct compile_batch *b, size_t i)
{
	pthread_mutex_lock(&b->lock);
	while (!b->jobs[i]->done)
		pthread_cond_wait(&b->idle, &b->lock);
	pthread_mutex_unlock(&b->lock);
}

bool compile_batch_done(struct compile_batch *b, size_t i)
{
	pthread_mutex_lock(&b->lock);
	bool d = b->jobs[i]->done;
	pthread_mutex_unlock(&b->lock);
	return d;
}

void compile_batch_release(struct compile_batch *b, size_t i)
{
	struct job *j = b->jobs[i];
	strbuf_release(&j->units);
	diag_destroy(&j->diag);
	diag_init_collector(&j->diag, b->settings);
}

size_t compile_batch_count(const struct compile_batch *b)
{
	return b->njobs;
}

const struct strbuf *compile_batch_units(const struct compile_batch *b, size_t i)
{
	return &b->jobs[i]->units;
}

const struct diag_engine *compile_batch_diag(const struct compile_batch *b, size_t i)
{
	return &b->jobs[i]->diag;
}

int compile_batch_status(const struct compile_batch *b, size_t i)
{
	return b->jobs[i]->status;
}

void compile_batch_free(struct compile_batch *b)
{
	if (!b)
		return;
	compile_batch_finish(b);
	for (size_t i = 0; i < b->njobs; i++) {
		struct job *j = b->jobs[i];
		if (j->pol) {
			policy_free_arrays(j->pol);
			free(j->pol);
		}
		strbuf_release(&j->units);
		diag_destroy(&j->diag);
		free(j);
	}
	free(b->jobs);
	free(b->threads);
	pthread_mutex_destroy(&b->lock);
	pthread_cond_destroy(&b->work);
	pthread_cond_destroy(&b->idle);
	free(b);
}
