#ifndef PSR_HTTP_H
#define PSR_HTTP_H

#include <stddef.h>

/// HTTP(S) requests for `psr sync --hub https://…`, made with the system's libcurl, which is loaded on first
/// use (dlopen): commands that do not sync never load it, and psr copied alone still runs without it.

/// Receives a piece of the response body or one header line; returns the bytes it took (fewer aborts).
typedef size_t (*psr_http_sink)(const char *data, size_t length, void *context);

typedef struct {
  const char *method;         // "GET" or "POST"
  const char *url;
  const char *const *headers; // "Name: value" lines
  int header_count;
  const void *body;           // POST body, or NULL
  size_t body_length;
  const char *ca_file;        // certificates to trust instead of the system's, or NULL
  long connect_timeout;       // seconds
  long low_speed_time;        // seconds below 1 byte/s before giving up
  psr_http_sink on_body;
  psr_http_sink on_header;
  void *context;
} psr_http_request;

/// Loads libcurl if it is not loaded yet. Returns 0, or -1 with a sentence in `error`.
int psr_http_load(char *error, size_t error_size);

/// Performs one request. Returns 0 with the HTTP status in `status`, or -1 with libcurl's error code in
/// `code` (0 when libcurl could not be loaded) and a sentence in `error`: the connection or TLS failed, or
/// a sink aborted.
int psr_http_perform(const psr_http_request *request, long *status, int *code, char *error, size_t error_size);

#endif
