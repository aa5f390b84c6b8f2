// Compiled into every test binary. LeakSanitizer: fontconfig (through Pango and Cairo) keeps
// process-wide caches on purpose and never frees them; they are not leaks of ours.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
