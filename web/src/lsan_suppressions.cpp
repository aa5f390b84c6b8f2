// LeakSanitizer suppressions of the prokat executable (used only by sanitizer builds).
// Fontconfig (under Pango, when labels are rendered) keeps process-lifetime caches that
// LeakSanitizer reports as leaks at exit; prokat-scan suppresses the same (scanner/tools/).
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
