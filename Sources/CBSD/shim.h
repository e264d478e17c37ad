#include <bsd/libutil.h>
#include <bsd/unistd.h>
#include <bsd/stdlib.h>
#include <bsd/string.h>
