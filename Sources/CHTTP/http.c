#include "psr_http.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

// libcurl's ABI, stable since 7.x: the few options used, by number, so that building psr needs no curl
// headers (curl/curl.h names them CURLOPT_*).
enum {
  OPT_WRITEDATA = 10001,
  OPT_URL = 10002,
  OPT_ERRORBUFFER = 10010,
  OPT_WRITEFUNCTION = 20011,
  OPT_POSTFIELDS = 10015,
  OPT_USERAGENT = 10018,
  OPT_LOW_SPEED_LIMIT = 19,
  OPT_LOW_SPEED_TIME = 20,
  OPT_HTTPHEADER = 10023,
  OPT_HEADERDATA = 10029,
  OPT_CUSTOMREQUEST = 10036,
  OPT_NOPROGRESS = 43,
  OPT_POST = 47,
  OPT_CAINFO = 10065,
  OPT_CONNECTTIMEOUT = 78,
  OPT_HEADERFUNCTION = 20079,
  OPT_HTTPGET = 80,
  OPT_NOSIGNAL = 99,
  OPT_POSTFIELDSIZE_LARGE = 30120,
  OPT_PROTOCOLS = 181,
  OPT_PROTOCOLS_STR = 10318,
  INFO_RESPONSE_CODE = 0x200000 + 2,
  PROTO_HTTP_HTTPS = 3,
  GLOBAL_DEFAULT = 3,
  ERROR_SIZE = 256,  // CURL_ERROR_SIZE
};

typedef void CURL;
struct curl_slist;
typedef int CURLcode;
typedef long long curl_off_t;

static struct {
  int loaded;
  CURL *(*easy_init)(void);
  CURLcode (*easy_setopt)(CURL *, int, ...);
  CURLcode (*easy_perform)(CURL *);
  CURLcode (*easy_getinfo)(CURL *, int, ...);
  void (*easy_cleanup)(CURL *);
  const char *(*easy_strerror)(CURLcode);
  CURLcode (*global_init)(long);
  struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
  void (*slist_free_all)(struct curl_slist *);
} curl;

static const char *const libraries[] = {
#if defined(__APPLE__)
  "/usr/lib/libcurl.4.dylib", "libcurl.4.dylib", "libcurl.dylib",
#else
  "libcurl.so.4", "libcurl-gnutls.so.4", "libcurl-nss.so.4", "libcurl.so",
#endif
};

int psr_http_load(char *error, size_t error_size) {
  if (curl.loaded) return 0;
  void *handle = NULL;
  for (size_t i = 0; i < sizeof libraries / sizeof *libraries && !handle; i++) {
    handle = dlopen(libraries[i], RTLD_NOW | RTLD_LOCAL);
  }
  if (!handle) {
    snprintf(error, error_size,
             "psr syncs over HTTP(S) with the system's libcurl, which this machine lacks; install it "
             "(Debian and Ubuntu: apt-get install libcurl4) or sync with a hub file or bundles");
    return -1;
  }
#define LOAD(field, name)                                                     \
  *(void **)(&curl.field) = dlsym(handle, name);                              \
  if (!curl.field) {                                                          \
    snprintf(error, error_size, "the system's libcurl lacks %s; update it", name); \
    return -1;                                                                \
  }
  LOAD(easy_init, "curl_easy_init")
  LOAD(easy_setopt, "curl_easy_setopt")
  LOAD(easy_perform, "curl_easy_perform")
  LOAD(easy_getinfo, "curl_easy_getinfo")
  LOAD(easy_cleanup, "curl_easy_cleanup")
  LOAD(easy_strerror, "curl_easy_strerror")
  LOAD(global_init, "curl_global_init")
  LOAD(slist_append, "curl_slist_append")
  LOAD(slist_free_all, "curl_slist_free_all")
#undef LOAD
  if (curl.global_init(GLOBAL_DEFAULT) != 0) {
    snprintf(error, error_size, "the system's libcurl could not start");
    return -1;
  }
  curl.loaded = 1;
  return 0;
}

// libcurl's callbacks take the size of an item and their count.
static size_t write_body(char *data, size_t size, size_t count, void *request) {
  const psr_http_request *r = request;
  return r->on_body(data, size * count, r->context);
}

static size_t write_header(char *data, size_t size, size_t count, void *request) {
  const psr_http_request *r = request;
  return r->on_header(data, size * count, r->context);
}

int psr_http_perform(const psr_http_request *request, long *status, int *code, char *error, size_t error_size) {
  *code = 0;
  if (psr_http_load(error, error_size) != 0) return -1;
  CURL *easy = curl.easy_init();
  if (!easy) {
    snprintf(error, error_size, "libcurl could not make a request");
    return -1;
  }
  struct curl_slist *headers = NULL;
  for (int i = 0; i < request->header_count; i++) {
    headers = curl.slist_append(headers, request->headers[i]);
  }
  char detail[ERROR_SIZE] = {0};
  curl.easy_setopt(easy, OPT_ERRORBUFFER, detail);
  curl.easy_setopt(easy, OPT_URL, request->url);
  // Only HTTP and HTTPS, never a redirect elsewhere (libcurl follows none unless told to).
  if (curl.easy_setopt(easy, OPT_PROTOCOLS_STR, "http,https") != 0) {
    curl.easy_setopt(easy, OPT_PROTOCOLS, (long)PROTO_HTTP_HTTPS);
  }
  curl.easy_setopt(easy, OPT_NOSIGNAL, 1L);
  curl.easy_setopt(easy, OPT_NOPROGRESS, 1L);
  curl.easy_setopt(easy, OPT_USERAGENT, "psr");
  curl.easy_setopt(easy, OPT_CONNECTTIMEOUT, request->connect_timeout);
  curl.easy_setopt(easy, OPT_LOW_SPEED_LIMIT, 1L);
  curl.easy_setopt(easy, OPT_LOW_SPEED_TIME, request->low_speed_time);
  if (request->ca_file) curl.easy_setopt(easy, OPT_CAINFO, request->ca_file);
  if (headers) curl.easy_setopt(easy, OPT_HTTPHEADER, headers);
  if (strcmp(request->method, "POST") == 0) {
    curl.easy_setopt(easy, OPT_POST, 1L);
    curl.easy_setopt(easy, OPT_POSTFIELDSIZE_LARGE, (curl_off_t)request->body_length);
    curl.easy_setopt(easy, OPT_POSTFIELDS, request->body ? request->body : "");
  } else {
    curl.easy_setopt(easy, OPT_HTTPGET, 1L);
  }
  curl.easy_setopt(easy, OPT_WRITEFUNCTION, write_body);
  curl.easy_setopt(easy, OPT_WRITEDATA, (void *)request);
  curl.easy_setopt(easy, OPT_HEADERFUNCTION, write_header);
  curl.easy_setopt(easy, OPT_HEADERDATA, (void *)request);
  CURLcode performed = curl.easy_perform(easy);
  int result = 0;
  if (performed != 0) {
    snprintf(error, error_size, "%s", detail[0] ? detail : curl.easy_strerror(performed));
    *code = performed;
    result = -1;
  } else {
    curl.easy_getinfo(easy, INFO_RESPONSE_CODE, status);
  }
  curl.easy_cleanup(easy);
  if (headers) curl.slist_free_all(headers);
  return result;
}
