# Sourced by scripts/test.sh and scripts/invoke.sh: the pinned PyPI tools of
# scripts/test-tools.txt (moto, sam, cfn-lint, schemathesis, cargo-lambda with its zig) in a
# virtualenv under $TOOLS_DIR keyed by that file's hash, installed on first use. Sets $venv.
TOOLS_DIR=${TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ai-analysis-backend/tools}
mkdir -p "$TOOLS_DIR"
venv="$TOOLS_DIR/venv-$(sha256sum scripts/test-tools.txt | cut -c1-12)"
if [ ! -x "$venv/bin/moto_server" ] || [ ! -x "$venv/bin/sam" ] || [ ! -x "$venv/bin/cfn-lint" ] \
  || [ ! -x "$venv/bin/st" ] || [ ! -x "$venv/bin/cargo-lambda" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/test-tools.txt
fi
export SAM_CLI_TELEMETRY=0
