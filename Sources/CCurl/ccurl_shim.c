#include "ccurl_shim.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

CURLcode ccurl_set_long(CURL *curl, CURLoption option, long value) { return curl_easy_setopt(curl, option, value); }
CURLcode ccurl_set_off(CURL *curl, CURLoption option, curl_off_t value) { return curl_easy_setopt(curl, option, value); }
CURLcode ccurl_set_string(CURL *curl, CURLoption option, const char *value) { return curl_easy_setopt(curl, option, value); }
CURLcode ccurl_set_list(CURL *curl, CURLoption option, struct curl_slist *value) { return curl_easy_setopt(curl, option, value); }

static size_t on_write(char *data, size_t size, size_t count, void *user) {
    ccurl_transfer *transfer = user;
    return transfer->write(data, size * count, transfer->context);
}

static size_t on_header(char *data, size_t size, size_t count, void *user) {
    ccurl_transfer *transfer = user;
    if (transfer->header) transfer->header(data, size * count, transfer->context);
    return size * count;
}

static int on_progress(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
    (void)ultotal; (void)ulnow;
    ccurl_transfer *transfer = user;
    return transfer->progress ? transfer->progress(transfer->context, dlnow, dltotal) : 0;
}

int ccurl_is_private_address(const struct sockaddr *address) {
    if (address->sa_family == AF_INET) {
        uint32_t ip = ntohl(((const struct sockaddr_in *)address)->sin_addr.s_addr);
        uint8_t a = ip >> 24, b = (ip >> 16) & 0xff;
        return a == 0 || a == 10 || a == 127 || (a == 169 && b == 254) || (a == 172 && b >= 16 && b <= 31)
            || (a == 192 && b == 168) || (a == 100 && b >= 64 && b <= 127) || a >= 224;
    }
    if (address->sa_family == AF_INET6) {
        const struct in6_addr *ip = &((const struct sockaddr_in6 *)address)->sin6_addr;
        if (IN6_IS_ADDR_V4MAPPED(ip) || IN6_IS_ADDR_V4COMPAT(ip)) {
            struct sockaddr_in v4 = {0};
            v4.sin_family = AF_INET;
            memcpy(&v4.sin_addr, &ip->s6_addr[12], 4);
            return ccurl_is_private_address((const struct sockaddr *)&v4);
        }
        return IN6_IS_ADDR_LOOPBACK(ip) || IN6_IS_ADDR_UNSPECIFIED(ip) || IN6_IS_ADDR_LINKLOCAL(ip)
            || IN6_IS_ADDR_MULTICAST(ip) || (ip->s6_addr[0] & 0xfe) == 0xfc;   // fc00::/7 unique local
    }
    return 1;   // anything else (unix sockets…) is not the internet
}

/// Every connection, the first and each redirect's, passes here with the address actually
/// dialled, so a name that resolves to an internal address (DNS rebinding included) is refused.
static curl_socket_t on_open_socket(void *user, curlsocktype purpose, struct curl_sockaddr *address) {
    ccurl_transfer *transfer = user;
    if (purpose == CURLSOCKTYPE_IPCXN && !transfer->allow_private_addresses
        && ccurl_is_private_address(&address->addr)) {
        transfer->blocked_private_address = 1;
        const void *raw = address->family == AF_INET ? (const void *)&((struct sockaddr_in *)&address->addr)->sin_addr
                                                     : (const void *)&((struct sockaddr_in6 *)&address->addr)->sin6_addr;
        inet_ntop(address->family, raw, transfer->blocked_address, sizeof transfer->blocked_address);
        return CURL_SOCKET_BAD;
    }
    return socket(address->family, address->socktype, address->protocol);
}

CURLcode ccurl_install(CURL *curl, ccurl_transfer *transfer) {
    CURLcode code = CURLE_OK;
    if ((code = curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_write))) return code;
    if ((code = curl_easy_setopt(curl, CURLOPT_WRITEDATA, transfer))) return code;
    if ((code = curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header))) return code;
    if ((code = curl_easy_setopt(curl, CURLOPT_HEADERDATA, transfer))) return code;
    if ((code = curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress))) return code;
    if ((code = curl_easy_setopt(curl, CURLOPT_XFERINFODATA, transfer))) return code;
    if ((code = curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L))) return code;
    if ((code = curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, on_open_socket))) return code;
    return curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, transfer);
}

long ccurl_response_code(CURL *curl) {
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    return code;
}

const char *ccurl_effective_url(CURL *curl) {
    char *url = NULL;
    curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &url);
    return url;
}

const char *ccurl_content_type(CURL *curl) {
    char *type = NULL;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
    return type;
}

const char *ccurl_primary_ip(CURL *curl) {
    char *ip = NULL;
    curl_easy_getinfo(curl, CURLINFO_PRIMARY_IP, &ip);
    return ip;
}
