/* Test program: starts one thread, which does nothing, and joins it. */
#include <pthread.h>
#include <stdio.h>

static void *work(void *arg) { return arg; }

int main(void) {
  pthread_t t;
  if (pthread_create(&t, NULL, work, NULL) != 0)
    return 1;
  pthread_join(t, NULL);
  puts("thread: joined");
  return 0;
}
