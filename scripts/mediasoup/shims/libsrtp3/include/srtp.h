/*
 * libsrtp3 API (the subset mediasoup's worker calls) over Debian's libsrtp2.
 *
 * libsrtp3 made srtp_policy_t an opaque handle with setters, and srtp_protect/unprotect (and the RTCP pair) take
 * size_t lengths with separate in/out buffers. libsrtp2's header is included with its clashing names renamed, then
 * the libsrtp3 names are mapped onto the srtp3c_* functions of srtp3-compat.c. No MKI support (mediasoup uses none).
 */
#ifndef GYM_SRTP3_COMPAT_H
#define GYM_SRTP3_COMPAT_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#define srtp_policy_t srtp2_policy_t
#define srtp_protect srtp2_protect_unused
#define srtp_unprotect srtp2_unprotect_unused
#define srtp_protect_rtcp srtp2_protect_rtcp_unused
#define srtp_unprotect_rtcp srtp2_unprotect_rtcp_unused
#define srtp_create srtp2_create_unused
#include <srtp2/srtp.h>
#undef srtp_policy_t
#undef srtp_protect
#undef srtp_unprotect
#undef srtp_protect_rtcp
#undef srtp_unprotect_rtcp
#undef srtp_create

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes libsrtp3 added after libsrtp2's last one (27). */
#define srtp_err_status_buffer_small ((srtp_err_status_t)28)
#define srtp_err_status_cryptex_err ((srtp_err_status_t)29)

typedef struct srtp3c_policy *srtp_policy_t;

srtp_err_status_t srtp3c_policy_create(srtp_policy_t *policy);
void srtp3c_policy_destroy(srtp_policy_t policy);
srtp_err_status_t srtp3c_policy_set_ssrc(srtp_policy_t policy, srtp_ssrc_t ssrc);
srtp_err_status_t srtp3c_policy_set_profile(srtp_policy_t policy, srtp_profile_t profile);
srtp_err_status_t srtp3c_policy_add_key(srtp_policy_t policy, const uint8_t *key, size_t key_len, const uint8_t *salt,
                                        size_t salt_len, const uint8_t *mki, size_t mki_len);
srtp_err_status_t srtp3c_policy_set_allow_repeat_tx(srtp_policy_t policy, bool allow);
srtp_err_status_t srtp3c_policy_set_window_size(srtp_policy_t policy, size_t window_size);
srtp_err_status_t srtp3c_create(srtp_t *session, const srtp_policy_t policy);
srtp_err_status_t srtp3c_protect(srtp_t ctx, const uint8_t *rtp, size_t rtp_len, uint8_t *srtp, size_t *srtp_len,
                                 size_t mki_index);
srtp_err_status_t srtp3c_unprotect(srtp_t ctx, const uint8_t *srtp, size_t srtp_len, uint8_t *rtp, size_t *rtp_len);
srtp_err_status_t srtp3c_protect_rtcp(srtp_t ctx, const uint8_t *rtcp, size_t rtcp_len, uint8_t *srtcp,
                                      size_t *srtcp_len, size_t mki_index);
srtp_err_status_t srtp3c_unprotect_rtcp(srtp_t ctx, const uint8_t *srtcp, size_t srtcp_len, uint8_t *rtcp,
                                        size_t *rtcp_len);

#ifdef __cplusplus
}
#endif

#ifndef GYM_SRTP3_COMPAT_IMPL
#define srtp_policy_create srtp3c_policy_create
#define srtp_policy_destroy srtp3c_policy_destroy
#define srtp_policy_set_ssrc srtp3c_policy_set_ssrc
#define srtp_policy_set_profile srtp3c_policy_set_profile
#define srtp_policy_add_key srtp3c_policy_add_key
#define srtp_policy_set_allow_repeat_tx srtp3c_policy_set_allow_repeat_tx
#define srtp_policy_set_window_size srtp3c_policy_set_window_size
#define srtp_create srtp3c_create
#define srtp_protect srtp3c_protect
#define srtp_unprotect srtp3c_unprotect
#define srtp_protect_rtcp srtp3c_protect_rtcp
#define srtp_unprotect_rtcp srtp3c_unprotect_rtcp
#define srtp_stream_remove srtp_remove_stream
#endif

#endif
