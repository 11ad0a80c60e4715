/* Workload: compresses 32 KiB of generated text with a small LZ77 (hash of 3 bytes, 64 KiB
 * window), decompresses it and checks the round trip. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW 65536u
#define HASH_BITS 14

static size_t compress(const unsigned char *in, size_t n, unsigned char *out) {
  static unsigned head[1u << HASH_BITS];
  size_t i = 0, o = 0;
  memset(head, 0xff, sizeof head);
  while (i < n) {
    size_t best = 0, dist = 0;
    if (i + 3 <= n) {
      unsigned h = ((in[i] << 16 | in[i + 1] << 8 | in[i + 2]) * 2654435761u) >> (32 - HASH_BITS);
      unsigned cand = head[h];
      head[h] = (unsigned)i;
      if (cand != 0xffffffffu && i - cand <= WINDOW) {
        while (i + best < n && best < 255 && in[cand + best] == in[i + best])
          best++;
        dist = i - cand;
      }
    }
    if (best >= 4) { /* 0xff marker, length, distance (2 bytes) */
      out[o++] = 0xff;
      out[o++] = (unsigned char)best;
      out[o++] = (unsigned char)(dist - 1);
      out[o++] = (unsigned char)((dist - 1) >> 8);
      i += best;
    } else {
      if (in[i] == 0xff)
        out[o++] = 0xff, out[o++] = 0;
      else
        out[o++] = in[i];
      i++;
    }
  }
  return o;
}

static size_t decompress(const unsigned char *in, size_t n, unsigned char *out) {
  size_t i = 0, o = 0;
  while (i < n) {
    if (in[i] != 0xff) {
      out[o++] = in[i++];
    } else if (in[i + 1] == 0) {
      out[o++] = 0xff;
      i += 2;
    } else {
      size_t len = in[i + 1], dist = (size_t)(in[i + 2] | in[i + 3] << 8) + 1;
      for (size_t k = 0; k < len; k++, o++)
        out[o] = out[o - dist];
      i += 4;
    }
  }
  return o;
}

int main(void) {
  static const char *words[] = {"page ", "table ", "walk ", "translation ", "lookaside ",
                                "buffer ", "section ", "fault ", "entry ", "cache "};
  size_t n = 32 * 1024;
  unsigned char *text = malloc(n), *packed = malloc(2 * n), *back = malloc(n);
  if (!text || !packed || !back)
    return 1;
  unsigned s = 7;
  for (size_t i = 0; i < n;) {
    s = s * 1103515245u + 12345u;
    const char *w = words[(s >> 16) % 10];
    for (size_t k = 0; w[k] && i < n; k++)
      text[i++] = (unsigned char)w[k];
  }
  size_t m = compress(text, n, packed);
  if (decompress(packed, m, back) != n || memcmp(text, back, n) != 0)
    return 2;
  printf("compress: %zu bytes to %zu\n", n, m);
  return 0;
}
