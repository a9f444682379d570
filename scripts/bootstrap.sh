# Sourced by scripts/demo and scripts/test: installs what the portal needs, once, on a fresh machine.
# Re-runs are cheap: each step is skipped when its inputs have not changed since the last run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
SUDO=""
[ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"

apt_install() {
  # Debian packages: WeasyPrint's Pango, and (for tests) Chromium for the browser journeys.
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${missing[*]}"
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Please install these system packages: ${missing[*]}" >&2
  fi
}

python_install() {
  local extras="$1" stamp=".venv/.installed-$1"
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "Installing Python packages ($extras)..."
    .venv/bin/python -m pip install -q --upgrade pip
    if [ "$extras" = "dev" ]; then .venv/bin/python -m pip install -q -e ".[dev]"; else .venv/bin/python -m pip install -q -e .; fi
    touch "$stamp"
  fi
}

frontend_install() {
  # Bootstrap, Chart.js and axe-core come from the npm registry; nothing third-party is committed.
  if [ ! -d node_modules/bootstrap ] || [ package.json -nt node_modules/.package-lock.json ]; then
    command -v npm >/dev/null 2>&1 || apt_install nodejs npm
    echo "Installing front-end packages..."
    npm install --no-audit --no-fund --silent
  fi
}
