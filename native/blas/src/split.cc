// Two cores for the element-wise kernels: a loop over n elements runs its upper half on
// OpenBLAS's worker thread while the calling thread does the lower half.
//
// Between products that worker spins (OpenBLAS keeps it awake for about 2^28 cycles after each
// multi-threaded product), so during training the second core is idle exactly while a training
// step runs its element-wise kernels: measured here, a third of the Fashion GAN's step and 40 % of
// the conv AE's. A thread of our own would compete with that spinning thread for the core; OpenBLAS's
// exec_blas hands the worker a job instead, which it starts within a microsecond.
//
// exec_blas and its queue entry (blas_queue_t, common_thread.h) are OpenBLAS internals, exported
// from libopenblas but not declared in its headers. The entry's layout has been the same through
// the 0.3 series (checked in 0.3.21's exec_blas: args at 0x18, next at 0x40, mode at 0xa0), so
// the split runs only with OpenBLAS 0.3.x on 64-bit Linux, with two or more BLAS threads for this
// trainer, and falls back to one thread everywhere else (Accelerate, other builds, sweeps that
// share the cores). Halves of an element-wise loop write disjoint outputs with the same
// operations, so the result is the same bits either way. LATENT_LAB_BLAS_SPLIT=0 turns it off.
#include "common.h"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>

#if defined(LL_OPENBLAS) && defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__))
#include <cblas.h>
#include <pthread.h>
#define LL_SPLIT_BLAS 1
#endif

namespace latent_lab {

#ifdef LL_SPLIT_BLAS
namespace {

// OpenBLAS's blas_queue_t on 64-bit Linux (common_thread.h), up to the fields exec_blas reads and
// writes; the tail leaves room for builds with CONSISTENT_FPCSR (two more ints).
struct BlasQueue {
  void* routine;
  long position;
  long assigned;
  void* args;
  void* rangeM;
  void* rangeN;
  void* sa;
  void* sb;
  BlasQueue* next;
  pthread_mutex_t lock;
  pthread_cond_t finished;
  int mode;
  int status;
  unsigned tail[16];
};
static_assert(offsetof(BlasQueue, args) == 0x18 && offsetof(BlasQueue, next) == 0x40 && offsetof(BlasQueue, mode) == 0xa0,
              "blas_queue_t layout");

// BLAS_PTHREAD: exec_blas calls routine(args) (a pthread-style job), on the caller for the first
// entry and on a worker thread for the next.
constexpr int kBlasPthread = 0x4000;

extern "C" int exec_blas(long num, BlasQueue* queue) __attribute__((weak));
// How many threads OpenBLAS has (itself included): with one (OPENBLAS_NUM_THREADS=1, one core)
// there is no worker, and exec_blas would wait for a job nobody runs.
extern "C" int blas_num_threads __attribute__((weak));

struct Job {
  RangeFn fn;
  const void* ctx;
  size_t begin;
  size_t end;
};

void RunJob(void* arg) {
  const Job* job = static_cast<const Job*>(arg);
  FlushDenormals scope;  // the worker's control register as the caller's (see common.h)
  job->fn(job->ctx, job->begin, job->end);
}

bool LibrarySupportsSplit() {
  static const bool ok = [] {
    const char* off = std::getenv("LATENT_LAB_BLAS_SPLIT");
    if (off != nullptr && std::strcmp(off, "0") == 0) return false;
    if (exec_blas == nullptr || &blas_num_threads == nullptr) return false;
    const char* config = openblas_get_config();
    return config != nullptr && std::string(config).rfind("OpenBLAS 0.3.", 0) == 0;
  }();
  return ok;
}

}  // namespace
#endif

namespace {
// When a product last ran on more than one thread (steady clock, ns). OpenBLAS's worker spins for
// ~2^28 cycles after one (about 0.1 s), sleeps after that, and waking it takes tens of
// microseconds: measured here, splitting while no product used it (the dense AE at batch 128,
// whose products all run on one thread) made the step 10-15 % slower. So a loop splits only
// within kAwakeNs of a multi-threaded product, while the worker is surely awake.
std::atomic<int64_t> lastParallelProduct{-(int64_t{1} << 62)};
constexpr int64_t kAwakeNs = 10'000'000;

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

void NoteParallelProduct() { lastParallelProduct.store(NowNs(), std::memory_order_relaxed); }

std::atomic<int> splitMode{kSplitAuto};

void SetSplitMode(int mode) { splitMode.store(mode, std::memory_order_relaxed); }

bool SplitSupported() {
#ifdef LL_SPLIT_BLAS
  return LibrarySupportsSplit() && SharedBlasThreads() >= 2 && blas_num_threads >= 2;
#else
  return false;
#endif
}

bool SplitAvailable() {
  const int mode = splitMode.load(std::memory_order_relaxed);
  if (mode == kSplitNever || !SplitSupported()) return false;
  return mode == kSplitAlways || NowNs() - lastParallelProduct.load(std::memory_order_relaxed) < kAwakeNs;
}

void RunSplit(size_t n, size_t minimum, size_t align, bool alwaysHalves, RangeFn fn, const void* ctx) {
  if (n < minimum || n < 2 * align || n < 2) {
    fn(ctx, 0, n);
    return;
  }
  const size_t mid = (n / 2) / align * align;
#ifdef LL_SPLIT_BLAS
  if (SplitAvailable()) {
    Job jobs[2] = {{fn, ctx, 0, mid}, {fn, ctx, mid, n}};
    BlasQueue queue[2] = {};
    for (int i = 0; i < 2; i++) {
      queue[i].routine = reinterpret_cast<void*>(&RunJob);
      queue[i].args = &jobs[i];
      queue[i].mode = kBlasPthread;
    }
    queue[0].next = &queue[1];
    exec_blas(2, queue);
    return;
  }
#endif
  if (alwaysHalves) {
    fn(ctx, 0, mid);
    fn(ctx, mid, n);
  } else {
    fn(ctx, 0, n);
  }
}

}  // namespace latent_lab
