// libFuzzer's entry point for programs that have their own `main`.
//
// SwiftPM links a Swift executable with `main` aliased to `<Module>_main`, so libFuzzer's own
// `main` is never used; each fuzz target defines `<Module>_main` and hands control to libFuzzer
// here (provided by libclang_rt.fuzzer, linked by -sanitize=fuzzer).
#ifndef C_LIB_FUZZER_H
#define C_LIB_FUZZER_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));

#endif
