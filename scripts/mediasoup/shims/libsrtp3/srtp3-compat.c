/* Implementation of include/srtp.h: the libsrtp3 calls mediasoup makes, on top of libsrtp2 2.5. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* libsrtp2's own header, with its real names; the prototypes below must match include/srtp.h. */
#include <srtp2/srtp.h>

#define srtp_err_status_buffer_small ((srtp_err_status_t)28)

typedef struct srtp3c_policy *srtp3c_policy_handle;

struct srtp3c_policy {
  srtp_policy_t p;
  unsigned char key[SRTP_MAX_KEY_LEN + 64];
};

srtp_err_status_t srtp3c_policy_create(srtp3c_policy_handle *policy) {
  if (!policy) return srtp_err_status_bad_param;
  struct srtp3c_policy *w = calloc(1, sizeof *w);
  if (!w) return srtp_err_status_alloc_fail;
  w->p.key = w->key;
  w->p.next = NULL;
  *policy = w;
  return srtp_err_status_ok;
}

void srtp3c_policy_destroy(srtp3c_policy_handle policy) { free(policy); }

srtp_err_status_t srtp3c_policy_set_ssrc(srtp3c_policy_handle policy, srtp_ssrc_t ssrc) {
  if (!policy) return srtp_err_status_bad_param;
  policy->p.ssrc = ssrc;
  return srtp_err_status_ok;
}

srtp_err_status_t srtp3c_policy_set_profile(srtp3c_policy_handle policy, srtp_profile_t profile) {
  if (!policy) return srtp_err_status_bad_param;
  srtp_err_status_t err = srtp_crypto_policy_set_from_profile_for_rtp(&policy->p.rtp, profile);
  if (err != srtp_err_status_ok) return err;
  return srtp_crypto_policy_set_from_profile_for_rtcp(&policy->p.rtcp, profile);
}

srtp_err_status_t srtp3c_policy_add_key(srtp3c_policy_handle policy, const uint8_t *key, size_t key_len, const uint8_t *salt,
                                        size_t salt_len, const uint8_t *mki, size_t mki_len) {
  (void)mki;
  if (!policy || !key || !salt || mki_len != 0) return srtp_err_status_bad_param;
  if (key_len + salt_len > sizeof policy->key) return srtp_err_status_bad_param;
  /* libsrtp2 takes one buffer holding the master key followed by the salt. */
  memcpy(policy->key, key, key_len);
  memcpy(policy->key + key_len, salt, salt_len);
  return srtp_err_status_ok;
}

srtp_err_status_t srtp3c_policy_set_allow_repeat_tx(srtp3c_policy_handle policy, bool allow) {
  if (!policy) return srtp_err_status_bad_param;
  policy->p.allow_repeat_tx = allow ? 1 : 0;
  return srtp_err_status_ok;
}

srtp_err_status_t srtp3c_policy_set_window_size(srtp3c_policy_handle policy, size_t window_size) {
  if (!policy) return srtp_err_status_bad_param;
  policy->p.window_size = (unsigned long)window_size;
  return srtp_err_status_ok;
}

srtp_err_status_t srtp3c_create(srtp_t *session, const srtp3c_policy_handle policy) {
  if (!policy) return srtp_err_status_bad_param;
  return srtp_create(session, &policy->p);
}

/* Copies `in` to `out` (when they differ), checking that `out` can take the packet plus `extra` trailer bytes. */
static srtp_err_status_t stage(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, size_t extra) {
  if (!in || !out || in_len > (size_t)0x7fffffff) return srtp_err_status_bad_param;
  if (in_len + extra > out_cap) return srtp_err_status_buffer_small;
  if (in != out) memmove(out, in, in_len);
  return srtp_err_status_ok;
}

srtp_err_status_t srtp3c_protect(srtp_t ctx, const uint8_t *rtp, size_t rtp_len, uint8_t *srtp, size_t *srtp_len,
                                 size_t mki_index) {
  if (!srtp_len || mki_index != 0) return srtp_err_status_bad_param;
  srtp_err_status_t err = stage(rtp, rtp_len, srtp, *srtp_len, SRTP_MAX_TRAILER_LEN);
  if (err != srtp_err_status_ok) return err;
  int len = (int)rtp_len;
  err = srtp_protect(ctx, srtp, &len);
  if (err == srtp_err_status_ok) *srtp_len = (size_t)len;
  return err;
}

srtp_err_status_t srtp3c_unprotect(srtp_t ctx, const uint8_t *srtp, size_t srtp_len, uint8_t *rtp, size_t *rtp_len) {
  if (!rtp_len) return srtp_err_status_bad_param;
  srtp_err_status_t err = stage(srtp, srtp_len, rtp, *rtp_len, 0);
  if (err != srtp_err_status_ok) return err;
  int len = (int)srtp_len;
  err = srtp_unprotect(ctx, rtp, &len);
  if (err == srtp_err_status_ok) *rtp_len = (size_t)len;
  return err;
}

srtp_err_status_t srtp3c_protect_rtcp(srtp_t ctx, const uint8_t *rtcp, size_t rtcp_len, uint8_t *srtcp,
                                      size_t *srtcp_len, size_t mki_index) {
  if (!srtcp_len || mki_index != 0) return srtp_err_status_bad_param;
  /* libsrtp2 writes the SRTCP index word after the auth trailer: 4 more bytes. */
  srtp_err_status_t err = stage(rtcp, rtcp_len, srtcp, *srtcp_len, SRTP_MAX_TRAILER_LEN + 4);
  if (err != srtp_err_status_ok) return err;
  int len = (int)rtcp_len;
  err = srtp_protect_rtcp(ctx, srtcp, &len);
  if (err == srtp_err_status_ok) *srtcp_len = (size_t)len;
  return err;
}

srtp_err_status_t srtp3c_unprotect_rtcp(srtp_t ctx, const uint8_t *srtcp, size_t srtcp_len, uint8_t *rtcp,
                                        size_t *rtcp_len) {
  if (!rtcp_len) return srtp_err_status_bad_param;
  srtp_err_status_t err = stage(srtcp, srtcp_len, rtcp, *rtcp_len, 0);
  if (err != srtp_err_status_ok) return err;
  int len = (int)srtcp_len;
  err = srtp_unprotect_rtcp(ctx, rtcp, &len);
  if (err == srtp_err_status_ok) *rtcp_len = (size_t)len;
  return err;
}
