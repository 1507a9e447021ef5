#!/usr/bin/env bash
# Rendered exercise footage (footage/, issue 13): the demo gym scene `make dev-up`'s second simulated camera plays,
# and the short clips tests check against their truth. Rendered once by headless Chromium (SwiftShader WebGL) and
# cached under $GYM_CACHE/footage/rendered/ with their truth files; the renderer skips a scene whose files were made
# from the same scene by the same renderer source (≈ 80 s for the 30 s 720p demo when it had four people on 2 free cores; its six people render at about the same rate; several minutes under load; and ≈ 20 s for each test clip on 2 cores).
source "$(dirname "$0")/../lib.sh"
[ -f /usr/share/assimp/models/Collada/human.zae ] || apt_ensure assimp-testmodels
scenes=(demo-gym squat-front)
say "rendered footage: ${scenes[*]} (cached; first time ≈ 2 min)"
npx tsx footage/src/cli.ts render "${scenes[@]}" --out "$GYM_CACHE/footage/rendered" 2>&1 | sed 's/^/    /'
[ "${PIPESTATUS[0]}" -eq 0 ] || die "rendering the footage failed (see above)"
