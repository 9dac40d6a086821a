// Typed entry points to libcurl for Swift: curl_easy_setopt and curl_easy_getinfo are variadic
// (Swift cannot call them), and the callbacks are set here in C.
#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H

#include <curl/curl.h>
#include <stddef.h>
#include <stdint.h>

/// Called with each received chunk; return the number of bytes taken (anything else aborts).
typedef size_t (*ccurl_write_fn)(const char *data, size_t size, void *context);
/// Called as the transfer goes; return non-zero to abort.
typedef int (*ccurl_progress_fn)(void *context, int64_t downloaded, int64_t expected);
/// Called with each response header line.
typedef void (*ccurl_header_fn)(const char *line, size_t size, void *context);

/// What one transfer needs; the caller owns it for the transfer's duration.
typedef struct ccurl_transfer {
    ccurl_write_fn write;
    ccurl_progress_fn progress;
    ccurl_header_fn header;
    void *context;
    /// 0: connections to loopback, private, link-local and unspecified addresses are refused.
    int allow_private_addresses;
    /// Set by the shim when it refused such a connection.
    int blocked_private_address;
    char blocked_address[64];
} ccurl_transfer;

CURLcode ccurl_set_long(CURL *curl, CURLoption option, long value);
CURLcode ccurl_set_off(CURL *curl, CURLoption option, curl_off_t value);
CURLcode ccurl_set_string(CURL *curl, CURLoption option, const char *value);
CURLcode ccurl_set_list(CURL *curl, CURLoption option, struct curl_slist *value);
/// Installs the write, header, progress and socket-open callbacks of `transfer`.
CURLcode ccurl_install(CURL *curl, ccurl_transfer *transfer);

long ccurl_response_code(CURL *curl);
/// The last URL used (after redirects), or NULL; owned by curl.
const char *ccurl_effective_url(CURL *curl);
/// The Content-Type, or NULL; owned by curl.
const char *ccurl_content_type(CURL *curl);
/// The primary IP connected to, or NULL; owned by curl.
const char *ccurl_primary_ip(CURL *curl);

/// 1 if a socket address is loopback, private, link-local, CGNAT, multicast or unspecified.
int ccurl_is_private_address(const struct sockaddr *address);

#endif
