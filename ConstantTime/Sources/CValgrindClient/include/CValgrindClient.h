#ifndef C_VALGRIND_CLIENT_H
#define C_VALGRIND_CLIENT_H

#include <stddef.h>

// memcheck's client requests in callable form. The requests themselves are macros around inline
// assembly (valgrind/memcheck.h), which Swift cannot import; these functions wrap them once. Run
// outside valgrind, each request is a short no-op sequence and the functions do nothing.

/// Marks `length` bytes at `address` undefined: memcheck reports any branch or address computed
/// from them from now on. This is how the checker declares an input secret.
void ct_mark_secret(const void *address, size_t length);

/// Marks `length` bytes at `address` defined again: the value is public from now on. The signature
/// matches UmbralCore's `ConstantTimeCheck.DeclassifyHook`.
void ct_declassify(const void *address, long length);

/// Non-zero when the program runs under valgrind.
unsigned ct_running_on_valgrind(void);

/// The number of errors memcheck has reported so far (0 outside valgrind).
unsigned long ct_error_count(void);

#endif
