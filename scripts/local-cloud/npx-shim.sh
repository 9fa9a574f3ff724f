#!/bin/sh
# CDK's `npx --no-install esbuild …` for the local stage, without npm's start-up: written to
# .local/bin/npx by scripts/local-cloud/cdk-env.ts, with __ESBUILD__ and __NPX__ filled in.
# CDK calls it once per function; the call is answered with the bundle scripts/local-cloud/prebundle.ts
# built for the same entry and defines when there is one, and runs esbuild for any other.
if [ "$1" = "--no-install" ] && [ "$2" = "esbuild" ]; then
  shift 2
  entry=; out=; prev=
  for arg in "$@"; do
    case "$arg" in --outfile=*) out=${arg#--outfile=} ;; esac
    [ "$prev" = "--bundle" ] && entry=$arg
    prev=$arg
  done
  if [ -n "$entry" ] && [ "${out##*/}" = "index.mjs" ]; then
    if command -v sha256sum >/dev/null 2>&1; then sum=sha256sum; else sum="shasum -a 256"; fi
    # prebuiltKey (prebundle.ts): the entry, then the --define arguments sorted, one per line.
    key=$({
      printf '%s\n' "$entry"
      for arg in "$@"; do case "$arg" in --define:*) printf '%s\n' "$arg" ;; esac; done | LC_ALL=C sort
    } | $sum | cut -c1-16)
    dir=${out%/*}
    # Beside CDK's bundling folder (asset.<hash>-building) in the assembly folder.
    prebuilt="${dir%/*}/prebuilt-$key"
    if [ -f "$prebuilt/index.mjs" ] && [ -f "$prebuilt/index.mjs.map" ]; then
      ln -f "$prebuilt/index.mjs" "$prebuilt/index.mjs.map" "$dir/" 2>/dev/null ||
        cp "$prebuilt/index.mjs" "$prebuilt/index.mjs.map" "$dir/"
      exit $?
    fi
  fi
  exec "__ESBUILD__" "$@"
fi
exec "__NPX__" "$@"
