// Clang thread-safety annotations (-Wthread-safety): which mutex guards which member, and
// which functions must or must not hold it. Under other compilers they expand to nothing.
// scripts/thread_safety.sh checks the annotated sources with Clang as part of `make test`.
// The macros follow LevelDB's port/thread_annotations.h.
#pragma once

#if defined(__clang__)
#define OW_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define OW_THREAD_ANNOTATION(x)
#endif

// A type that is a lock (ow::Mutex).
#define CAPABILITY(x) OW_THREAD_ANNOTATION(capability(x))
// An RAII type that holds a lock for its lifetime (ow::MutexLock).
#define SCOPED_CAPABILITY OW_THREAD_ANNOTATION(scoped_lockable)
// The member is read and written only with the mutex held.
#define GUARDED_BY(x) OW_THREAD_ANNOTATION(guarded_by(x))
// The data the pointer points to is guarded by the mutex.
#define PT_GUARDED_BY(x) OW_THREAD_ANNOTATION(pt_guarded_by(x))
// The caller must hold the mutex.
#define REQUIRES(...) OW_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
// The caller must not hold the mutex (the function takes it).
#define EXCLUDES(...) OW_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
// The function takes the mutex and returns holding it.
#define ACQUIRE(...) OW_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
// The function releases the mutex.
#define RELEASE(...) OW_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
// The function returns the given mutex.
#define RETURN_CAPABILITY(x) OW_THREAD_ANNOTATION(lock_returned(x))
// For code the analysis cannot follow; say why next to each use.
#define NO_THREAD_SAFETY_ANALYSIS OW_THREAD_ANNOTATION(no_thread_safety_analysis)
