/* ARM workload for multi-core traces: threads of one process share data on several cores.
 * The main thread maps a shared array and a shared table, starts three threads (small stacks)
 * that each scale and sum their own quarter of the array while reading the whole table, does
 * the same with the first quarter, then joins them.
 *
 * Written so that no thread's own instruction stream depends on timing, which keeps its
 * recorded trace the same run after run: the threads take no locks and never wait for each
 * other; thread t sleeps t * 150 ms before it works, so that no two threads run at once (the C
 * library's atomic counters, updated at thread start and exit, would retry a contended update
 * and add instructions), and the main thread sleeps a second before it joins, so that every
 * thread has exited by then and the join finds it done (no futex wait). It is linked with
 * -z now: with lazy binding, whichever thread first called nanosleep would run the dynamic
 * linker's symbol lookup. */
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <time.h>

#define THREADS 4        /* the main thread and three more */
#define PART 4096        /* words of the array per thread */
#define TABLE 1024       /* words of the shared table */
#define ROUNDS 2

static unsigned *array, *table;
static unsigned long sums[THREADS];

static void sleep_ms(long ms) {
  const struct timespec pause = {ms / 1000, ms % 1000 * 1000 * 1000};
  nanosleep(&pause, NULL);
}

static void *work(void *arg) {
  const unsigned t = (unsigned)(unsigned long)arg;
  if (t > 0)
    sleep_ms(150 * (long)t);
  unsigned *part = array + t * PART;
  unsigned long sum = 0;
  for (unsigned r = 0; r < ROUNDS; r++)
    for (unsigned i = 0; i < PART; i++) {
      part[i] = part[i] * 3u + table[(i * 7u + t) % TABLE];
      sum += part[i];
    }
  sums[t] = sum;
  return NULL;
}

int main(void) {
  array = mmap(NULL, THREADS * PART * sizeof *array, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  table = mmap(NULL, TABLE * sizeof *table, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (array == MAP_FAILED || table == MAP_FAILED)
    return 1;
  for (unsigned i = 0; i < TABLE; i++)
    table[i] = i * 2654435761u;
  for (unsigned i = 0; i < THREADS * PART; i++)
    array[i] = i;
  pthread_attr_t attr;
  pthread_t tid[THREADS];
  if (pthread_attr_init(&attr) != 0 || pthread_attr_setstacksize(&attr, 64 * 1024) != 0)
    return 1;
  for (unsigned t = 1; t < THREADS; t++)
    if (pthread_create(&tid[t], &attr, work, (void *)(unsigned long)t) != 0)
      return 1;
  work(0);
  sleep_ms(1000); /* the threads are done well before */
  unsigned long total = 0;
  for (unsigned t = 0; t < THREADS; t++) {
    if (t > 0 && pthread_join(tid[t], NULL) != 0)
      return 1;
    total += sums[t];
  }
  printf("threads: %lu\n", total);
  return 0;
}
