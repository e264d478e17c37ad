/// Platform: typed Glibc wrappers (being written).
