#include "CValgrindClient.h"

#include <valgrind/memcheck.h>
#include <valgrind/valgrind.h>

void ct_mark_secret(const void *address, size_t length) {
    (void)VALGRIND_MAKE_MEM_UNDEFINED(address, length);
}

void ct_declassify(const void *address, long length) {
    (void)VALGRIND_MAKE_MEM_DEFINED(address, (size_t)length);
}

unsigned ct_running_on_valgrind(void) {
    return RUNNING_ON_VALGRIND;
}

unsigned long ct_error_count(void) {
    return VALGRIND_COUNT_ERRORS;
}
