# Sourced by scripts/demo, scripts/test and scripts/bench: installs what the portal needs, once, on a fresh
# machine. Re-runs are cheap: each step is skipped when its inputs have not changed since the last run.
# Every step prints its name. With SHOW_PROGRESS=1 (scripts/demo sets it) apt, pip and npm print their own
# progress too, so a first run that downloads for minutes never sits silent; otherwise they stay quiet.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
SHOW_PROGRESS="${SHOW_PROGRESS:-0}"
SUDO=""
[ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"

step() {
  # One line per step, so the person waiting can see where the script has got to.
  echo "==> $*"
}

apt_install() {
  # Debian packages: WeasyPrint's Pango, and (for tests) Chromium for the browser journeys.
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if command -v apt-get >/dev/null 2>&1; then
    step "Installing system packages: ${missing[*]}"
    if [ "$SHOW_PROGRESS" = "1" ]; then
      $SUDO apt-get update
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
    else
      $SUDO apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
  else
    echo "Please install these system packages: ${missing[*]}" >&2
  fi
}

python_install() {
  local extras="$1" stamp=".venv/.installed-$1" quiet=()
  [ "$SHOW_PROGRESS" = "1" ] || quiet=(-q)
  if [ ! -x .venv/bin/python ]; then
    step "Creating the Python virtual environment in .venv"
    "$PYTHON" -m venv .venv
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    step "Installing Python packages ($extras) into .venv"
    .venv/bin/python -m pip install "${quiet[@]}" --upgrade pip
    if [ "$extras" = "dev" ]; then .venv/bin/python -m pip install "${quiet[@]}" -e ".[dev]"; else .venv/bin/python -m pip install "${quiet[@]}" -e .; fi
    touch "$stamp"
  else
    step "Python packages ($extras): already installed"
  fi
}

frontend_install() {
  # Bootstrap, Chart.js and axe-core come from the npm registry; nothing third-party is committed.
  if [ ! -d node_modules/bootstrap ] || [ package.json -nt node_modules/.package-lock.json ]; then
    command -v npm >/dev/null 2>&1 || apt_install nodejs npm
    step "Installing front-end packages (Bootstrap, Chart.js, axe-core) from npm"
    if [ "$SHOW_PROGRESS" = "1" ]; then
      npm install --no-audit --no-fund --progress=true
    else
      npm install --no-audit --no-fund --silent
    fi
  else
    step "Front-end packages: already installed"
  fi
}
