// libFuzzer's side of coverage-guided fuzzing of .NET code: libFuzzer mutates and schedules, and a .NET process
// (MusicEmotion.Fuzz --libfuzzer TARGET, running SharpFuzz's Fuzzer.LibFuzzer.Run over assemblies instrumented by
// the sharpfuzz tool) parses each input and records the branches it took. Built by tools/fuzz/run.sh with
// `clang -fsanitize=fuzzer`; run as
//   dotnet-driver --dotnet=PATH/MusicEmotion.Fuzz.dll --target=wav [libFuzzer's flags and corpus folders]
// (libFuzzer ignores flags that start with "--", so ours pass through it untouched).
//
// The protocol is SharpFuzz's (what its Fuzzer.LibFuzzer.Run expects of the process that starts it):
//   - one System V shared memory segment, its id in __LIBFUZZER_SHM_ID: the first MAP_SIZE bytes are the coverage
//     map the instrumented code increments (one byte per hashed branch), the input follows it;
//   - two pipes, their file descriptor numbers in __LIBFUZZER_CONTROL_PIPE_ID (we write) and
//     __LIBFUZZER_STATUS_PIPE_ID (it writes);
//   - the .NET side writes a 32-bit 0 once it is ready; then, per input, we write the input's length as a 32-bit
//     integer and it answers with a 32-bit status: 0 when the input ended well, non-zero when an exception escaped
//     (it has printed the exception to our shared stderr and leaves its loop).
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <unistd.h>

#define MAP_SIZE (1 << 16)    // SharpFuzz's coverage map, as in AFL
#define INPUT_SIZE (1 << 20)  // room for one input; run.sh keeps libFuzzer's -max_len below it

// libFuzzer treats the bytes of this section as extra coverage counters: the .NET map is copied here after each
// input. Not static, and marked used: nothing here reads it, and the compiler would drop it and the copy.
__attribute__((used, section("__libfuzzer_extra_counters"))) uint8_t dotnet_counters[MAP_SIZE];

static uint8_t *shared;        // the map, then the input
static int shared_id = -1;
static int control_fd = -1;    // lengths to the .NET process
static int status_fd = -1;     // statuses from it
static uint8_t ever_hit[MAP_SIZE];
static unsigned edges_hit;     // map slots any input has reached: the .NET edges covered, reported at exit

static void fail(const char *what) {
  fprintf(stderr, "dotnet-driver: %s: %s\n", what, strerror(errno));
  exit(1);
}

static void remove_segment(void) { shmctl(shared_id, IPC_RMID, NULL); }

static void report_edges(void) { fprintf(stderr, "dotnet-driver: %u .NET edges covered (of %d map slots)\n", edges_hit, MAP_SIZE); }

// Reads or writes exactly one 32-bit value, through interrupted calls (libFuzzer's timers send signals).
static int exchange(int fd, int32_t *value, int writing) {
  ssize_t done;
  do {
    done = writing ? write(fd, value, sizeof *value) : read(fd, value, sizeof *value);
  } while (done < 0 && errno == EINTR);
  return done == (ssize_t)sizeof *value;
}

// "--name=value" among argv, or NULL.
static const char *flag(int argc, char **argv, const char *name) {
  size_t length = strlen(name);
  for (int i = 1; i < argc; i++) {
    if (strncmp(argv[i], name, length) == 0 && argv[i][length] == '=') return argv[i] + length + 1;
  }
  return NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  const char *assembly = flag(*argc, *argv, "--dotnet");
  const char *target = flag(*argc, *argv, "--target");
  if (!assembly || !target) {
    fprintf(stderr, "dotnet-driver: expected --dotnet=PATH/MusicEmotion.Fuzz.dll and --target=NAME\n");
    exit(2);
  }

  shared_id = shmget(IPC_PRIVATE, MAP_SIZE + INPUT_SIZE, IPC_CREAT | IPC_EXCL | 0600);
  if (shared_id < 0) fail("shmget");
  atexit(remove_segment);
  shared = shmat(shared_id, NULL, 0);
  if (shared == (void *)-1) fail("shmat");

  int control[2], status[2];
  if (pipe(control) || pipe(status)) fail("pipe");
  pid_t child = fork();
  if (child < 0) fail("fork");
  if (child == 0) {
    // The .NET process must not outlive us: libFuzzer ends on a timeout with _Exit, which runs no clean-up.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    close(control[1]);
    close(status[0]);
    char id[16], in[16], out[16];
    snprintf(id, sizeof id, "%d", shared_id);
    snprintf(in, sizeof in, "%d", control[0]);
    snprintf(out, sizeof out, "%d", status[1]);
    setenv("__LIBFUZZER_SHM_ID", id, 1);
    setenv("__LIBFUZZER_CONTROL_PIPE_ID", in, 1);
    setenv("__LIBFUZZER_STATUS_PIPE_ID", out, 1);
    execlp("dotnet", "dotnet", assembly, "--libfuzzer", target, (char *)NULL);
    fail("exec dotnet");
  }
  close(control[0]);
  close(status[1]);
  control_fd = control[1];
  status_fd = status[0];
  // A write to a .NET process that has died should fail with EPIPE, not kill us before we can say so.
  signal(SIGPIPE, SIG_IGN);

  int32_t ready;
  if (!exchange(status_fd, &ready, 0)) {
    fprintf(stderr, "dotnet-driver: the .NET target did not start (see its error above)\n");
    exit(1);
  }
  atexit(report_edges);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > INPUT_SIZE) return -1;  // not kept in the corpus; run.sh's -max_len keeps this from happening
  memset(shared, 0, MAP_SIZE);
  memcpy(shared + MAP_SIZE, data, size);
  int32_t length = (int32_t)size, status;
  if (!exchange(control_fd, &length, 1) || !exchange(status_fd, &status, 0)) {
    fprintf(stderr, "dotnet-driver: the .NET target died without an answer (a stack overflow or a crash of the runtime)\n");
    report_edges();  // libFuzzer leaves a crash without running atexit's handlers
    abort();
  }
  memcpy(dotnet_counters, shared, MAP_SIZE);
  for (int i = 0; i < MAP_SIZE; i++) {
    if (shared[i] && !ever_hit[i]) {
      ever_hit[i] = 1;
      edges_hit++;
    }
  }
  if (status != 0) {
    // The .NET side printed the exception (our oracle's finding) just above; abort so libFuzzer saves the input.
    fprintf(stderr, "dotnet-driver: the .NET target failed on this input (its exception is above)\n");
    report_edges();
    abort();
  }
  return 0;
}
