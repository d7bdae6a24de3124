// The tuning lives in include/MallocTuning.h (a static inline function); this file gives the
// C target a source to compile.
#include "MallocTuning.h"
