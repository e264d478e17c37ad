# Sourced by the scripts: puts a Swift toolchain on PATH when it is installed but not on PATH,
# and names the directory of shared real-world data beside the checkout.
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
  export PATH="/opt/swift/usr/bin:$PATH"
fi
SWIFTLET_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SWIFTLET_SHARED="${SWIFTLET_SHARED:-$SWIFTLET_ROOT/../shared}"
export SWIFTLET_ROOT SWIFTLET_SHARED
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
